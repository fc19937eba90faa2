/**
 * Sigma detection rule → KQL on a Defender XDR table. The logsource picks the table (and the
 * ActionType values of the category), each field goes through the category's mapping (data in
 * ./mapping), each value through its modifiers (./values.ts). Comparisons are case-insensitive
 * as Sigma says (`=~`, `in~`, `contains`, `startswith`, `endswith`, `matches regex "(?i)…"`);
 * `cased` selects the `_cs` forms. Anything without an exact KQL equivalent refuses the whole
 * rule with a reason — never a looser query.
 */
import { RE2JS } from 're2js';
import { tableSchema } from '../../telemetry/schemas.js';
import { matchIdentifiers } from './condition.js';
import { and, atom, type Expr, kqlString, not, or, piecesToRegex, printExpr } from './kql.js';
import { type FieldTarget, type LogsourceMapping, mappingFor, type ValueRule } from './mapping/index.js';
import type { Cond, FieldMatch, Piece, Search, SigmaDetectionRule } from './types.js';
import { type FieldPlan, type Matcher, normalisePieces, planField } from './values.js';

export type ConversionResult =
  | {
      readonly ok: true;
      readonly query: string;
      readonly table: string;
      readonly mapping: LogsourceMapping;
      /** What the translation had to leave out (values no Defender event can carry), one sentence each. */
      readonly notes: readonly string[];
    }
  | { readonly ok: false; readonly reason: string; readonly table?: string };

/** Thrown inside the converter only; `convertDetection` turns it into a reason. */
class Refusal extends Error {}

const refuse = (reason: string): never => {
  throw new Refusal(reason);
};

type ValueType = 'string' | 'long' | 'other';

interface Operand {
  readonly text: string;
  readonly type: ValueType;
  readonly rule?: ValueRule;
}

const MAX_ALTERNATIVES_EXPANDED = 5;

export function convertDetection(rule: SigmaDetectionRule): ConversionResult {
  if (rule.problems.length > 0) return { ok: false, reason: rule.problems[0]! };
  const found = mappingFor(rule.logsource);
  if (!found.ok) return { ok: false, reason: found.reason };
  const mapping = found.mapping;
  try {
    const ctx = new Context(rule, mapping);
    const body = or(rule.conditions.map((c) => ctx.cond(c, 0, true)));
    if (body.kind === 'const')
      return {
        ok: false,
        reason: body.value
          ? 'the detection matches every event of the category'
          : `every branch of the detection needs ${[...ctx.omitted].join(', ') || 'a value'} that Defender does not record`,
        table: mapping.table,
      };
    const notes = [...ctx.omitted].map(
      (h) =>
        `Alternatives matching ${h} were left out: Defender XDR has no ${h} column, so no Defender event can match them.`,
    );
    return { ok: true, query: renderQuery(mapping, body), table: mapping.table, mapping, notes };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, reason: e.message, table: mapping.table };
    return { ok: false, reason: `internal error: ${(e as Error).message}`, table: mapping.table };
  }
}

export function renderQuery(mapping: LogsourceMapping, body: Expr): string {
  const lines = [mapping.table];
  const types = mapping.actionTypes ?? [];
  if (types.length === 1) lines.push(`| where ActionType == ${kqlString(types[0]!)}`);
  else if (types.length > 1) lines.push(`| where ActionType in (${types.map(kqlString).join(', ')})`);
  if (mapping.filter) lines.push(`| where ${mapping.filter}`);
  const conjuncts = body.kind === 'and' ? body.items : [body];
  for (const c of conjuncts) lines.push(`| where ${printExpr(c)}`);
  return `${lines.join('\n')}\n`;
}

class Context {
  private readonly columns: ReadonlyMap<string, string>;
  /** Hash algorithms whose alternatives were dropped (only where dropping narrows the match). */
  readonly omitted = new Set<string>();
  private positive = true;
  constructor(
    private readonly rule: SigmaDetectionRule,
    private readonly mapping: LogsourceMapping,
  ) {
    const schema = tableSchema(mapping.table);
    this.columns = new Map((schema?.columns ?? []).map((c) => [c.name, c.type]));
  }

