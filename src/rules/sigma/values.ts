/**
 * Sigma values and their modifiers (modifiers appendix 2.1). A field item becomes a FieldPlan:
 * what to compare (patterns with wildcards, regular expressions, CIDR ranges, numbers, null,
 * existence, another field), how the values combine (`all`), and whether case matters (`cased`).
 * Transformation modifiers (`contains`, `startswith`, `endswith`, `windash`, `base64`,
 * `base64offset`, `utf16le`/`utf16be`/`utf16`/`wide`) rewrite the values here, in the written
 * order; the KQL backend only sees the result. Anything unsupported yields a reason, not a guess.
 */
import type { FieldMatch, Piece, SigmaScalar } from './types.js';

export type Matcher =
  | { readonly kind: 'pattern'; readonly pieces: readonly Piece[] }
  | { readonly kind: 're'; readonly pattern: string; readonly flags: string }
  | { readonly kind: 'cidr'; readonly range: string }
  | { readonly kind: 'compare'; readonly op: '>' | '>=' | '<' | '<='; readonly value: number }
  | { readonly kind: 'null' }
  | { readonly kind: 'exists'; readonly value: boolean }
  | { readonly kind: 'fieldref'; readonly field: string };

export type TimePart = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

export interface FieldPlan {
  readonly field: string | undefined;
  /**
   * One entry per written value; each entry lists alternatives (OR) that value expanded into
   * (`base64offset` gives three). Entries combine with OR, or with AND under `all`.
   */
  readonly matchers: readonly (readonly Matcher[])[];
  /** `all`: every value must match (default: any). */
  readonly all: boolean;
  readonly cased: boolean;
  /** `neq`: the field differs from every value. */
  readonly neq: boolean;
  readonly timePart?: TimePart;
}

export type PlanResult =
  | { readonly ok: true; readonly plan: FieldPlan }
  | { readonly ok: false; readonly reason: string };

/** Every modifier of the appendix; `i`, `m`, `s` are the `re` sub-modifiers. */
export const KNOWN_MODIFIERS = new Set([
  'contains',
  'startswith',
  'endswith',
  'all',
  'exists',
  'cased',
  'neq',
  'windash',
  're',
  'i',
  'm',
  's',
  'base64',
  'base64offset',
  'utf16le',
  'utf16be',
  'utf16',
  'wide',
  'lt',
  'lte',
  'gt',
  'gte',
  'minute',
  'hour',
  'day',
  'week',
  'month',
  'year',
  'cidr',
  'expand',
  'fieldref',
]);

const DASHES = '-/\u2013\u2014\u2015';

/** Sigma string → pieces: `*` and `?` are wildcards; `\` escapes `*`, `?` and itself. */
export function parseWildcards(s: string): Piece[] {
  const out: Piece[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ kind: 'text', text });
    text = '';
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\') {
      const n = s[i + 1];
      if (n === '*' || n === '?' || n === '\\') {
        text += n;
        i++;
      } else text += c;
    } else if (c === '*') {
      flush();
      out.push({ kind: 'any' });
    } else if (c === '?') {
      flush();
      out.push({ kind: 'one' });
    } else text += c;
  }
  flush();
  return out;
}

/** Pieces with adjacent text merged and runs of `*` collapsed. */
export function normalisePieces(pieces: readonly Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const p of pieces) {
    const last = out[out.length - 1];
    if (p.kind === 'text' && p.text === '') continue;
    if (p.kind === 'text' && last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text + p.text };
    else if (p.kind === 'any' && last?.kind === 'any') continue;
    else out.push(p);
  }
  return out;
}

const textOf = (pieces: readonly Piece[]): string | undefined =>
  pieces.every((p) => p.kind === 'text') ? pieces.map((p) => (p as { text: string }).text).join('') : undefined;

function utf8Bytes(s: string): string {
  return Buffer.from(s, 'utf8').toString('latin1');
}

function utf16(s: string, order: 'le' | 'be', bom: boolean): string {
  const le = Buffer.from(s, 'utf16le');
  if (order === 'be') le.swap16();
  const body = le.toString('latin1');
  return bom ? (order === 'le' ? '\xff\xfe' : '\xfe\xff') + body : body;
}

/** The three base64 spellings of `bytes` at offsets 0, 1 and 2 of the encoded stream, with the unstable edges cut. */
export function base64Offsets(bytes: string): string[] {
  const out: string[] = [];
  const starts = [0, 2, 3];
  const ends = [0, -3, -2];
  for (let i = 0; i < 3; i++) {
    const b64 = Buffer.from(' '.repeat(i) + bytes, 'latin1').toString('base64');
    const end = ends[(bytes.length + i) % 3]!;
    out.push(b64.slice(starts[i]!, end === 0 ? undefined : end));
  }
  return [...new Set(out)];
}

