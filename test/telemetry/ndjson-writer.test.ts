/**
 * The NDJSON fast path's direct writer (FastRowWriter in src/telemetry/loaders/ndjson-fast.ts) and
 * the byte-level pieces under it. The oracle is the general path: a load with the fast path must
 * equal a load without it — tables, column types, dictionaries, reports and rejects — on generated
 * files whose values fit their columns, do not fit them, or sit at the edges of what the fast path
 * reads (escapes, non-canonical datetimes, 16-digit numbers, `50.0`, nesting, absent keys, a
 * projected key outside the schema, broken lines). The tick halves are checked against BigInt
 * arithmetic, appendBytes against append, and chunk-spanning lines against JSON.parse.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DictStringColumn, StringBuilder, TicksBuilder, tableRows } from '../../src/kql/exec/table.js';
import { isoTicks, isoTicksWords, ticksWords } from '../../src/telemetry/io/iso-ticks.js';
import { loadTelemetry } from '../../src/telemetry/load.js';
import type { LoadProjection, TelemetryStore } from '../../src/telemetry/store.js';
import { tmpDir } from './helpers.js';

/** A JSON value as raw text, so that `50.0`, `1e3` and `-0` are written as such. */
const raw = (text: string) => ({ text });
type Raw = { text: string };
const text = (v: unknown): string =>
  v !== null && typeof v === 'object' && 'text' in (v as object) ? (v as Raw).text : JSON.stringify(v);

const isoDate = fc
  .tuple(
    fc.integer({ min: 1000, max: 9999 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 31 }),
    fc.integer({ min: 0, max: 86399 }),
    fc.integer({ min: 0, max: 7 }),
    fc.integer({ min: 0, max: 9_999_999 }),
  )
  .map(([y, mo, d, s, digits, f]) => {
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    const frac = digits === 0 ? '' : `.${p(f, 7).slice(0, digits)}`;
    return `${p(y, 4)}-${p(mo)}-${p(d)}T${p(Math.floor(s / 3600))}:${p(Math.floor(s / 60) % 60)}:${p(s % 60)}${frac}Z`;
  });

const stringValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('pc1', 'pc2', 'ws-01.contoso.com', 'C:\\Windows\\cmd.exe', 'a"b', '', 'Timestamp', '{', '[x]'),
);
const wrongValue = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(raw('50.0'), raw('1e3'), raw('-0'), raw('12345678901234567'), raw('0.1')),
);

/** Values per projected column: mostly fitting, some not. */
const columns: Record<string, fc.Arbitrary<unknown>> = {
  DeviceName: fc.oneof({ weight: 30, arbitrary: fc.constantFrom('pc1', 'pc2', 'pc3') }, stringValue, wrongValue),
  RemoteIP: fc.oneof({ weight: 30, arbitrary: fc.ipV4() }, stringValue, wrongValue),
  RemotePort: fc.oneof(
    { weight: 30, arbitrary: fc.integer({ min: 0, max: 65535 }) },
    fc.constantFrom(2 ** 31, -(2 ** 31), 2 ** 31 - 1, 3.5, raw('443.0'), '443', ' 80 '),
    wrongValue,
  ),
  ReportId: fc.oneof(
    { weight: 30, arbitrary: fc.integer({ min: -1e15, max: 1e15 }) },
    fc.constantFrom(2 ** 60, raw('9223372036854775807'), raw('1e18'), '12', 1.5),
    wrongValue,
  ),
  IsInitiatingProcessRemoteSession: fc.oneof({ weight: 30, arbitrary: fc.boolean() }, fc.constantFrom(0, 1, 'true', 2)),
  _BilledSize: fc.oneof(
    {
      weight: 30,
      arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => Number(d.toPrecision(12))),
    },
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(raw('50.0'), raw('1e3'), raw('-0'), raw('0.000001'), raw('1234567890.12345678'), '1.5'),
    wrongValue,
  ),
  TimeGenerated: fc.oneof(isoDate, fc.constant(null)),
  NotInSchema: stringValue,
};
const PROJECTED = Object.keys(columns);
/** Keys present in most lines (in this order), then optional ones. */
const COMMON = ['DeviceName', 'RemoteIP', 'RemotePort', 'ReportId', 'IsInitiatingProcessRemoteSession', '_BilledSize'];