  /** `positive`: the sub-condition is not under an odd number of `not`s. */
  cond(c: Cond, depth: number, positive: boolean): Expr {
    this.positive = positive;
    switch (c.kind) {
      case 'and':
        return and(c.items.map((i) => this.cond(i, depth + 1, positive)));
      case 'or':
        return or(c.items.map((i) => this.cond(i, depth + 1, positive)));
      case 'not':
        return not(this.cond(c.item, depth + 1, !positive));
      case 'ref': {
        const s = this.rule.searches.get(c.name);
        if (!s) return refuse(`the condition names '${c.name}', which the detection does not define`);
        return this.search(c.name, s);
      }
      case 'of': {
        const names = matchIdentifiers(c.pattern, [...this.rule.searches.keys()]);
        if (names.length === 0) return refuse(`'${c.pattern}' in the condition matches no search identifier`);
        const parts = names.map((n) => this.search(n, this.rule.searches.get(n)!));
        return c.quantifier === 'all' ? and(parts) : or(parts);
      }
      default:
        return c satisfies never;
    }
  }

  private search(name: string, s: Search): Expr {
    switch (s.kind) {
      case 'map':
        return and(s.items.map((i) => this.item(i)));
      case 'maps':
        return or(s.maps.map((m) => and(m.map((i) => this.item(i)))));
      case 'keywords':
        return refuse(
          this.mapping.bagFields
            ? `keyword (full-text) search '${name}': Sigma keywords match the event's rendered message, which ${this.mapping.table} does not keep; ${this.mapping.bagFields} as text is JSON (backslashes and quotes escaped, names included), so no expression is exactly equivalent`
            : `keyword (full-text) search '${name}': a ${this.mapping.table} row has no single message text to search, and no column set is exactly equivalent`,
        );
      default:
        return s satisfies never;
    }
  }

  private target(field: string): FieldTarget {
    const fields = this.mapping.fields;
    let t = fields[field] ?? Object.entries(fields).find(([k]) => k.toLowerCase() === field.toLowerCase())?.[1];
    if (!t && this.mapping.sameNameColumns && this.columns.has(field)) t = { column: field };
    if (!t && this.mapping.bagFields && /^[A-Za-z_][A-Za-z0-9_-]*$/.test(field))
      t = { bag: field, of: this.mapping.bagFields, type: 'string' };
    if (!t)
      return refuse(
        `unmapped field '${field}' (no ${this.mapping.table} column for it in ${this.mapping.category ? `category ${this.mapping.category}` : `service ${this.mapping.service}`}${this.mapping.table === 'SecurityEvent' ? '; SecurityEvent keeps other fields only in its EventData XML text, where values are XML-escaped' : ''})`,
      );
    if ('unmapped' in t) return refuse(`unmapped field '${field}': ${t.unmapped}`);
    return t;
  }

  private operand(field: string, t: FieldTarget): Operand {
    if ('column' in t) {
      const type = this.columns.get(t.column);
      if (!type) return refuse(`mapping error: ${this.mapping.table} has no column ${t.column}`);
      const vt: ValueType = type === 'string' ? 'string' : type === 'long' || type === 'int' ? 'long' : 'other';
      return { text: t.column, type: vt, ...(t.values ? { rule: t.values } : {}) };
    }
    if ('expr' in t) return { text: t.expr, type: t.type, ...(t.values ? { rule: t.values } : {}) };
    if ('bag' in t) {
      const of = t.of ?? 'AdditionalFields';
      if (this.columns.get(of) !== 'dynamic') return refuse(`mapping error: ${this.mapping.table} has no ${of}`);
      const fn = t.type === 'long' ? 'tolong' : 'tostring';
      return { text: `${fn}(${bagAccess(of, t.bag)})`, type: t.type, ...(t.values ? { rule: t.values } : {}) };
    }
    return refuse(`field '${field}' cannot be compared as a value`);
  }

  private item(item: FieldMatch): Expr {
    const planned = planField(item);
    if (!planned.ok) return refuse(planned.reason);
    const plan = planned.plan;
    if (plan.field === undefined)
      return refuse('keyword (full-text) search has no exact equivalent over Defender columns');
    const t = this.target(plan.field);
    let e: Expr;
    if ('hashes' in t) e = this.hashes(plan, t.hashes);
    else if ('predicates' in t) e = this.predicates(plan, t.predicates);
    else e = this.values(plan, this.operand(plan.field, t));
    return plan.neq ? not(e) : e;
  }

