/**
 * String operators as library entries: the `has` family, contains/startswith/endswith (each with
 * `_cs` and `!` forms), `like`/`notlike`/`likecs`/`notlikecs` and `matches regex`.
 * The left operand of any type is matched as text (tostring); the needle is usually a constant,
 * so its matcher is built once in `compile` (see terms.ts for the term rules).
 */
import { RE2JS } from 're2js';
import type { KqlValue, ScalarType } from '../types.js';
import { stringConv } from './coerce.js';
import { defineAll, type Spec } from './define.js';
import { regexGetter, regexProblem } from './regex.js';
import { dynamicMatcher, type MatchKind, stringMatcher } from './terms.js';
import type { ScalarImpl } from './types.js';

function compileMatch(
  kind: MatchKind,
  cs: boolean,
  negate: boolean,
  types: readonly ScalarType[],
  consts: readonly (KqlValue | undefined)[],
): ScalarImpl {
  const hayOf = stringConv(types[0]);
  const needleConst = consts[1];
  if (needleConst !== undefined && needleConst !== null) {
    const m = stringMatcher(kind, stringConv(types[1])(needleConst), cs);
    return negate ? (a) => !m(hayOf(a)) : (a) => m(hayOf(a));
  }
  const needleOf = stringConv(types[1]);
  const m = dynamicMatcher(kind, cs);
  return negate ? (a, b) => !m(hayOf(a), needleOf(b)) : (a, b) => m(hayOf(a), needleOf(b));
}

const DOCS: Readonly<Record<string, string>> = {
  has: 'Right-hand side is a whole term (or term sequence) of the left-hand side',
  hasprefix: 'A term of the left-hand side starts with the right-hand side',
  hassuffix: 'A term of the left-hand side ends with the right-hand side',
  contains: 'Right-hand side occurs as a substring of the left-hand side',
  startswith: 'Left-hand side starts with the right-hand side',
  endswith: 'Left-hand side ends with the right-hand side',
};

/** The four spellings of one operator: `op`, `!op`, `op_cs`, `!op_cs`. */
function family(kind: Exclude<MatchKind, 'equals'>): Spec[] {
  const out: Spec[] = [];
  for (const cs of [false, true]) {
    for (const negate of [false, true]) {
      const name = `${negate ? '!' : ''}${kind}${cs ? '_cs' : ''}`;
      const doc = `${negate ? 'Negation: ' : ''}${DOCS[kind]} (${cs ? 'case-sensitive' : 'case-insensitive'}).`;
      out.push({
        name,
        doc,
        params: ['any', 'string-ish'],
        returns: 'bool',
        compile: (t, c) => compileMatch(kind, cs, negate, t, c),
      });
    }
  }
  return out;
}

/** `like` patterns: `%` is any run of characters; everything else is literal. */
function likeToRegex(pattern: string): string {
  return pattern
    .split('%')
    .map((part) => RE2JS.quote(part))
    .join('.*');
}

function compileLike(
  cs: boolean,
  negate: boolean,
  types: readonly ScalarType[],
  consts: readonly (KqlValue | undefined)[],
): ScalarImpl {
  const hayOf = stringConv(types[0]);
  const flags = RE2JS.DOTALL | (cs ? 0 : RE2JS.CASE_INSENSITIVE);
  const pat = consts[1];
  const get = regexGetter(typeof pat === 'string' ? likeToRegex(pat) : undefined, flags);
  const patOf = stringConv(types[1]);
  return (a, b) => {
    const re = get(typeof pat === 'string' ? undefined : likeToRegex(patOf(b)));
    if (!re) return null;
    const r = re.testExact(hayOf(a));
    return negate ? !r : r;
  };
}

const likeSpec = (name: string, cs: boolean, negate: boolean): Spec => ({
  name,
  doc: `${negate ? 'Negation: ' : ''}left-hand side matches a wildcard pattern where % is any text (${cs ? 'case-sensitive' : 'case-insensitive'}).`,
  params: ['any', 'string'],
  returns: 'bool',
  compile: (t, c) => compileLike(cs, negate, t, c),
});

export const stringOperators = defineAll('operator', [
  ...family('has'),
  ...family('hasprefix'),
  ...family('hassuffix'),
  ...family('contains'),
  ...family('startswith'),
  ...family('endswith'),
  likeSpec('like', false, false),
  likeSpec('notlike', false, true),
  likeSpec('likecs', true, false),
  likeSpec('notlikecs', true, true),
  {
    name: 'matches regex',
    doc: 'Left-hand side contains a match of the RE2 regular expression on the right.',
    params: ['any', 'string'],
    returns: 'bool',
    validate: (_t, c) => regexProblem(c[1]),
    compile: (t, c) => {
      const hayOf = stringConv(t[0]);
      const get = regexGetter(c[1]);
      return (a, b) => {
        const re = get(b);
        return re ? re.test(hayOf(a)) : null;
      };
    },
  },
]);