const line = fc
  .record({
    timestamp: fc.oneof(
      { weight: 40, arbitrary: isoDate },
      fc.constantFrom('2024-05-01 10:00:00', '2024-02-30T00:00:00Z', '', '2024-05-01T10:00:00.12345678Z'),
      wrongValue,
    ),
    values: fc.record(Object.fromEntries(PROJECTED.map((k) => [k, columns[k] as fc.Arbitrary<unknown>]))),
    present: fc.array(fc.boolean(), { minLength: PROJECTED.length, maxLength: PROJECTED.length }),
    shuffle: fc.noBias(fc.nat(20)),
    filler: fc.array(fc.tuple(fc.constantFrom('ActionType', 'LocalIP', 'Protocol', 'X'), stringValue), {
      maxLength: 3,
    }),
    nested: fc.noBias(fc.nat(30)),
    spaced: fc.noBias(fc.nat(10)),
    broken: fc.noBias(fc.nat(40)),
  })
  .map(({ timestamp, values, present, shuffle, filler, nested, spaced, broken }) => {
    const keys = PROJECTED.filter((k, i) =>
      COMMON.includes(k) ? present[i] || i % 3 !== 0 : present[i] && i % 2 === 0,
    );
    if (shuffle === 0) keys.reverse();
    const parts: [string, string][] = [['Timestamp', text(timestamp)]];
    for (const k of keys) parts.push([k, text(values[k])]);
    for (const [k, v] of filler) parts.splice(1 + (v.length % parts.length), 0, [k, JSON.stringify(v)]);
    if (nested === 0) parts.push(['AdditionalFields', '{"RemotePort":1}']);
    const sep = spaced === 0 ? ' , ' : ',';
    const body = parts.map(([k, v]) => `${JSON.stringify(k)}${spaced === 0 ? ' : ' : ':'}${v}`).join(sep);
    if (broken === 0) return `{${body}`;
    if (broken === 1) return '';
    return `{${body}}`;
  });

const projection: LoadProjection = new Map([['DeviceNetworkEvents', new Set(PROJECTED)]]);

function dump(s: TelemetryStore) {
  return s.tableNames().map((t) => {
    const table = s.getTable(t)!;
    // Dictionaries in the same order too: the writer's dictionary is the general path's.
    const dicts = table.columns.map((c) => (c instanceof DictStringColumn ? c.dict : null));
    return [t, s.getSchema(t), tableRows(table), dicts] as const;
  });
}

async function both(file: string, extra: Parameters<typeof loadTelemetry>[1] = {}) {
  const fast = await loadTelemetry([file], { projection, cache: false, threads: 1, ...extra });
  const slow = await loadTelemetry([file], { projection, cache: false, threads: 1, fastPath: false, ...extra });
  return { fast, slow };
}

function sameLoads(fast: Awaited<ReturnType<typeof loadTelemetry>>, slow: Awaited<ReturnType<typeof loadTelemetry>>) {
  expect(dump(fast.store)).toEqual(dump(slow.store));
  const strip = (r: typeof fast.report) => r.files.map(({ elapsedMs: _e, fastPath: _f, ...f }) => f);
  expect(strip(fast.report)).toEqual(strip(slow.report));
  expect(fast.report.rejectSamples).toEqual(slow.report.rejectSamples);
  expect(fast.report.totalRejects).toBe(slow.report.totalRejects);
}

describe('NDJSON direct writer', () => {
  it('loads what the general path loads (generated files)', async () => {
    const dir = tmpDir();
    let written = 0;
    let declined = 0;
    let total = 0;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 10, maxLength: 60 }), async (lines) => {
        total += lines.length;
        const file = join(dir, `DeviceNetworkEvents_${run++}.ndjson`);
        // The first line is a plain row, so the fast path starts.
        writeFileSync(file, ['{"Timestamp":"2024-05-01T00:00:00Z","DeviceName":"pc0"}', ...lines].join('\n'));
        const { fast, slow } = await both(file);
        sameLoads(fast, slow);
        written += fast.report.files[0]?.fastPath?.lines ?? 0;
        declined += fast.report.files[0]?.fastPath?.declined ?? 0;
      }),
      { numRuns: 150, seed: 20261206 },
    );
    // Both ways are exercised: most lines are written directly, many are declined.
    expect(written).toBeGreaterThan(total * 0.5);
    expect(declined).toBeGreaterThan(total * 0.1);
  });

  it('reads lines that span the reader chunks, and lines longer than a chunk', async () => {
    const dir = tmpDir();
    const file = join(dir, 'DeviceNetworkEvents.ndjson');
    const names = ['pc1', 'pc2', 'pc3', 'pc4'];
    const lines: string[] = [];
    const expected: { DeviceName: string; ReportId: number; RemoteIP: string }[] = [];
    let size = 0;
    for (let i = 0; size < 5 * 1024 * 1024; i++) {
      // Mostly ~1–3 KB lines, now and then one of 1.5 MiB (longer than a read chunk).
      const pad = i % 397 === 5 ? 1536 * 1024 : 500 + ((i * 7919) % 2500);
      const rec = {
        Timestamp: '2024-05-01T10:00:00Z',
        DeviceName: names[i % 4] as string,
        ProcessCommandLine: 'x'.repeat(pad),
        RemoteIP: `10.0.${i % 256}.${i % 7}`,
        ReportId: i,
      };
      const l = JSON.stringify(rec);
      lines.push(l);
      size += l.length + 1;
      expected.push({ DeviceName: rec.DeviceName, ReportId: i, RemoteIP: rec.RemoteIP });
    }
    writeFileSync(file, `${lines.join('\n')}\n`);
    const { fast, slow } = await both(file);
    sameLoads(fast, slow);
    const t = fast.store.getTable('DeviceNetworkEvents')!;
    const col = (n: string) => t.columns[t.schema.columns.findIndex((c) => c.name === n)]!;
    expect(t.rowCount).toBe(expected.length);
    for (let r = 0; r < t.rowCount; r++) {
      expect({
        DeviceName: col('DeviceName').get(r),
        ReportId: col('ReportId').get(r),
        RemoteIP: col('RemoteIP').get(r),
      }).toEqual(expected[r]);
    }
    expect(fast.report.files[0]?.fastPath?.lines).toBe(expected.length - 1);
    // And on two threads, cut into ranges.
    const parallel = await loadTelemetry([file], {
      projection,
      cache: false,
      threads: 2,
      parallelMinBytes: 0,
      parallelPartBytes: 1024 * 1024,
    });
    expect(dump(parallel.store)).toEqual(dump(fast.store));
    expect(parallel.report.files[0]?.fastPath?.lines).toBeGreaterThan(expected.length / 2);
  });
});