  /** A hash no Defender column holds: false where that only narrows the match, else a refusal. */
  private absentHash(algorithm: string, plan: FieldPlan): Expr {
    if (!this.positive || plan.neq || plan.all)
      return refuse(
        `unmapped hash ${algorithm}: Defender has no column for it (and leaving it out here would widen the match)`,
      );
    this.omitted.add(algorithm);
    return { kind: 'const', value: false };
  }

  private combine(plan: FieldPlan, groups: readonly Expr[]): Expr {
    return plan.all ? and(groups) : or(groups);
  }

  private hashes(plan: FieldPlan, columns: Readonly<Record<string, string>>): Expr {
    const groups = plan.matchers.map((alts) => {
      const byColumn = new Map<string, string[]>();
      const parts: Expr[] = [];
      for (const m of alts) {
        if (m.kind !== 'pattern') return refuse(`field '${plan.field}' takes hash values only`);
        const text = plainText(stripOuterAny(m.pieces));
        const hit = text ? /^([A-Za-z0-9]+)=([0-9A-Fa-f]+)$/.exec(text) : null;
        if (!hit) return refuse(`'${plan.field}' value is not ALGORITHM=hex`);
        const column = columns[hit[1]!.toUpperCase()];
        if (!column) {
          parts.push(this.absentHash(hit[1]!.toUpperCase(), plan));
          continue;
        }
        byColumn.set(column, [...(byColumn.get(column) ?? []), kqlString(hit[2]!)]);
      }
      for (const [column, values] of byColumn)
        parts.push(atom(values.length === 1 ? `${column} =~ ${values[0]}` : `${column} in~ (${values.join(', ')})`));
      return or(parts);
    });
    // Without `all`, every value is an alternative: gather them per column into one in~ list.
    if (!plan.all && groups.every((g) => g.kind === 'atom' || g.kind === 'const' || g.kind === 'or')) {
      const merged = new Map<string, string[]>();
      const rest: Expr[] = [];
      for (const g of groups.flatMap((x) => (x.kind === 'or' ? x.items : [x]))) {
        const m = g.kind === 'atom' ? /^(\w+) (?:=~|in~) \(?(.*?)\)?$/.exec(g.text) : null;
        if (m) merged.set(m[1]!, [...(merged.get(m[1]!) ?? []), ...splitLiterals(m[2]!)]);
        else rest.push(g);
      }
      return or([
        ...[...merged].map(([c, v]) => atom(v.length === 1 ? `${c} =~ ${v[0]}` : `${c} in~ (${v.join(', ')})`)),
        ...rest,
      ]);
    }
    return this.combine(plan, groups);
  }

  private predicates(plan: FieldPlan, table: Readonly<Record<string, string>>): Expr {
    const groups = plan.matchers.map((alts) =>
      or(
        alts.map((m) => {
          const text =
            m.kind === 'pattern' && m.pieces.every((p) => p.kind === 'text')
              ? m.pieces.map((p) => (p as { text: string }).text).join('')
              : undefined;
          if (text === undefined && m.kind === 'pattern' && m.pieces.length === 0)
            return refuse(`'${plan.field}' has an empty value`);
          if (text === undefined) return refuse(`'${plan.field}' takes exact values only`);
          const p = table[text.toLowerCase()];
          if (!p) return refuse(`value '${text}' of '${plan.field}' has no Defender equivalent`);
          return p === 'true' ? ({ kind: 'const', value: true } as Expr) : atom(p);
        }),
      ),
    );
    return this.combine(plan, groups);
  }

  private values(plan: FieldPlan, op: Operand): Expr {
    const groups = plan.matchers.map((alts) => or(this.alternatives(plan, op, alts)));
    return this.combine(plan, groups);
  }

  /** One value's alternatives; exact string values on the same operand collapse into `in~`. */
  private alternatives(plan: FieldPlan, op: Operand, alts: readonly Matcher[]): Expr[] {
    const out: Expr[] = [];
    const exact: string[] = [];
    for (const m of alts) {
      const e = this.matcher(plan, op, m);
      if (typeof e === 'string') exact.push(e);
      else out.push(e);
    }
    if (exact.length === 1) out.unshift(atom(`${op.text} ${plan.cased ? '==' : '=~'} ${exact[0]}`));
    else if (exact.length > 1) out.unshift(atom(`${op.text} ${plan.cased ? 'in' : 'in~'} (${exact.join(', ')})`));
    return out;
  }

