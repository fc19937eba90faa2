/**
 * A seeded, grammar-driven generator of valid KQL queries for the analyzer differential test.
 * Queries are built from the documented surface: a catalog table (or print / range / datatable),
 * a pipeline of tabular operators, and typed scalar expressions over the columns in scope —
 * literals of every scalar type (ISO and documented non-ISO datetime forms), operators with the
 * operand types Kusto defines for them, and calls of library functions with their documented
 * parameter types. It also uses the forms real queries write and a strict parser trips over:
 * `guid` / `bool` as column names, `['long']`, `.[0]` path steps, named call arguments,
 * `where Flag = true`, text-vs-number comparisons, trailing commas in a datatable schema.
 *
 * Every query is meant to be valid; the test sends each to Microsoft's analyzer and to ours and
 * counts accept/reject disagreements. Deterministic for a seed.
 */

export type T = 'bool' | 'int' | 'long' | 'real' | 'decimal' | 'string' | 'datetime' | 'timespan' | 'guid' | 'dynamic';

export interface GenColumn {
  readonly name: string;
  readonly type: T;
}

export interface GenTable {
  readonly name: string;
  readonly columns: readonly GenColumn[];
}

/** mulberry32: small, fast, good enough for test input. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NUMERIC: readonly T[] = ['int', 'long', 'real', 'decimal'];
const ALL_TYPES: readonly T[] = [
  'bool',
  'int',
  'long',
  'real',
  'decimal',
  'string',
  'datetime',
  'timespan',
  'guid',
  'dynamic',
];

/**
 * Scalar functions with their documented parameter and result types ('num' = any numeric type).
 * Each name must exist in our library (the test checks it), so this list is the generator's view
 * of the function surface. Parameters Kusto wants as constants are `regex`, `format`, `period`;
 * `array` / `bag` are dynamic values of that shape.
 */
type P = T | 'num' | 'regex' | 'format' | 'period' | 'array' | 'bag' | 'digits';
const FUNCTIONS: readonly (readonly [string, readonly P[], T])[] = [
  ['strlen', ['string'], 'long'],
  ['tolower', ['string'], 'string'],
  ['toupper', ['string'], 'string'],
  ['strcat', ['string', 'string'], 'string'],
  ['strcat_delim', ['string', 'string', 'string'], 'string'],
  ['substring', ['string', 'long', 'long'], 'string'],
  ['indexof', ['string', 'string'], 'long'],
  ['replace_string', ['string', 'string', 'string'], 'string'],
  ['reverse', ['string'], 'string'],
  ['trim', ['regex', 'string'], 'string'],
  ['trim_start', ['regex', 'string'], 'string'],
  ['extract', ['regex', 'long', 'string'], 'string'],
  ['countof', ['string', 'string'], 'long'],
  ['split', ['string', 'string'], 'dynamic'],
  ['isempty', ['string'], 'bool'],
  ['isnotempty', ['string'], 'bool'],
  ['tostring', ['long'], 'string'],
  ['tostring', ['datetime'], 'string'],
  ['tolong', ['string'], 'long'],
  ['toint', ['string'], 'int'],
  ['toreal', ['string'], 'real'],
  ['todouble', ['long'], 'real'],
  ['todatetime', ['string'], 'datetime'],
  ['totimespan', ['string'], 'timespan'],
  ['tobool', ['string'], 'bool'],
  ['toguid', ['string'], 'guid'],
  ['todynamic', ['string'], 'dynamic'],
  ['parse_json', ['string'], 'dynamic'],
  ['abs', ['long'], 'long'],
  ['abs', ['real'], 'real'],
  ['round', ['real', 'digits'], 'real'],
  ['floor', ['real', 'real'], 'real'],
  ['sqrt', ['real'], 'real'],
  ['log10', ['real'], 'real'],
  ['exp', ['real'], 'real'],
  ['pow', ['real', 'real'], 'real'],
  ['sign', ['real'], 'real'],
  ['bin', ['long', 'long'], 'long'],
  ['bin', ['datetime', 'timespan'], 'datetime'],
  ['startofday', ['datetime'], 'datetime'],
  ['startofweek', ['datetime'], 'datetime'],
  ['endofmonth', ['datetime'], 'datetime'],
  ['dayofweek', ['datetime'], 'timespan'],
  ['hourofday', ['datetime'], 'int'],
  ['getyear', ['datetime'], 'int'],
  ['datetime_add', ['period', 'long', 'datetime'], 'datetime'],
  ['datetime_diff', ['period', 'datetime', 'datetime'], 'long'],
  ['format_datetime', ['datetime', 'format'], 'string'],
  ['ago', ['timespan'], 'datetime'],
  ['now', [], 'datetime'],
  ['array_length', ['array'], 'long'],
  ['bag_keys', ['bag'], 'dynamic'],
  ['pack_array', ['long', 'string'], 'dynamic'],
  ['bag_pack', ['string', 'long'], 'dynamic'],
  ['array_concat', ['array', 'array'], 'dynamic'],
  ['set_has_element', ['array', 'string'], 'bool'],
  ['iff', ['bool', 'string', 'string'], 'string'],
  ['iff', ['bool', 'long', 'long'], 'long'],
  ['coalesce', ['string', 'string'], 'string'],
  ['isnull', ['long'], 'bool'],
  ['isnotnull', ['datetime'], 'bool'],
  ['not', ['bool'], 'bool'],
  ['hash_sha256', ['string'], 'string'],
  ['hash', ['string'], 'long'],
  ['base64_encode_tostring', ['string'], 'string'],
  ['url_encode', ['string'], 'string'],
  ['parse_url', ['string'], 'dynamic'],
  ['parse_path', ['string'], 'dynamic'],
  ['ipv4_is_private', ['string'], 'bool'],
  ['ipv4_is_in_range', ['string', 'string'], 'bool'],
  ['parse_ipv4', ['string'], 'long'],
  ['new_guid', [], 'guid'],
  ['tohex', ['long'], 'string'],
  ['binary_and', ['long', 'long'], 'long'],
  ['gettype', ['dynamic'], 'string'],
  ['max_of', ['long', 'long'], 'long'],
  ['min_of', ['real', 'real'], 'real'],
  ['case', ['bool', 'string', 'string'], 'string'],
];

