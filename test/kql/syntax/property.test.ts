/**
 * Robustness: mutated corpus queries never throw and always give a Query; parse time grows
 * linearly with the query size.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../../src/kql/syntax/parser.js';
import { printSyntaxTree } from '../../../src/kql/syntax/print.js';
import { DOC_EXAMPLES, HUNTING, readQueries } from './corpus-data.js';

const SEEDS = [...readQueries(HUNTING), ...readQueries(DOC_EXAMPLES)].map((q) => q.query);
const FRAGMENTS = [
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '|',
  ';',
  ',',
  "'",
  '"',
  '`',
  '```',
  '!',
  '=',
  '==',
  '.',
  '..',
  '@',
  "h'",
  '\\',
  ' where ',
  ' let ',
  ' by ',
  ' on ',
  ' and ',
  'datetime(',
  'dynamic(',
  'typeof(',
  ' | join (',
  '\n',
  '-',
  '*',
  '//',
  ' mv-apply ',
  ' on (',
  ' scan ',
  ' with (',
  ' step ',
  ' => ',
  ' make-series ',
  'in~',
  '!has',
  ' between (',
];

type Mutation =
  | { kind: 'delete'; at: number; len: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'duplicate'; at: number; len: number };

function apply(text: string, m: Mutation): string {
  const at = Math.floor(m.at * (text.length + 1));
  switch (m.kind) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.len);
    case 'insert':
      return text.slice(0, at) + m.text + text.slice(at);
    case 'duplicate':
      return text.slice(0, at) + text.slice(at, at + m.len) + text.slice(at);
    default: {
      const never: never = m;
      return never;
    }
  }
}

const position = fc.double({ min: 0, max: 1, noNaN: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: position, len: fc.integer({ min: 1, max: 12 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: position,
    text: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string()),
  }),
  fc.record({ kind: fc.constant('duplicate' as const), at: position, len: fc.integer({ min: 1, max: 40 }) }),
);

function checkNeverThrows(text: string): void {
  const r = parseQuery(text);
  expect(r.query.kind).toBe('Query');
  expect(r.diagnostics.filter((d) => d.code === 'KQL901')).toEqual([]);
  for (const d of r.diagnostics) {
    expect(d.offset).toBeGreaterThanOrEqual(0);
    expect(d.offset + d.length).toBeLessThanOrEqual(text.length);
  }
  expect(typeof printSyntaxTree(r.query)).toBe('string');
}

describe('robustness', () => {
  it('mutated corpus queries never throw and always return a Query', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: SEEDS.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        (i, ms) => {
          checkNeverThrows(ms.reduce(apply, SEEDS[i] as string));
        },
      ),
      { numRuns: 1500, seed: 20240601 },
    );
  });

  it('arbitrary text never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => checkNeverThrows(s)),
      { numRuns: 2000, seed: 7 },
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS, 'T', 'x', '1', '5d', "'s'"), { maxLength: 80 }), (parts) =>
        checkNeverThrows(parts.join(' ')),
      ),
      { numRuns: 2000, seed: 11 },
    );
  });
});

/** A where-chain query of about `size` characters. */
function whereChain(size: number): string {
  const parts = ['T'];
  let len = 1;
  for (let i = 0; len < size; i++) {
    const s = `\n| where Col${i % 50} > ${i} and Name has 'x${i}' or d.k[${i % 7}] in ('a', 'b')`;
    parts.push(s);
    len += s.length;
  }
  return parts.join('');
}

/** A datatable query of about `size` characters. */
function bigDatatable(size: number): string {
  const parts = ['datatable(a:long, b:string, c:datetime, d:dynamic) ['];
  let len = parts[0]?.length ?? 0;
  for (let i = 0; len < size; i++) {
    const s = `${i}, 'name ${i}', datetime(2024-01-01T00:00:${String(i % 60).padStart(2, '0')}Z), dynamic({"k": [${i}, 2]}),\n`;
    parts.push(s);
    len += s.length;
  }
  parts.push(']');
  return parts.join('');
}

/** Best of a few runs, to keep JIT warm-up and GC pauses out of the ratio. */
function bestTime(text: string): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const r = parseQuery(text);
    best = Math.min(best, performance.now() - t0);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  }
  return best;
}

describe('linear time', () => {
  for (const [name, make] of [
    ['where chain', whereChain],
    ['datatable', bigDatatable],
  ] as const) {
    it(`a 1 MB ${name} parses in well under a few seconds and 2 MB takes about twice as long`, () => {
      const one = make(1_000_000);
      const two = make(2_000_000);
      expect(one.length).toBeGreaterThanOrEqual(1_000_000);
      parseQuery(one); // warm-up
      // Alternate the sizes and keep the best of each, so load from parallel test files cancels out.
      let t1 = Number.POSITIVE_INFINITY;
      let t2 = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 3; i++) {
        t1 = Math.min(t1, bestTime(one));
        t2 = Math.min(t2, bestTime(two));
      }
      expect(t1).toBeLessThan(3000);
      expect(t2 / t1).toBeLessThan(4);
    });
  }
});
