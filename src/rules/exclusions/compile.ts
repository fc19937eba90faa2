/**
 * Compiles an exclusion tree into a KQL predicate over one table's columns. String comparisons
 * become KQL's case-insensitive forms (`=~`, `!~`, `in~`, `contains`, `startswith`, `endswith`,
 * and `matches regex` with a leading `(?i)`), because the guidance that exclusions come from
 * never means case to matter (`SchTasks.exe` is `schtasks.exe`). Numeric comparisons are guarded
 * with `isnotnull()` so a null cell never makes `not(...)` drop a row.
 */
import type { Diagnostic } from '../../kql/engine.js';
import type { CompareExpr, ExclusionExpr, ExclusionValue, InExpr } from './ast.js';
import { EXC_DIAG, excAt } from './diagnostics.js';
import { type ResolvedField, resolveField, suggestField } from './fields.js';

export interface CompiledExclusion {
  /** The KQL predicate; undefined when a field could not be mapped or a value does not fit. */
  readonly kql: string | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** Each field as written → the column it maps to (mapped ones only). */
  readonly fields: ReadonlyMap<string, ResolvedField>;
}

const NUMERIC = new Set(['int', 'long', 'real', 'decimal']);

/** A KQL double-quoted string literal. */
export function kqlString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

/** A KQL identifier: bracket-quoted when it is not a plain name. */
function kqlName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `['${name.replace(/'/g, "\\'")}']`;
}

class Compiler {
  readonly diagnostics: Diagnostic[] = [];
  readonly fields = new Map<string, ResolvedField>();

  constructor(
    private readonly text: string,
    private readonly table: string,
  ) {}

  expr(e: ExclusionExpr): string {
    switch (e.kind) {
      case 'Compare':
        return this.compare(e);
      case 'In':
        return this.inList(e);
      case 'And':
        return `${this.expr(e.left)} and ${this.expr(e.right)}`;
      case 'Or':
        return `${this.expr(e.left)} or ${this.expr(e.right)}`;
      case 'Not':
        return `not(${this.expr(e.operand)})`;
      case 'Paren':
        return `(${this.expr(e.expr)})`;
      default: {
        const never: never = e;
        return never;
      }
    }
  }

  private resolve(e: CompareExpr | InExpr): ResolvedField | undefined {
    const f = resolveField(this.table, e.field.name);
    if (f) {
      this.fields.set(e.field.name, f);
      return f;
    }
    const fact = EXC_DIAG.unknownField(e.field.name, this.table, suggestField(this.table, e.field.name));
    this.diagnostics.push(excAt(fact, this.text, e.field.span.start, e.field.span.end - e.field.span.start));
    return undefined;
  }

  private valueFits(f: ResolvedField, v: ExclusionValue): boolean {
    const numeric = NUMERIC.has(f.type);
    const ok = f.type === 'string' ? v.kind === 'string' : numeric ? v.kind === 'number' : false;
    if (!ok) {
      const shown = v.kind === 'string' ? kqlString(v.value) : String(v.value);
      const fact = EXC_DIAG.valueType(f.written, f.column, f.type, shown);
      this.diagnostics.push(excAt(fact, this.text, v.span.start, v.span.end - v.span.start));
    }
    return ok;
  }

  private literal(v: ExclusionValue): string {
    return v.kind === 'string' ? kqlString(v.value) : String(v.value);
  }

  private compare(e: CompareExpr): string {
    const f = this.resolve(e);
    if (!f) return 'false';
    const col = kqlName(f.column);
    if (f.type !== 'string' && e.op !== '==' && e.op !== '!=') {
      this.diagnostics.push(
        excAt(EXC_DIAG.operatorType(e.op, f.written, f.type), this.text, e.span.start, e.span.end - e.span.start),
      );
      return 'false';
    }
    if (!this.valueFits(f, e.value)) return 'false';
    const value = this.literal(e.value);
    if (f.type !== 'string') return `(isnotnull(${col}) and ${col} ${e.op} ${value})`;
    switch (e.op) {
      case '==':
        return `${col} =~ ${value}`;
      case '!=':
        return `${col} !~ ${value}`;
      case 'contains':
      case 'startswith':
      case 'endswith':
        return `${col} ${e.op} ${value}`;
      case 'matches regex': {
        const pattern = (e.value as { value: string }).value;
        return `${col} matches regex ${kqlString(pattern.startsWith('(?i)') ? pattern : `(?i)${pattern}`)}`;
      }
      default: {
        const never: never = e.op;
        return never;
      }
    }
  }

  private inList(e: InExpr): string {
    const f = this.resolve(e);
    if (!f) return 'false';
    if (!e.values.every((v) => this.valueFits(f, v))) return 'false';
    const col = kqlName(f.column);
    const list = `(${e.values.map((v) => this.literal(v)).join(', ')})`;
    if (f.type !== 'string') return `(isnotnull(${col}) and ${col} ${e.negated ? '!in' : 'in'} ${list})`;
    return `${col} ${e.negated ? '!in~' : 'in~'} ${list}`;
  }
}

/** Compiles `expr` (parsed from `text`) for rows of `table`. */
export function compileExclusion(text: string, expr: ExclusionExpr, table: string): CompiledExclusion {
  const c = new Compiler(text, table);
  const kql = c.expr(expr);
  const failed = c.diagnostics.some((d) => d.severity === 'error');
  return { kql: failed ? undefined : kql, diagnostics: c.diagnostics, fields: c.fields };
}