/** Aggregates for summarize: name, argument type (undefined = no argument), result type. */
const AGGREGATES: readonly (readonly [string, P | undefined, T])[] = [
  ['count', undefined, 'long'],
  ['dcount', 'string', 'long'],
  ['sum', 'num', 'real'],
  ['avg', 'num', 'real'],
  ['min', 'datetime', 'datetime'],
  ['max', 'long', 'long'],
  ['make_set', 'string', 'dynamic'],
  ['make_list', 'long', 'dynamic'],
  ['countif', 'bool', 'long'],
  ['take_any', 'string', 'string'],
  ['arg_max', 'datetime', 'datetime'],
  ['stdev', 'real', 'real'],
  ['percentile', 'long', 'long'],
];

export const GENERATOR_FUNCTION_NAMES: readonly string[] = [
  ...new Set([...FUNCTIONS.map((f) => f[0]), ...AGGREGATES.map((a) => a[0])]),
];

const WORDS = ['alpha', 'Beta', 'x', '', 'svc-01', 'C:\\\\Windows', 'a b', '0', '50126', 'true'];
const NON_ISO_DATES = [
  '2024-01-31',
  '2024-01-31 12:30',
  '2015-12-31 23:59:59.9',
  '2014-05-25T08:20:03.123456Z',
  '2014-11-08 15:55:55.123456Z',
  '"12-02-2022"',
  '"01/16/2022 00:00:00"',
  '"Sat, 8 Nov 14 15:05:02 GMT"',
  '"Saturday, 08-Nov-14 15:05:02 GMT"',
  '8 Nov 14 15:05',
];

export class QueryGenerator {
  private readonly r: () => number;
  private fresh = 0;
  /** Text of the current query's source, for join right sides. */
  private lastSource: string | undefined;
  /** Whether the current query defines `twice(x)`. */
  private hasFunction = false;

  constructor(
    seed: number,
    private readonly tables: readonly GenTable[],
  ) {
    this.r = rng(seed);
  }

  private int(n: number): number {
    return Math.floor(this.r() * n);
  }

  private pick<X>(xs: readonly X[]): X {
    return xs[this.int(xs.length)] as X;
  }

  private chance(p: number): boolean {
    return this.r() < p;
  }

