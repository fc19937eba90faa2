/**
 * The exclusion language's syntax tree. An exclusion says which rows are benign, e.g.
 * `process.parent_process_name == "schtasks.exe" or process.command_line contains "schtasks /run"`.
 * Readonly nodes with a literal `kind` and a span into the expression text.
 */
import type { Span } from '../../kql/engine.js';

export type { Span };

export type CompareOp = '==' | '!=' | 'contains' | 'startswith' | 'endswith' | 'matches regex';

export type ExclusionValue =
  | { readonly kind: 'string'; readonly value: string; readonly span: Span }
  | { readonly kind: 'number'; readonly value: number; readonly span: Span };

/** A field name as written: a generic name (`process.name`) or a table column (`FileName`). */
export interface FieldRef {
  readonly kind: 'Field';
  readonly name: string;
  readonly span: Span;
}

export interface CompareExpr {
  readonly kind: 'Compare';
  readonly field: FieldRef;
  readonly op: CompareOp;
  readonly value: ExclusionValue;
  readonly span: Span;
}

/** `field in ("a", "b")`; `field not in (...)` sets `negated`. */
export interface InExpr {
  readonly kind: 'In';
  readonly field: FieldRef;
  readonly values: readonly ExclusionValue[];
  readonly negated: boolean;
  readonly span: Span;
}

export interface AndExpr {
  readonly kind: 'And';
  readonly left: ExclusionExpr;
  readonly right: ExclusionExpr;
  readonly span: Span;
}

export interface OrExpr {
  readonly kind: 'Or';
  readonly left: ExclusionExpr;
  readonly right: ExclusionExpr;
  readonly span: Span;
}

export interface NotExpr {
  readonly kind: 'Not';
  readonly operand: ExclusionExpr;
  readonly span: Span;
}

/** Parentheses are kept so compiled KQL mirrors what the user wrote. */
export interface ParenExpr {
  readonly kind: 'Paren';
  readonly expr: ExclusionExpr;
  readonly span: Span;
}

export type ExclusionExpr = CompareExpr | InExpr | AndExpr | OrExpr | NotExpr | ParenExpr;

/** Every field reference in an expression, in source order. */
export function fieldsOf(e: ExclusionExpr, out: FieldRef[] = []): FieldRef[] {
  switch (e.kind) {
    case 'Compare':
    case 'In':
      out.push(e.field);
      return out;
    case 'And':
    case 'Or':
      fieldsOf(e.left, out);
      return fieldsOf(e.right, out);
    case 'Not':
      return fieldsOf(e.operand, out);
    case 'Paren':
      return fieldsOf(e.expr, out);
    default: {
      const never: never = e;
      return never;
    }
  }
}
