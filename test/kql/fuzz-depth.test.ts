/**
 * Fuzz (issue 14): deep and long inputs of every kind — query chains and nestings through parse,
 * bind, plan and execute; dynamic literals and parse_json; JSON telemetry lines; exclusion
 * expressions. Nothing may throw or crash; past a documented limit the answer is a diagnostic
 * (KQL208 for queries, EXC204 for exclusions, a counted reject for telemetry).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bind, type Diagnostic, MAX_DYNAMIC_DEPTH, parse, plan, runQuery } from '../../src/kql/engine.js';
import { MAX_BIND_DEPTH } from '../../src/kql/semantics/depth.js';
import { analyseExclusion, compileForTable, parseExclusion } from '../../src/rules/exclusions/index.js';
import { tablesOfQuery } from '../../src/rules/tables.js';
import { loadTelemetry } from '../../src/telemetry/load.js';

/** Sizes from small to far past every limit (MAX_DEPTH 200, MAX_BIND_DEPTH 1000, 64-level nesting…). */
const size = fc.oneof(
  fc.integer({ min: 1, max: 300 }),
  fc.integer({ min: 900, max: 1200 }),
  fc.integer({ min: 3000, max: 12000 }),
);

type Shape = (n: number) => string;

/** Long chains: the parser loops, the binder and later stages must not recurse without a bound. */
const CHAINS: Record<string, Shape> = {
  plus: (n) => `print x = ${Array.from({ length: n }, (_, i) => String(i % 10)).join(' + ')}`,
  times: (n) => `print x = ${Array.from({ length: n }, () => '1').join(' * ')}`,
  concat: (n) => `print x = strcat(${Array.from({ length: Math.min(n, 64) }, () => '"a"').join(', ')})`,
  and: (n) => `print x = 1 | where ${Array.from({ length: n }, (_, i) => `x != ${i}`).join(' and ')}`,
  or: (n) => `print x = 1 | where ${Array.from({ length: n }, (_, i) => `x == ${i}`).join(' or ')}`,
  compare: (n) => `print x = ${Array.from({ length: n }, () => '1').join(' < ')}`,
  pipe: (n) => `print x = 1${' | extend y = x'.repeat(n)}`,
  lets: (n) =>
    `${Array.from({ length: n }, (_, i) => `let a${i + 1} = a${i} + 1;`)
      .join('')
      .replace('a0 + 1', '1')} print a${n}`,
  tableLets: (n) =>
    `let t0 = print x = 1;${Array.from({ length: n }, (_, i) => `let t${i + 1} = t${i} | extend y = 1;`).join('')} t${n}`,
  lambdas: (n) =>
    `let f0 = (a: long) { a };${Array.from({ length: n }, (_, i) => `let f${i + 1} = (a: long) { f${i}(a) };`).join('')} print f${n}(1)`,
  union: (n) => `union ${Array.from({ length: n }, (_, i) => `(print x = ${i})`).join(', ')} | count`,
};

/** Deep nestings: the parser stops at MAX_DEPTH with KQL208. */
const NESTINGS: Record<string, Shape> = {
  parens: (n) => `print x = ${'('.repeat(n)}1${')'.repeat(n)}`,
  calls: (n) => `print x = ${'abs('.repeat(n)}1${')'.repeat(n)}`,
  unary: (n) => `print x = ${'-'.repeat(n)}1`,
  not: (n) => `print x = ${'not('.repeat(n)}true${')'.repeat(n)}`,
  arrays: (n) => `print x = dynamic(${'['.repeat(n)}1${']'.repeat(n)})`,
  bags: (n) => `print x = dynamic(${'{"a":'.repeat(n)}1${'}'.repeat(n)})`,
  subqueries: (n) => `${'union ('.repeat(n)}print x = 1${')'.repeat(n)}`,
  toscalar: (n) => `print x = ${'toscalar(print y = '.repeat(n)}1${')'.repeat(n)}`,
  unclosed: (n) => `print x = ${'('.repeat(n)}1`,
  brackets: (n) => `print x = dynamic(${'['.repeat(n)})`,
};

function errorCodes(ds: readonly Diagnostic[]): string[] {
  return ds.filter((d) => d.severity === 'error').map((d) => d.code);
}

/** Every stage, as the tools call them; none may throw. */
function allStages(text: string): string[] {
  const parsed = parse(text);
  const bound = bind(parsed, {});
  plan(bound);
  tablesOfQuery(text);
  const run = runQuery(text, { timeoutMs: 20_000, maxRows: 2_000_000, maxMemoryMb: 512 });
  return errorCodes(run.diagnostics);
}