/** Applies one field item's modifiers to its values. */
export function planField(item: FieldMatch): PlanResult {
  const mods = item.modifiers.map((m) => m.toLowerCase());
  for (const m of mods) if (!KNOWN_MODIFIERS.has(m)) return { ok: false, reason: `unsupported modifier '${m}'` };
  const has = (m: string) => mods.includes(m);
  const fail = (reason: string): PlanResult => ({ ok: false, reason });
  const base = { field: item.field, all: has('all'), cased: has('cased'), neq: has('neq') };
  const values = item.values;
  if (values.length === 0) return fail(`field '${item.field ?? '(keywords)'}' has an empty value list`);

  if (has('exists')) {
    const v = values[0];
    const b = typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined;
    if (b === undefined || values.length !== 1) return fail("'exists' needs one value, true or false");
    return { ok: true, plan: { ...base, matchers: [[{ kind: 'exists', value: b }]] } };
  }
  if (values.some((v) => v === null)) {
    if (values.length !== 1 || mods.some((m) => m !== 'cased'))
      return fail('null is its own type and cannot be part of a list or take modifiers');
    return { ok: true, plan: { ...base, matchers: [[{ kind: 'null' }]] } };
  }
  const strings = values.map((v) => String(v as Exclude<SigmaScalar, null>));

  if (has('expand')) {
    const ph = strings.map((s) => /%[A-Za-z0-9_]+%/.exec(s)?.[0]).find((x) => x);
    return fail(`placeholder ${ph ?? '(expand)'} needs an environment-specific value list`);
  }
  if (has('fieldref')) {
    if (mods.some((m) => !['fieldref', 'cased', 'neq', 'all'].includes(m)))
      return fail("'fieldref' combined with a string-matching modifier is not supported");
    return { ok: true, plan: { ...base, matchers: strings.map((f) => [{ kind: 'fieldref', field: f }]) } };
  }
  if (has('re')) {
    const flags = ['i', 'm', 's'].filter((f) => has(f)).join('');
    const extra = mods.filter((m) => !['re', 'i', 'm', 's', 'all', 'neq'].includes(m));
    if (extra.length > 0) return fail(`'re' combined with '${extra[0]}' is not supported`);
    return { ok: true, plan: { ...base, matchers: strings.map((p) => [{ kind: 're', pattern: p, flags }]) } };
  }
  if (has('cidr')) {
    const extra = mods.filter((m) => !['cidr', 'all', 'neq'].includes(m));
    if (extra.length > 0) return fail(`'cidr' combined with '${extra[0]}' is not supported`);
    return { ok: true, plan: { ...base, matchers: strings.map((r) => [{ kind: 'cidr', range: r }]) } };
  }
  const cmp = mods.find((m) => ['lt', 'lte', 'gt', 'gte'].includes(m));
  const timePart = mods.find((m) => ['minute', 'hour', 'day', 'week', 'month', 'year'].includes(m)) as
    | TimePart
    | undefined;
  if (cmp) {
    const op = ({ lt: '<', lte: '<=', gt: '>', gte: '>=' } as const)[cmp as 'lt'];
    const nums = strings.map(Number);
    if (nums.some((n) => !Number.isFinite(n))) return fail(`'${cmp}' needs a numeric value`);
    return {
      ok: true,
      plan: {
        ...base,
        ...(timePart ? { timePart } : {}),
        matchers: nums.map((value) => [{ kind: 'compare', op, value }]),
      },
    };
  }

  // String transformations, in the order written: value → alternatives → pieces.
  let current: Piece[][][] = strings.map((s) => [parseWildcards(s)]);
  const each = (f: (p: Piece[]) => Piece[]) => {
    current = current.map((alts) => alts.map(f));
  };
  let bytes: 'text' | 'binary' = 'text';
  for (const m of mods) {
    switch (m) {
      case 'contains':
        each((p) => normalisePieces([{ kind: 'any' }, ...p, { kind: 'any' }]));
        break;
      case 'startswith':
        each((p) => normalisePieces([...p, { kind: 'any' }]));
        break;
      case 'endswith':
        each((p) => normalisePieces([{ kind: 'any' }, ...p]));
        break;
      case 'windash':
        each((p) =>
          normalisePieces(
            p.flatMap((x): Piece[] =>
              x.kind !== 'text'
                ? [x]
                : [...x.text].map(
                    (c): Piece => (DASHES.includes(c) ? { kind: 'class', chars: DASHES } : { kind: 'text', text: c }),
                  ),
            ),
          ),
        );
        break;
      case 'utf16le':
      case 'wide':
      case 'utf16be':
      case 'utf16': {
        if (current.some((alts) => alts.some((p) => textOf(p) === undefined)))
          return fail(`'${m}' on a value with wildcards`);
        each((p) => [{ kind: 'text', text: utf16(textOf(p)!, m === 'utf16be' ? 'be' : 'le', m === 'utf16') }]);
        bytes = 'binary';
        break;
      }
      case 'base64':
      case 'base64offset': {
        if (current.some((alts) => alts.some((p) => textOf(p) === undefined)))
          return fail(`'${m}' on a value with wildcards`);
        const enc = bytes === 'binary' ? (t: string) => t : utf8Bytes;
        current = current.map((alts) =>
          alts.flatMap((p): Piece[][] => {
            const b = enc(textOf(p)!);
            return m === 'base64'
              ? [[{ kind: 'text', text: Buffer.from(b, 'latin1').toString('base64') }]]
              : base64Offsets(b).map((x): Piece[] => [{ kind: 'text', text: x }]);
          }),
        );
        bytes = 'text';
        break;
      }
      default:
        break;
    }
  }
  if (bytes === 'binary') return fail('a UTF-16 value must be base64-encoded to be matched as text');
  if (timePart) return fail(`'${timePart}' needs a numeric comparison`);
  return {
    ok: true,
    plan: { ...base, matchers: current.map((alts) => alts.map((pieces): Matcher => ({ kind: 'pattern', pieces }))) },
  };
}