  /** An Expr, or a literal (already KQL text) when the matcher is plain string equality. */
  private matcher(plan: FieldPlan, op: Operand, m: Matcher): Expr | string {
    const field = plan.field ?? '';
    switch (m.kind) {
      case 'null':
        return atom(op.type === 'string' ? `isempty(${op.text})` : `isnull(${op.text})`);
      case 'exists':
        return atom(
          op.type === 'string'
            ? `${m.value ? 'isnotempty' : 'isempty'}(${op.text})`
            : `${m.value ? 'isnotnull' : 'isnull'}(${op.text})`,
        );
      case 'fieldref': {
        const other = this.target(m.field);
        if (!('column' in other || 'expr' in other || 'bag' in other))
          return refuse(`'fieldref' to '${m.field}' is not a value field`);
        const o = this.operand(m.field, other);
        if (o.type !== op.type) return refuse(`'fieldref' compares '${field}' and '${m.field}' of different types`);
        return atom(`${op.text} ${plan.cased || op.type !== 'string' ? '==' : '=~'} ${o.text}`);
      }
      case 'cidr': {
        if (op.type !== 'string') return refuse(`'cidr' on '${field}', which is not an address`);
        const v6 = m.range.includes(':');
        if (!/^[0-9A-Fa-f:.]+\/\d{1,3}$/.test(m.range)) return refuse(`'${m.range}' is not a CIDR range`);
        return atom(`${v6 ? 'ipv6_is_in_range' : 'ipv4_is_in_range'}(${op.text}, ${kqlString(m.range)})`);
      }
      case 're': {
        if (op.rule === 'registryData' || op.rule === 'pipeName')
          return refuse(`'re' on '${field}', whose values Defender spells differently`);
        if (op.rule === 'registryHive' && /HK(LM|U|CU|CR|CC)\\\\|CurrentControlSet/i.test(m.pattern))
          return refuse(
            `'re' on '${field}' names a hive abbreviation or CurrentControlSet, which Defender spells differently (HKEY_LOCAL_MACHINE, ControlSet001)`,
          );
        const flags = m.flags;
        const pattern = flags ? `(?${flags})${m.pattern}` : m.pattern;
        try {
          RE2JS.compile(pattern);
        } catch (e) {
          return refuse(`regular expression of '${field}' is not RE2 syntax (${(e as Error).message})`);
        }
        return atom(`${textOf(op).text} matches regex ${kqlString(pattern)}`);
      }
      case 'compare': {
        const subject =
          op.type === 'long'
            ? op.text
            : op.type === 'string'
              ? `tolong(${op.text})`
              : refuse(`'${field}' is not numeric`);
        return atom(`${subject} ${m.op} ${m.value}`);
      }
      case 'pattern':
        return this.pattern(plan, op, m.pieces);
      default:
        return m satisfies never;
    }
  }

  private pattern(plan: FieldPlan, op: Operand, raw: readonly Piece[]): Expr | string {
    const field = plan.field ?? '';
    let pieces = normalisePieces(raw);
    if (op.rule === 'hexNumber' || op.type === 'long') {
      const text = plainText(pieces);
      if (text !== undefined) {
        const n = /^0x[0-9a-f]+$/i.test(text)
          ? Number.parseInt(text, 16)
          : /^-?\d+$/.test(text)
            ? Number(text)
            : Number.NaN;
        if (Number.isSafeInteger(n)) return atom(`${op.text} == ${n}`);
        if (op.rule === 'hexNumber') return refuse(`'${field}' value '${text}' is not a number`);
      }
      return this.stringPattern(plan, textOf(op), pieces);
    }
    if (op.type !== 'string') return refuse(`'${field}' is not a string column`);
    if (op.rule === 'registryHive') {
      pieces = registryHive(field, pieces);
      const variants = registrySpellings(pieces);
      if (variants.length > 1)
        return orMatch(
          variants.map((v) => this.stringPattern(plan, op, v)),
          op,
          plan,
        );
    }
    // Defender and Sysmon-derived rows spell pipe names and DWORD data differently; the same fact
    // in either spelling matches (docs/sigma.md).
    if (op.rule === 'pipeName') {
      const prefixed = pipeName(pieces);
      if (prefixed !== pieces)
        return orMatch([this.stringPattern(plan, op, prefixed), this.stringPattern(plan, op, pieces)], op, plan);
    }
    if (op.rule === 'registryData') {
      const special = registryData(field, pieces);
      if (special) return or([special, asExpr(this.stringPattern(plan, op, pieces), op, plan)]);
    }
    return this.stringPattern(plan, op, pieces);
  }