describe('fuzz: deep and long queries never throw', () => {
  it('chains of every kind: run, or KQL208 past the documented depth', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(CHAINS)), size, (kind, n) => {
        const text = (CHAINS[kind] as Shape)(n);
        const codes = allStages(text);
        // Never an internal error: a fault must have a name.
        expect(codes, `${kind} ${n}`).not.toContain('KQL901');
        if (n > MAX_BIND_DEPTH + 10 && (kind === 'plus' || kind === 'times' || kind === 'pipe' || kind === 'compare'))
          expect(codes, `${kind} ${n}`).toContain('KQL208');
        if (kind === 'and' || kind === 'or') expect(codes, `${kind} ${n}`).toEqual([]);
      }),
      { numRuns: 40, seed: 14 },
    );
  });

  it('nestings of every kind: run, or KQL208 past the parser depth', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(NESTINGS)), size, (kind, n) => {
        const text = (NESTINGS[kind] as Shape)(n);
        const codes = allStages(text);
        expect(codes, `${kind} ${n}`).not.toContain('KQL901');
        if (n > 250 && kind !== 'unary') expect(codes, `${kind} ${n}`).toContain('KQL208');
      }),
      { numRuns: 40, seed: 15 },
    );
  });

  it('random mixtures of chains and nestings', () => {
    const piece = fc.oneof(
      fc.constant('+ 1 '),
      fc.constant('* 2 '),
      fc.constant('('),
      fc.constant(')'),
      fc.constant('| extend y = 1 '),
      fc.constant('or x == 1 '),
      fc.constant('and x != 2 '),
      fc.constant('dynamic(['),
      fc.constant('])'),
      fc.constant('abs('),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { minLength: 1, maxLength: 3000 }),
        fc.integer({ min: 1, max: 40 }),
        (parts, repeat) => {
          const text = `print x = 1 ${parts.join('').repeat(repeat)}`;
          expect(allStages(text)).not.toContain('KQL901');
        },
      ),
      { numRuns: 30, seed: 16 },
    );
  });
});

describe('fuzz: dynamic values', () => {
  it('parse_json of deep text keeps the text (past MAX_DYNAMIC_DEPTH) and never throws', () => {
    fc.assert(
      fc.property(size, fc.constantFrom('[', '{"k":'), (n, open) => {
        const close = open === '[' ? ']' : '}';
        const json = `${open.repeat(n)}1${close.repeat(n)}`;
        const r = runQuery(`print v = parse_json(${JSON.stringify(json)})`, { maxMemoryMb: 512 });
        expect(errorCodes(r.diagnostics)).toEqual([]);
        const v = r.result?.table.columns[0]?.get(0);
        if (n > MAX_DYNAMIC_DEPTH) expect(v).toBe(json);
        else expect(typeof v).toBe('object');
      }),
      { numRuns: 25, seed: 17 },
    );
  });
});

describe('fuzz: JSON telemetry lines', () => {
  it('deep and long records are counted as rejects; the other lines load', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(size, { minLength: 1, maxLength: 6 }), async (depths) => {
        const dir = mkdtempSync(join(tmpdir(), 'kqlhunt-fuzz-json-'));
        const good = JSON.stringify({ Timestamp: '2024-01-01T00:00:00Z', DeviceName: 'pc', FileName: 'a.exe' });
        const lines = depths.map(
          (n) =>
            `{"Timestamp":"2024-01-01T00:00:00Z","DeviceName":"pc","AdditionalFields":${'['.repeat(n)}1${']'.repeat(n)}}`,
        );
        const file = join(dir, 'DeviceProcessEvents.ndjson');
        writeFileSync(file, `${[good, ...lines, good].join('\n')}\n`);
        const { report } = await loadTelemetry([file]);
        const f = report.files[0];
        const deep = depths.filter((n) => n > MAX_DYNAMIC_DEPTH).length;
        expect(f?.rejects).toBe(deep);
        expect(f?.rows).toBe(2 + depths.length - deep);
      }),
      { numRuns: 8, seed: 18 },
    );
  });
});

describe('fuzz: exclusion expressions', () => {
  const leaf = fc.constantFrom('process.name == "a"', 'file.path contains "x"', 'process.command_line != "y"');
  it('deep and long expressions give EXC2xx diagnostics, never exceptions', () => {
    fc.assert(
      fc.property(leaf, size, fc.constantFrom('or', 'and', 'parens', 'not', 'mixed'), (l, n, shape) => {
        const text =
          shape === 'parens'
            ? `${'('.repeat(n)}${l}${')'.repeat(n)}`
            : shape === 'not'
              ? `${'not '.repeat(n)}${l}`
              : shape === 'mixed'
                ? Array.from({ length: n }, (_, i) => (i % 3 === 0 ? `(${l})` : l)).join(i2op(n))
                : Array.from({ length: n }, () => l).join(` ${shape} `);
        const parsed = parseExclusion(text);
        const compiled = compileForTable(text, 'DeviceProcessEvents');
        const flags = analyseExclusion(text, { table: 'DeviceProcessEvents' });
        expect(Array.isArray(flags)).toBe(true);
        if (parsed.expr === undefined) {
          expect(parsed.diagnostics.map((d) => d.code)).toContain('EXC204');
          expect(compiled.kql).toBeUndefined();
        }
      }),
      { numRuns: 40, seed: 19 },
    );
  });
});

function i2op(n: number): string {
  return n % 2 === 0 ? ' or ' : ' and ';
}
