/**
 * Tokens produced by the lexer. KQL keywords are contextual (`count`, `kind`, `table` are also
 * column names), so every word is an `ident` token and the parser decides by position.
 */

export type TokenKind =
  /** A word: identifier, keyword, `$left`, joined hyphenated keyword (`mv-expand`), `!has`, `in~`. */
  | 'ident'
  /** Integer, real or hex number; `text` is the source text. */
  | 'number'
  /** Number with a time unit (`5d`, `1.5h`, `100ms`, `10ticks`). */
  | 'timespan'
  /** One string literal of any form; `value` holds the decoded text. */
  | 'string'
  /** `datetime(...)`, `time(...)`, `guid(...)`, `int(...)`, …: `value` is the keyword, `body` the raw text inside. */
  | 'typed'
  /** Punctuation and symbolic operators; `text` is the symbol. */
  | 'punct'
  /** A character that cannot start any token (a diagnostic was recorded). */
  | 'bad'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Decoded string value ('string'), or the literal keyword in lower case ('typed'). */
  readonly value: string;
  /** Raw text between the parentheses of a 'typed' literal. */
  readonly body: string;
}

/** Words that start a typed literal when followed by `(`: their contents are not ordinary tokens. */
export const TYPED_LITERAL_WORDS: ReadonlySet<string> = new Set([
  'datetime',
  'date',
  'time',
  'timespan',
  'guid',
  'uniqueid',
  'int',
  'long',
  'real',
  'double',
  'decimal',
  'bool',
  'boolean',
  'int64',
  'int32',
  'float',
]);

/** Hyphenated keywords; the lexer joins `word-word` into one token only for these (no spaces). */
export const HYPHENATED_WORDS: ReadonlySet<string> = new Set([
  'project-away',
  'project-keep',
  'project-rename',
  'project-reorder',
  'project-smart',
  'project-by-names',
  'mv-expand',
  'mv-apply',
  'make-series',
  'make-graph',
  'parse-where',
  'parse-kv',
  'top-nested',
  'top-hitters',
  'sample-distinct',
  'assert-schema',
  'graph-match',
  'graph-merge',
  'graph-to-table',
  'graph-shortest-paths',
  'graph-mark-components',
  'macro-expand',
  'granny-asc',
  'granny-desc',
  'execute-show-command',
]);

/** Word operators that may be negated by a directly preceding `!` (`!has`, `!in`, `!between`). */
export const NEGATABLE_WORDS: ReadonlySet<string> = new Set([
  'has',
  'has_cs',
  'hasprefix',
  'hasprefix_cs',
  'hassuffix',
  'hassuffix_cs',
  'contains',
  'contains_cs',
  'containscs',
  'startswith',
  'startswith_cs',
  'endswith',
  'endswith_cs',
  'in',
  'between',
]);

/** Symbols, longest first so the lexer can match greedily. */
export const PUNCTUATION: readonly string[] = [
  '==',
  '!=',
  '<>',
  '<=',
  '>=',
  '=~',
  '!~',
  '=>',
  '..',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ';',
  '|',
  ':',
  '.',
  '=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '!',
  '~',
  '?',
  '#',
  '&',
  '^',
  '@',
];

/** Time units a number may carry; mirrors the unit table of parseTimespan in values.ts. */
export const TIMESPAN_UNITS: ReadonlySet<string> = new Set([
  'd',
  'day',
  'days',
  'h',
  'hr',
  'hrs',
  'hour',
  'hours',
  'm',
  'min',
  'minute',
  'minutes',
  's',
  'sec',
  'second',
  'seconds',
  'ms',
  'milli',
  'millis',
  'millisecond',
  'milliseconds',
  'microsecond',
  'microseconds',
  'micro',
  'micros',
  'tick',
  'ticks',
  'nanosecond',
  'nanoseconds',
  'nano',
  'nanos',
]);

export function describeToken(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of query';
    case 'string':
      return 'a string literal';
    case 'number':
    case 'timespan':
    case 'typed':
      return `literal '${t.text.length > 30 ? `${t.text.slice(0, 30)}…` : t.text}'`;
    case 'ident':
      return `'${t.text}'`;
    case 'punct':
    case 'bad':
      return `'${t.text}'`;
    default: {
      const never: never = t.kind;
      return String(never);
    }
  }
}