  private stringPattern(plan: FieldPlan, op: Operand, pieces: readonly Piece[]): Expr | string {
    const cs = plan.cased ? '_cs' : '';
    const classes = pieces.filter((p) => p.kind === 'class');
    if (classes.length > 0) {
      const variants = classes.reduce((n, c) => n * (c as { chars: string }).chars.length, 1);
      if (variants <= MAX_ALTERNATIVES_EXPANDED) {
        const expanded = expandClasses(pieces).map((p) => this.stringPattern(plan, op, p));
        const exact = expanded.filter((x): x is string => typeof x === 'string');
        const exprs = expanded.filter((x): x is Expr => typeof x !== 'string');
        if (exact.length > 0) exprs.unshift(atom(`${op.text} ${plan.cased ? 'in' : 'in~'} (${exact.join(', ')})`));
        return or(exprs);
      }
      return atom(`${op.text} matches regex ${kqlString(piecesToRegex(pieces, plan.cased))}`);
    }
    const n = pieces.length;
    const first = pieces[0];
    const last = pieces[n - 1];
    if (n === 0) return atom(`isempty(${op.text})`);
    if (n === 1 && first!.kind === 'text') return kqlString(first.text);
    if (n === 1 && first!.kind === 'any') return atom(`isnotempty(${op.text})`);
    if (n === 2 && first!.kind === 'text' && last!.kind === 'any')
      return atom(`${op.text} startswith${cs} ${kqlString(first.text)}`);
    if (n === 2 && first!.kind === 'any' && last!.kind === 'text')
      return atom(`${op.text} endswith${cs} ${kqlString(last.text)}`);
    if (n === 3 && first!.kind === 'any' && last!.kind === 'any' && pieces[1]!.kind === 'text')
      return atom(`${op.text} contains${cs} ${kqlString(pieces[1].text)}`);
    return atom(`${op.text} matches regex ${kqlString(piecesToRegex(pieces, plan.cased))}`);
  }
}

/** `Bag.Name`, or `Bag["Name"]` when the name is not a plain identifier (Defender's "Process Name"). */
export function bagAccess(bag: string, name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `${bag}.${name}` : `${bag}[${kqlString(name)}]`;
}

/** A literal from stringPattern as a comparison. */
function asExpr(x: Expr | string, op: Operand, plan: FieldPlan): Expr {
  return typeof x === 'string' ? atom(`${op.text} ${plan.cased ? '==' : '=~'} ${x}`) : x;
}

/** Alternatives of one value: literals stay literals (they join the in~ list), the rest is or-ed. */
function orMatch(xs: readonly (Expr | string)[], op: Operand, plan: FieldPlan): Expr | string {
  const lits = xs.filter((x): x is string => typeof x === 'string');
  if (lits.length === xs.length && lits.length > 1)
    return atom(`${op.text} ${plan.cased ? 'in' : 'in~'} (${lits.join(', ')})`);
  return or(xs.map((x) => asExpr(x, op, plan)));
}

/** The operand as Sysmon would write it: numbers in decimal, access masks as `0x…` hex. */
function textOf(op: Operand): Operand {
  if (op.type === 'string') return op;
  if (op.rule === 'hexNumber') return { text: `strcat("0x", tohex(${op.text}))`, type: 'string' };
  return { text: `tostring(${op.text})`, type: 'string' };
}

/** The literals of an `in~` list we printed ourselves (hex hashes: no commas or quotes inside). */
function splitLiterals(list: string): string[] {
  return list.split(', ');
}

function plainText(pieces: readonly Piece[]): string | undefined {
  return pieces.every((p) => p.kind === 'text') ? pieces.map((p) => (p as { text: string }).text).join('') : undefined;
}

function stripOuterAny(pieces: readonly Piece[]): readonly Piece[] {
  let s = 0;
  let e = pieces.length;
  while (s < e && pieces[s]!.kind === 'any') s++;
  while (e > s && pieces[e - 1]!.kind === 'any') e--;
  return pieces.slice(s, e);
}