describe('byte-level pieces', () => {
  it('isoTicksWords gives isoTicks as 32-bit halves (generated datetimes)', () => {
    const out = new Int32Array(2);
    fc.assert(
      fc.property(isoDate, (s) => {
        const buf = Buffer.from(`"${s}"`, 'latin1');
        const ok = isoTicksWords(buf, 1, buf.length - 1, out);
        const want = isoTicks(s);
        expect(ok).toBe(want !== undefined);
        if (want !== undefined) expect((BigInt(out[1] as number) << 32n) | BigInt((out[0] as number) >>> 0)).toBe(want);
      }),
      { numRuns: 5000, seed: 7 },
    );
  });

  it('ticksWords is exact over the whole datetime range, negative ticks included', () => {
    const out = new Int32Array(2);
    fc.assert(
      fc.property(
        fc.integer({ min: -62135596800, max: 253402300799 }),
        fc.integer({ min: 0, max: 9_999_999 }),
        (s, f) => {
          ticksWords(s, f, out);
          const got = BigInt.asIntN(64, (BigInt(out[1] as number) << 32n) | BigInt((out[0] as number) >>> 0));
          expect(got).toBe(BigInt(s) * 10_000_000n + BigInt(f));
        },
      ),
      { numRuns: 5000, seed: 8 },
    );
  });

  it('TicksBuilder.appendWords stores what append stores', () => {
    const a = new TicksBuilder('datetime');
    const b = new TicksBuilder('datetime');
    const out = new Int32Array(2);
    for (let i = 0; i < 3000; i++) {
      const s = -62135596800 + i * 104_729_113;
      ticksWords(s, i * 3331, out);
      a.appendWords(out[0] as number, out[1] as number);
      b.append(BigInt(s) * 10_000_000n + BigInt(i * 3331));
      if (i % 1000 === 7) {
        a.append(null);
        b.append(null);
      }
    }
    expect(tableRowsOf(a.build())).toEqual(tableRowsOf(b.build()));
  });

  it('StringBuilder.appendBytes equals append of the decoded text (dictionary order, invalid UTF-8, plain fallback)', () => {
    const value = fc.oneof(
      fc.constantFrom('pc1', 'pc2', 'é', '', 'x'.repeat(40), 'y'.repeat(41)),
      fc.string({ unit: 'grapheme', maxLength: 50 }),
      fc.uint8Array({ maxLength: 6 }).map((b) => Buffer.from(b).toString('latin1')),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(value, fc.boolean(), fc.boolean()), { maxLength: 300 }), (items) => {
        const a = new StringBuilder();
        const b = new StringBuilder();
        for (const [v, asBytes, invalid] of items) {
          // Bytes as written, or (invalid) raw latin-1 bytes that are not valid UTF-8.
          const bytes = invalid ? Buffer.from(v, 'latin1') : Buffer.from(v, 'utf8');
          const padded = Buffer.concat([Buffer.from('ab'), bytes, Buffer.from('cd')]);
          if (asBytes) a.appendBytes(padded, 2, 2 + bytes.length);
          else a.append(bytes.toString('utf8'));
          b.append(bytes.toString('utf8'));
        }
        const ca = a.build();
        const cb = b.build();
        expect(tableRowsOf(ca)).toEqual(tableRowsOf(cb));
        expect(ca.constructor).toBe(cb.constructor);
        if (ca instanceof DictStringColumn) expect(ca.dict).toEqual((cb as DictStringColumn).dict);
      }),
      { numRuns: 300, seed: 9 },
    );
    // Past 4,096 rows with ever-new values the builder turns plain, and appendBytes follows.
    const a = new StringBuilder();
    for (let i = 0; i < 10_000; i++) {
      const bytes = Buffer.from(`v${i}`);
      a.appendBytes(bytes, 0, bytes.length);
    }
    const built = a.build();
    expect(built instanceof DictStringColumn).toBe(false);
    expect(built.get(9999)).toBe('v9999');
  });
});

function tableRowsOf(c: { length: number; get(i: number): unknown }): unknown[] {
  return Array.from({ length: c.length }, (_, i) => c.get(i));
}
