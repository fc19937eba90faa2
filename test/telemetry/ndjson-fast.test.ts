/**
 * The NDJSON fast path (src/telemetry/loaders/ndjson-fast.ts): whenever it answers, it answers what
 * JSON.parse + projection gives (checked on thousands of generated lines, JSON.parse as the
 * oracle), it declines the lines it cannot be sure of, and a load with it equals a load without it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tableRows } from '../../src/kql/exec/table.js';
import { generateFleet } from '../../src/telemetry/generate/index.js';
import { loadTelemetry } from '../../src/telemetry/load.js';
import { NameNeedle, NdjsonFastScanner } from '../../src/telemetry/loaders/ndjson-fast.js';
import type { TelemetryStore } from '../../src/telemetry/store.js';
import { tmpDir } from './helpers.js';

const KEYS = ['Timestamp', 'DeviceName', 'FileName', 'Type2', 'A', 'AB', 'ProcessCommandLine', 'X"Y', 'ü'];
const WANTED = ['DeviceName', 'FileName', 'A', 'X"Y', 'ü', 'Missing'];

const scalar = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('C:\\Windows\\System32\\cmd.exe', '"quoted"', 'a\\"b', '\\', 'DeviceName', '"FileName":', '{', '['),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(2 ** 60, 1e21, -0, 0.1, 123.456e-7),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.oneof(
  { weight: 8, arbitrary: scalar },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...KEYS), scalar, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
);
/** A record always starting with Timestamp (as one writer's lines do), then other keys. */
const record = fc
  .tuple(fc.string(), fc.dictionary(fc.constantFrom(...KEYS.slice(1)), value, { maxKeys: KEYS.length }))
  .map(([t, rest]) => ({ Timestamp: t, ...rest }));

/** JSON text of a record, compact or with spaces as other writers put them. */
function serialise(rec: Record<string, unknown>, spaced: boolean): string {
  if (!spaced) return JSON.stringify(rec);
  return `{ ${Object.entries(rec)
    .map(([k, v]) => `${JSON.stringify(k)} : ${JSON.stringify(v)}`)
    .join(' ,  ')} }`;
}

function project(rec: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (k in rec) out[k] = rec[k];
  return out;
}