function expandClasses(pieces: readonly Piece[]): Piece[][] {
  let out: Piece[][] = [[]];
  for (const p of pieces) {
    if (p.kind === 'class')
      out = out.flatMap((prefix) => [...p.chars].map((c) => [...prefix, { kind: 'text', text: c } as Piece]));
    else out = out.map((prefix) => [...prefix, p]);
  }
  return out.map(normalisePieces);
}

const HIVES: Readonly<Record<string, string>> = {
  HKLM: 'HKEY_LOCAL_MACHINE',
  HKU: 'HKEY_USERS',
  HKCR: 'HKEY_CLASSES_ROOT',
  HKCC: 'HKEY_CURRENT_CONFIG',
};

/** `HKLM\…` → `HKEY_LOCAL_MACHINE\…`; `HKCU\…` is refused (Defender puts the user's SID after the hive). */
export function registryHive(field: string, pieces: Piece[]): Piece[] {
  const first = pieces[0];
  if (first?.kind !== 'text') return pieces;
  const m = /^(HK[A-Z]{1,3})\\/i.exec(first.text);
  if (!m) return pieces;
  const abbr = m[1]!.toUpperCase();
  if (abbr === 'HKCU')
    return refuse(
      `'${field}' value starts with HKCU\\: Defender writes HKEY_CURRENT_USER\\<SID>\\…, so the path does not compare`,
    );
  const full = HIVES[abbr];
  if (!full) return pieces;
  return [{ kind: 'text', text: full + first.text.slice(abbr.length) }, ...pieces.slice(1)];
}

/**
 * The spellings of one registry path that name the same key (after registryHive): Sysmon writes the
 * active control set as `CurrentControlSet`, Defender as `ControlSet001`; Sysmon writes every user hive
 * as `HKU\<SID>`, Defender a user's own hive as `HKEY_CURRENT_USER\<SID>` and the others (`.DEFAULT`)
 * as `HKEY_USERS\…`. The first spelling is the rule's own (rows loaded from Sysmon elsewhere keep it).
 */
export function registrySpellings(pieces: readonly Piece[]): Piece[][] {
  let out: Piece[][] = [[...pieces]];
  const first = pieces[0];
  if (first?.kind === 'text' && /^HKEY_USERS\\/i.test(first.text))
    out = out.flatMap((p) => [
      p,
      [{ kind: 'text', text: `HKEY_CURRENT_USER${first.text.slice('HKEY_USERS'.length)}` } as Piece, ...p.slice(1)],
    ]);
  if (pieces.some((p) => p.kind === 'text' && /(^|\\)CurrentControlSet(\\|$)/i.test(p.text)))
    out = out.flatMap((p) => [
      p,
      p.map((x) =>
        x.kind === 'text'
          ? ({ kind: 'text', text: x.text.replace(/(^|\\)CurrentControlSet(?=\\|$)/gi, '$1ControlSet001') } as Piece)
          : x,
      ),
    ]);
  return out;
}

/** Sysmon pipe `\name` → Defender `\Device\NamedPipe\name`. */
export function pipeName(pieces: Piece[]): Piece[] {
  const first = pieces[0];
  if (first?.kind !== 'text' || !first.text.startsWith('\\')) return pieces;
  return [{ kind: 'text', text: `\\Device\\NamedPipe${first.text}` }, ...pieces.slice(1)];
}

/** Sysmon Details `DWORD (0x…)` / `Binary Data` → Defender value type and data; other spellings refused. */
function registryData(field: string, pieces: readonly Piece[]): Expr | undefined {
  const inner = stripOuterAny(pieces);
  const text = plainText(inner);
  const all = pieces.map((p) => (p.kind === 'text' ? p.text : '*')).join('');
  const dword = text ? /^DWORD \(0x([0-9a-f]{8})\)$/i.exec(text) : null;
  if (dword)
    return and([
      atom('RegistryValueType =~ "Dword"'),
      atom(`RegistryValueData == ${kqlString(String(Number.parseInt(dword[1]!, 16)))}`),
    ]);
  if (text !== undefined && /^Binary Data$/i.test(text) && inner.length === pieces.length)
    return atom('RegistryValueType =~ "Binary"');
  if (/DWORD|QWORD|Binary Data/i.test(all))
    return refuse(
      `'${field}' pattern '${all}' compares Sysmon's spelling of a number; Defender stores the number itself`,
    );
  return undefined;
}
