/**
 * The dynamic JSON parser (src/kql/library/json-parse.ts): generated JSON texts give the values
 * JSON.parse gives, with integral reals (`50.0`, `1e3`) tagged as DynReal; the fast path's scan
 * never skips a text that needs the precise parser.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { needsPreciseParse, parseJsonPrecise, parseJsonText } from '../../../src/kql/library/json-parse.js';
import { DynReal } from '../../../src/kql/types.js';
import { untagReals } from '../../../src/kql/values.js';

/** JSON number texts of every shape: integers, fractions (with zeros), exponents, long digit runs. */
const numberText = fc
  .tuple(
    fc.boolean(),
    fc.oneof(fc.constant('0'), fc.stringMatching(/^[1-9]\d{0,20}$/)),
    fc.option(fc.stringMatching(/^\d{1,20}$/), { nil: undefined }),
    fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.stringMatching(/^\d{1,3}$/)), {
      nil: undefined,
    }),
  )
  .map(
    ([neg, int, frac, exp]) =>
      `${neg ? '-' : ''}${int}${frac === undefined ? '' : `.${frac}`}${exp ? exp.join('') : ''}`,
  );

/** JSON texts with arbitrary whitespace, strings (escapes, lookalikes such as 10.0.0.1) and numbers. */
const jsonText: fc.Arbitrary<string> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    numberText,
    fc.constantFrom('true', 'false', 'null', '"10.0.0.1"', '"12e8b78d"', '"v1.0"', '"a\\"b\\u00e9\\n"'),
    fc.string().map((s) => JSON.stringify(s)),
    fc.array(tie('value'), { maxLength: 4 }).map((xs) => `[ ${xs.join(' ,')}]`),
    fc
      .array(fc.tuple(fc.constantFrom('a', '__proto__', 'b c', 'x'), tie('value')), { maxLength: 4 })
      .map((kv) => `{${kv.map(([k, v]) => `\n${JSON.stringify(k)} :${v}`).join(',')} }`),
  ),
})).value;

/** Whether a number token is a real (fraction or exponent). */
const isRealToken = (t: string) => /[.eE]/.test(t);

describe('parseJsonText', () => {
  it('gives JSON.parse values, and tags exactly the integral reals', () => {
    fc.assert(
      fc.property(jsonText, (text) => {
        const native: unknown = JSON.parse(text);
        const fast = parseJsonText(text);
        const precise = parseJsonPrecise(text);
        expect(untagReals(fast)).toEqual(native);
        expect(untagReals(precise)).toEqual(native);
        // The fast path may only be taken when the precise parser adds no tag.
        expect(fast).toEqual(precise);
      }),
      { numRuns: 3000, seed: 20261206 },
    );
  });

  it('tags a number as real exactly when its text has a fraction or exponent and its value is integral', () => {
    fc.assert(
      fc.property(numberText, (t) => {
        const v = parseJsonText(`[${t}]`) as unknown[];
        const n = Number(t);
        if (isRealToken(t) && Number.isInteger(n)) expect(v[0]).toEqual(new DynReal(n));
        else expect(v[0]).toBe(n);
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  it('rejects what JSON.parse rejects', () => {
    const bad = [
      '[1.0,]',
      '{"a":1.0,}',
      '[01.0]',
      '[1.]',
      '[.5e1]',
      '[1.0',
      '"\\x"',
      "['a']",
      '[1.0] x',
      '{a:1.0}',
      '[+1.0]',
      '[NaN, 1.0]',
    ];
    for (const t of bad) {
      expect(() => JSON.parse(t), t).toThrow(SyntaxError);
      expect(() => parseJsonText(t), t).toThrow(SyntaxError);
    }
    fc.assert(
      fc.property(fc.string(), (s) => {
        const text = `[1.0,${s}]`;
        let native: unknown;
        try {
          native = JSON.parse(text);
        } catch {
          expect(() => parseJsonPrecise(text)).toThrow(SyntaxError);
          return;
        }
        expect(untagReals(parseJsonPrecise(text))).toEqual(native);
      }),
      { numRuns: 2000, seed: 11 },
    );
  });

  it('keeps __proto__ an own key, as JSON.parse does', () => {
    const v = parseJsonText('{"__proto__": {"x": 1.0}, "y": 2.0}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__', 'y']);
    expect(v.y).toEqual(new DynReal(2));
  });

  it('takes the fast path for IP addresses, versions and GUIDs in strings', () => {
    const text = '{"ip":"10.0.0.1","ver":"v1.0","id":"12e8b78d-55b4-46ae-b068-26d7a0080254","n":2.5}';
    expect(needsPreciseParse(text)).toBe(false);
    expect(parseJsonText(text)).toEqual(JSON.parse(text));
    for (const t of ['[50.0]', '[-0.0]', '[1e3]', '[2E-2]', '[9007199254740993]', '[0.99999999999999999]'])
      expect(needsPreciseParse(t), t).toBe(true);
  });
});