describe('NDJSON fast path', () => {
  it('answers what JSON.parse gives, or declines (generated lines)', () => {
    let answered = 0;
    let declined = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(record, fc.boolean()), { minLength: 1, maxLength: 20 }), (recs) => {
        const lines = recs.map(([r, spaced]) => serialise(r, spaced));
        const buf = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
        const scanner = new NdjsonFastScanner(WANTED, 'Timestamp');
        let pos = 0;
        for (const line of lines) {
          const len = Buffer.byteLength(line, 'utf8');
          const got = scanner.scan(buf, pos, pos + len);
          pos += len + 1;
          if (got === undefined) {
            declined++;
            continue;
          }
          answered++;
          const parsed = JSON.parse(line) as Record<string, unknown>;
          expect(got).toEqual(project(parsed, WANTED));
          // Nothing the fast path reads is nested.
          for (const v of Object.values(got)) expect(v === null || typeof v !== 'object').toBe(true);
        }
      }),
      { numRuns: 1500, seed: 20261206 },
    );
    // Both paths are exercised (random strings often hold `{` or `[`, which make a line decline).
    expect(answered).toBeGreaterThan(2000);
    expect(declined).toBeGreaterThan(1000);
  });

  it('declines lines it cannot be sure of', () => {
    const scanner = new NdjsonFastScanner(['A'], 'Timestamp');
    const cases = [
      '{"Timestamp":"t","A":{"B":1}}', // a wanted key's value is an object
      '{"Timestamp":"t","N":[1,{"A":"y"}],"A":[1]}', // … or an array
      '{"Timestamp":"t","N":[1,"]",{"x":"}"}],"A":"x"', // not framed
      '{"A":"x","Timestamp":"t"}', // another first key (routing may differ)
      '{"Timestamp":"t","A":12345678901234567}', // more than 15 digits: exactness is the general path's
      '{"Timestamp":"t","A":01}', // not JSON
      '{"Timestamp":"t","A":tru}',
      '{"Timestamp":"t","A":"unterminated}',
      '{"Timestamp":"t","A":"x"', // not framed
      '["Timestamp"]',
    ];
    for (const line of cases) {
      const buf = Buffer.from(line);
      expect(scanner.scan(buf, 0, buf.length), line).toBeUndefined();
    }
    const ok = Buffer.from('{"Timestamp":"t","B":"A","A":"C:\\\\x \\"q\\" \\u00fc","C":1}');
    expect(scanner.scan(ok, 0, ok.length)).toEqual({ A: 'C:\\x "q" ü' });
    // Objects and arrays of other keys are walked over, however they nest; an inner A is not the A.
    const nested = Buffer.from('{"Timestamp":"t","N":[1,{"A":"inner"},"]}"],"M":{"A":{"A":2}},"A":"outer","B":[]}');
    expect(scanner.scan(nested, 0, nested.length)).toEqual({ A: 'outer' });
    expect(scanner.fast).toBe(2);
    expect(scanner.declined).toBe(cases.length);
  });

  it('loads the same tables, reports and rejects with and without the fast path', async () => {
    const dir = join(tmpDir(), 'fleet');
    await generateFleet({ outDir: dir, devices: 6, events: 5000, days: 2, end: '2024-05-01T00:00:00Z', seed: 'fast' });
    // A broken line, a blank line and a nested record in the middle of a file the fast path reads.
    const bad = join(dir, 'DeviceProcessEvents_extra.ndjson');
    writeFileSync(
      bad,
      [
        '{"Timestamp":"2024-04-30T10:00:00Z","DeviceName":"pc1","FileName":"a.exe","ProcessCommandLine":"a \\"b\\""}',
        '',
        '{"Timestamp":"2024-04-30T10:00:01Z","DeviceName":"pc1",',
        '{"Timestamp":"2024-04-30T10:00:02Z","DeviceName":"pc2","AdditionalFields":{"FileName":"inner"},"FileName":"b.exe"}',
        '{"Timestamp":"2024-04-30T10:00:03Z","DeviceName":"pc3","FileName":null}',
      ].join('\r\n'),
    );
    const projection = new Map<string, ReadonlySet<string> | 'all'>([
      ['DeviceProcessEvents', new Set(['DeviceName', 'FileName', 'ProcessCommandLine', 'InitiatingProcessId'])],
      ['DeviceNetworkEvents', new Set(['RemoteUrl', 'RemotePort', 'DeviceName'])],
    ]);
    const fast = await loadTelemetry([dir], { projection, cache: false });
    const slow = await loadTelemetry([dir], { projection, cache: false, fastPath: false });
    const dump = (s: TelemetryStore) =>
      s.tableNames().map((t) => [t, s.getSchema(t), tableRows(s.getTable(t)!)] as const);
    expect(dump(fast.store)).toEqual(dump(slow.store));
    const strip = (r: typeof fast.report) => r.files.map(({ elapsedMs: _e, fastPath: _f, ...f }) => f);
    expect(strip(fast.report)).toEqual(strip(slow.report));
    expect(fast.report.rejectSamples).toEqual(slow.report.rejectSamples);
    expect(fast.report.totalRejects).toBe(1);
    // The fast path really read the files (the nested line too), and handed the broken one to the general path.
    const process = fast.report.files.find((f) => f.file.endsWith('DeviceProcessEvents.ndjson'));
    expect(process?.fastPath?.lines).toBeGreaterThan(100);
    const extra = fast.report.files.find((f) => f.file === bad);
    expect(extra?.fastPath).toEqual({ lines: 2, declined: 1 });
    expect(extra?.rejects).toBe(1);
    expect(slow.report.files.every((f) => f.fastPath === undefined)).toBe(true);
  });
});

describe('name search anchored on a rare byte', () => {
  it('finds what Buffer.indexOf finds, from any position, whatever byte it anchors on', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '"', 'G', 'x', ':', ',', '\n'), maxLength: 3000 });
    fc.assert(
      fc.property(text, fc.constantFrom('"aGb"', '"ab"', '"Gx"', '"aaaa"', '"b:"'), fc.nat(3000), (t, nameText, p) => {
        const buf = Buffer.from(t, 'latin1');
        const name = Buffer.from(nameText, 'latin1');
        const counts = new Uint32Array(256);
        // Tuned on a sample that may say nothing about the rest (forces the fallback sometimes).
        for (const b of buf.subarray(0, 50)) (counts[b] as number)++;
        const needle = new NameNeedle(name);
        needle.tune(counts);
        const pos = Math.min(p, buf.length);
        expect(needle.find(buf, pos)).toBe(buf.indexOf(name, pos));
        // Remembered answers stay right for later positions, and forget() drops them.
        const later = Math.min(buf.length, pos + 7);
        expect(needle.find(buf, later)).toBe(buf.indexOf(name, later));
        needle.forget();
        expect(needle.find(buf, 0)).toBe(buf.indexOf(name, 0));
      }),
      { numRuns: 3000, seed: 11 },
    );
  });
});