  private newName(): string {
    this.fresh++;
    // `guid` and `bool` are ordinary names in Kusto; the type keywords need brackets.
    const style = this.int(10);
    if (style === 0) return 'guid';
    if (style === 1) return 'bool';
    if (style === 2) return `['long']`;
    if (style === 3) return `['Col ${this.fresh}']`;
    return `c${this.fresh}`;
  }

  /** A reference to a column (bracketed when its name needs it). */
  private ref(c: GenColumn): string {
    if (/^[A-Za-z_][A-Za-z_0-9]*$/.test(c.name) && !KEYWORD_NAMES.has(c.name)) return c.name;
    return `['${c.name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
  }

  literal(t: T): string {
    switch (t) {
      case 'bool':
        return this.pick(['true', 'false', 'bool(true)']);
      case 'int':
        return `int(${this.int(100)})`;
      case 'long':
        return this.pick([String(this.int(1000)), '0', '50126', `long(${this.int(9)})`, `-${this.int(50)}`]);
      case 'real':
        return this.pick(['1.5', '0.25', `real(${this.int(9)})`, '2e3', `${this.int(99)}.0`]);
      case 'decimal':
        return `decimal(${this.int(99)}.5)`;
      case 'string':
        return this.pick([`"${this.pick(WORDS)}"`, `'${this.pick(WORDS)}'`, `@"${this.pick(WORDS)}"`]);
      case 'datetime':
        return `datetime(${this.pick(NON_ISO_DATES)})`;
      case 'timespan':
        return this.pick(['1h', '30m', '7d', '10s', 'time(1.02:03:04)', 'timespan(2d)', '1.5h']);
      case 'guid':
        return 'guid(74be27de-1e4e-49d9-b579-fe0b331d3642)';
      case 'dynamic':
        return this.pick(['dynamic([1, 2, 3])', 'dynamic({"a": 1, "b": ["x"]})', 'dynamic(null)', 'dynamic("s")']);
    }
  }

  private numericType(): T {
    return this.pick(NUMERIC);
  }

  /** An expression of type `t` over `cols`; depth bounds the nesting. */
  expr(t: T, cols: readonly GenColumn[], depth: number): string {
    const own = cols.filter((c) => c.type === t);
    if (depth <= 0 || this.chance(0.3)) {
      if (own.length > 0 && this.chance(0.7)) return this.ref(this.pick(own));
      return this.literal(t);
    }
    switch (t) {
      case 'bool':
        // comparisons do not chain in Kusto: a bool operand is parenthesised
        return `(${this.boolExpr(cols, depth - 1)})`;
      case 'int':
      case 'long':
      case 'real':
      case 'decimal':
        if (this.chance(0.4)) {
          const op = this.pick(['+', '-', '*']);
          return `${this.expr(t, cols, depth - 1)} ${op} ${this.expr(this.pick(['int', 'long'] as const), cols, depth - 1)}`;
        }
        return this.call(t, cols, depth);
      case 'datetime':
        if (this.chance(0.3))
          return `${this.expr('datetime', cols, depth - 1)} ${this.pick(['+', '-'])} ${this.literal('timespan')}`;
        return this.call(t, cols, depth);
      case 'timespan':
        if (this.chance(0.4))
          return `${this.expr('datetime', cols, depth - 1)} - ${this.expr('datetime', cols, depth - 1)}`;
        return this.call(t, cols, depth);
      case 'dynamic':
        if (this.chance(0.3)) {
          // Kusto tracks array and bag shapes of dynamic values: index arrays, name into bags
          if (this.chance(0.5)) {
            const a = this.arg('array', cols, depth - 1);
            return this.pick([`${a}[0]`, `${a}.[0]`, `${a}[-1]`]);
          }
          const b = this.arg('bag', cols, depth - 1);
          return this.pick([`${b}.a`, `${b}["b"]`, `${b}.['a']`, `${b}.b[0]`, `${b}.['k']`]);
        }
        return this.call(t, cols, depth);
      default:
        return this.call(t, cols, depth);
    }
  }

  private call(t: T, cols: readonly GenColumn[], depth: number): string {
    const fns = FUNCTIONS.filter((f) => f[2] === t || (t === 'int' && f[2] === 'long'));
    if (fns.length === 0) return this.literal(t);
    const [name, params] = this.pick(fns);
    const args = params.map((p) => this.arg(p, cols, depth - 1));
    if (name === 'iff' && this.chance(0.2)) return `iif(${args.join(', ')})`;
    // Named arguments are passed by position (Kusto accepts any name).
    if (args.length > 1 && this.chance(0.05)) args[0] = `arg0=${args[0]}`;
    return `${name}(${args.join(', ')})`;
  }

  private arg(p: P, cols: readonly GenColumn[], depth: number): string {
    switch (p) {
      case 'num':
        return this.expr(this.numericType(), cols, depth);
      case 'regex':
        return this.pick(['@"\\s+"', '"[a-z]+"', '@"(\\d+)"', '"x"']);
      case 'format':
        return this.pick(['"yyyy-MM-dd"', '"HH:mm:ss"', "'yy-M-d h:m'"]);
      case 'digits':
        return String(this.int(5));
      case 'period':
        return `"${this.pick(['day', 'hour', 'minute', 'month', 'year', 'second', 'week'])}"`;
      case 'array': {
        const cands = [
          'dynamic([1, 2, 3])',
          'dynamic(["a"])',
          `pack_array(${this.literal('long')})`,
          `split(${this.expr('string', cols, 0)}, ",")`,
        ];
        return this.pick(cands);
      }
      case 'bag':
        return this.pick([
          'dynamic({"a": 1})',
          `bag_pack("k", ${this.literal('long')})`,
          `parse_url(${this.literal('string')})`,
        ]);
      default:
        return this.expr(p as T, cols, depth);
    }
  }

  boolExpr(cols: readonly GenColumn[], depth: number): string {
    const k = this.int(12);
    const s = () => this.expr('string', cols, depth);
    switch (k) {
      case 0:
      case 1: {
        // any two types compare with == / != (text against number compares as text)
        const lt = this.pick(ALL_TYPES);
        const rt = this.chance(0.5) ? lt : this.pick(ALL_TYPES);
        return `${this.expr(lt, cols, depth)} ${this.pick(['==', '!=', '<>'])} ${this.expr(rt, cols, depth)}`;
      }
      case 2: {
        const t = this.pick(['int', 'long', 'real', 'datetime', 'timespan'] as const);
        const rt = NUMERIC.includes(t) ? this.numericType() : t;
        return `${this.expr(t, cols, depth)} ${this.pick(['<', '<=', '>', '>='])} ${this.expr(rt, cols, depth)}`;
      }
      case 3:
        return `${s()} ${this.pick(['has', '!has', 'has_cs', 'hasprefix', 'hassuffix', '!hassuffix_cs'])} ${this.literal('string')}`;
      case 4:
        return `${s()} ${this.pick(['contains', '!contains', 'startswith', 'endswith_cs', '=~', '!~', 'like', 'matches regex', 'notcontains'])} ${this.expr('string', cols, depth)}`;
      case 5: {
        const lt = this.pick(['string', 'long', 'int'] as const);
        const items = Array.from({ length: 1 + this.int(3) }, () =>
          this.literal(this.pick(['string', 'long'] as const)),
        );
        return `${this.expr(lt, cols, depth)} ${this.pick(['in', '!in'])} (${items.join(', ')})`;
      }
      case 6: {
        const items = Array.from({ length: 1 + this.int(3) }, () => this.literal('string'));
        return `${s()} ${this.pick(['in~', '!in~', 'has_any', 'has_all'])} (${items.join(', ')})`;
      }
      case 7: {
        const t = this.pick(['long', 'real', 'datetime', 'timespan'] as const);
        const hi = t === 'datetime' && this.chance(0.3) ? this.literal('timespan') : this.expr(t, cols, 0);
        return `${this.expr(t, cols, depth)} ${this.pick(['between', '!between'])} (${this.expr(t, cols, 0)} .. ${hi})`;
      }
      case 8:
        return `${this.boolExpr(cols, depth - 1)} ${this.pick(['and', 'or'])} ${this.boolExpr(cols, depth - 1)}`;
      case 9:
        return `(${this.boolExpr(cols, depth - 1)})`;
      case 10:
        return `${this.expr('bool', cols, depth)} == ${this.pick(['true', 'false', '"true"', '1', '0'])}`;
      default:
        return this.call('bool', cols, depth);
    }
  }

  /** A source and its columns. */
  private source(): { text: string; cols: GenColumn[] } {
    const k = this.int(10);
    if (k < 7 && this.tables.length > 0) {
      const t = this.pick(this.tables);
      return { text: t.name, cols: [...t.columns] };
    }
    if (k === 7) return { text: 'range x from 1 to 5 step 1', cols: [{ name: 'x', type: 'long' }] };
    if (k === 8) {
      const cols: GenColumn[] = [
        { name: 'Name', type: 'string' },
        { name: 'Value', type: 'long' },
        { name: 'When', type: 'datetime' },
      ];
      const comma = this.chance(0.3) ? ', ' : '';
      const rows = Array.from({ length: 2 }, () => cols.map((c) => this.literal(c.type)).join(', ')).join(',\n  ');
      return { text: `datatable(Name:string, Value:long, When:datetime${comma})\n[\n  ${rows}\n]`, cols };
    }
    const name = this.newName();
    return { text: `print ${name} = ${this.literal('long')}`, cols: [{ name: unbracket(name), type: 'long' }] };
  }

  /** One tabular operator over `cols`; returns its text and output columns. */
  private operator(cols: GenColumn[]): { text: string; cols: GenColumn[] } {
    const k = this.int(17);
    const typed = (t: T) => cols.filter((c) => c.type === t);
    switch (k) {
      case 0:
      case 1:
      case 2: {
        // `where Flag = true`: Kusto reads a named predicate
        const bools = typed('bool');
        if (bools.length > 0 && this.chance(0.1)) return { text: `where ${this.ref(this.pick(bools))} = true`, cols };
        return { text: `${this.pick(['where', 'where', 'filter'])} ${this.boolExpr(cols, 2)}`, cols };
      }
      case 3:
      case 4: {
        const n = 1 + this.int(2);
        const items: string[] = [];
        const out = [...cols];
        const used = new Set<string>();
        for (let i = 0; i < n; i++) {
          const t = this.pick(ALL_TYPES);
          let name = this.newName();
          while (used.has(name)) name = this.newName();
          used.add(name);
          items.push(`${name} = ${this.expr(t, cols, 3)}`);
          const plain = unbracket(name);
          const at = out.findIndex((c) => c.name === plain);
          if (at >= 0) out.splice(at, 1);
          out.push({ name: plain, type: t });
        }
        return { text: `extend ${items.join(', ')}`, cols: out };
      }
      case 5: {
        if (cols.length === 0) return { text: 'take 5', cols };
        const chosen = [...new Set(Array.from({ length: 1 + this.int(3) }, () => this.pick(cols)))];
        return { text: `project ${chosen.map((c) => this.ref(c)).join(', ')}`, cols: chosen };
      }
      case 6: {
        const [name, argType, result] = this.pick(AGGREGATES);
        const arg = argType === undefined ? '' : this.arg(argType, cols, 1);
        const out = this.newName();
        const keys = cols.filter((c) => c.type === 'string' || c.type === 'datetime' || c.type === 'long');
        const byCols: GenColumn[] = [];
        let by = '';
        if (keys.length > 0 && this.chance(0.7)) {
          const key = this.pick(keys);
          if (key.type === 'datetime') {
            // a named first argument names the `by` column
            const named = this.chance(0.3);
            by = named ? ` by bin(T5=${this.ref(key)}, 5m)` : ` by bin(${this.ref(key)}, 1h)`;
            byCols.push({ name: named ? 'T5' : key.name, type: 'datetime' });
          } else {
            by = ` by ${this.ref(key)}`;
            byCols.push(key);
          }
        }
        const aggText = name === 'percentile' ? `${name}(${arg}, 95)` : `${name}(${arg})`;
        if (name === 'arg_max') return { text: `summarize arg_max(${arg}, *)${by}`, cols };
        return {
          text: `summarize ${out} = ${aggText}${by}`,
          cols: [...byCols, { name: unbracket(out), type: result }],
        };
      }
      case 7:
        return { text: `take ${this.int(20)}`, cols };
      case 8: {
        if (cols.length === 0) return { text: 'count', cols: [{ name: 'Count', type: 'long' }] };
        return {
          text: `sort by ${this.ref(this.pick(cols.filter((c) => c.type !== 'dynamic')) ?? cols[0]!)} ${this.pick(['asc', 'desc', ''])}`.trimEnd(),
          cols,
        };
      }
      case 9: {
        const orderable = cols.filter((c) => c.type !== 'dynamic');
        if (orderable.length === 0) return { text: 'take 1', cols };
        return { text: `top ${1 + this.int(9)} by ${this.ref(this.pick(orderable))}`, cols };
      }
      case 10: {
        const scalar = cols.filter((c) => c.type !== 'dynamic');
        if (scalar.length === 0) return { text: 'count', cols: [{ name: 'Count', type: 'long' }] };
        const c = this.pick(scalar);
        return { text: `distinct ${this.ref(c)}`, cols: [c] };
      }
      case 11:
        return { text: 'count', cols: [{ name: 'Count', type: 'long' }] };
      case 12: {
        if (cols.length < 2) return { text: 'take 3', cols };
        const c = this.pick(cols);
        return { text: `project-away ${this.ref(c)}`, cols: cols.filter((x) => x !== c) };
      }
      case 13: {
        // join against an aggregate of the same input shape: semi/anti keep the left columns
        const keys = cols.filter((c) => c.type === 'string' || c.type === 'long');
        if (keys.length === 0 || !this.lastSource) return { text: 'take 2', cols };
        const key = this.pick(keys);
        const kind = this.pick(['leftsemi', 'leftanti', 'inner', 'leftouter'] as const);
        const right = `${this.lastSource} | summarize n = count() by ${this.ref(key)}`;
        const text = `join kind=${kind} (${right}) on ${this.ref(key)}`;
        if (kind === 'leftsemi' || kind === 'leftanti') return { text, cols };
        const dup = cols.some((c) => c.name === 'n') ? [] : [{ name: 'n', type: 'long' as T }];
        return { text: `${text}\n| project-away ${this.ref(key)}1`, cols: [...cols, ...dup] };
      }
      case 14: {
        const strings = typed('string');
        if (strings.length === 0) return { text: 'take 4', cols };
        const name = `p${++this.fresh}`;
        const type = this.pick(['string', 'long'] as const);
        return {
          text: `parse ${this.ref(this.pick(strings))} with * "=" ${name}:${type} "," *`,
          cols: [...cols, { name, type }],
        };
      }
      case 15: {
        // a user function defined in the query, called on a column
        const longs = cols.filter((c) => c.type === 'long' || c.type === 'int');
        if (longs.length === 0 || !this.hasFunction) return { text: 'take 6', cols };
        const name = `u${++this.fresh}`;
        return {
          text: `extend ${name} = twice(${this.ref(this.pick(longs))})`,
          cols: [...cols, { name, type: 'long' }],
        };
      }
      default: {
        const dyn = typed('dynamic');
        if (dyn.length === 0) return { text: 'take 10', cols };
        const c = this.pick(dyn);
        return { text: `mv-expand ${this.ref(c)}`, cols };
      }
    }
  }

  /** One whole query, sometimes with `let` statements in front. */
  query(): string {
    const lets: string[] = [];
    const letCols: GenColumn[] = [];
    this.hasFunction = this.chance(0.3);
    if (this.hasFunction) lets.push('let twice = (x:long) { x * 2 };');
    if (this.chance(0.2)) {
      const t = this.pick(['long', 'string', 'datetime', 'timespan'] as const);
      const name = this.pick(['guid', 'bool', 'Threshold', 'lookback']);
      lets.push(`let ${name} = ${this.literal(t)};`);
      letCols.push({ name, type: t });
    }
    const src = this.source();
    this.lastSource = src.text.includes('\n') || src.text.startsWith('print') ? undefined : src.text;
    let cols = src.cols;
    const ops: string[] = [];
    const n = 1 + this.int(4);
    for (let i = 0; i < n; i++) {
      const op = this.operator([...cols, ...letCols.filter((l) => !cols.some((c) => c.name === l.name))]);
      ops.push(op.text);
      cols = op.cols.filter((c) => !letCols.includes(c));
    }
    return [...lets, [src.text, ...ops].join('\n| ')].join('\n');
  }
}

const KEYWORD_NAMES: ReadonlySet<string> = new Set([
  'boolean',
  'int',
  'int32',
  'long',
  'int64',
  'real',
  'double',
  'float',
  'decimal',
  'string',
  'datetime',
  'date',
  'timespan',
  'time',
  'uniqueid',
  'dynamic',
]);

function unbracket(name: string): string {
  const m = /^\['(.*)'\]$/.exec(name);
  return m ? (m[1] as string) : name;
}
