/**
 * Projected CSV loading (src/telemetry/loaders/csv.ts over io/csv-parser.ts): the parser skips the
 * fields nobody reads without changing records, line numbers or rejects, and a projected load
 * gives what a load reading every field gives — checked on generated CSV with quoting, embedded
 * commas, quotes and line breaks, CRLF, a BOM, non-ASCII text cut across chunks, empty fields and
 * malformed rows. The oracle for the parser is a plain character-at-a-time model of RFC 4180 as
 * the parser has always read it (written here, independently of the parser's run scanning).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Table } from '../../../src/kql/exec/table.js';
import { CsvParser, type CsvRecord } from '../../../src/telemetry/io/csv-parser.js';
import { loadFile, loadTelemetry } from '../../../src/telemetry/load.js';
import { readCsv } from '../../../src/telemetry/loaders/csv.js';
import type { RawItem } from '../../../src/telemetry/loaders/raw-item.js';
import { type FileReport, RejectSink } from '../../../src/telemetry/report.js';
import { type LoadProjection, TelemetryStore } from '../../../src/telemetry/store.js';
import { tmpDir, writeFile } from '../helpers.js';

interface ModelRecord {
  line: number;
  fields: string[];
  tooLong: boolean;
  malformed?: string;
}

/** RFC 4180 one character at a time, with the parser's leniencies and its too-long rule. */
function model(text: string, max: number): ModelRecord[] {
  const out: ModelRecord[] = [];
  let state: 'start' | 'plain' | 'quoted' | 'quote' = 'start';
  let field = '';
  let fields: string[] = [];
  let chars = 0;
  let tooLong = false;
  let malformed: string | undefined;
  let line = 1;
  let recordLine = 1;
  const add = (c: string) => {
    if (tooLong) return;
    chars++;
    if (chars > max) {
      tooLong = true;
      field = '';
      fields = [];
    } else field += c;
  };
  const endField = () => {
    if (!tooLong) fields.push(field);
    field = '';
    state = 'start';
  };
  const endRecord = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === '' && !tooLong))
      out.push({ line: recordLine, fields, tooLong, ...(malformed ? { malformed } : {}) });
    fields = [];
    chars = 0;
    tooLong = false;
    malformed = undefined;
    recordLine = line;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (state === 'quoted') {
      if (c === '"') state = 'quote';
      else {
        if (c === '\n') line++;
        add(c);
      }
      continue;
    }
    if (state === 'quote' && c === '"') {
      add('"');
      state = 'quoted';
      continue;
    }
    if (state === 'start' && c === '"') {
      state = 'quoted';
      continue;
    }
    if (c === ',') endField();
    else if (c === '\r' || c === '\n') {
      line++;
      endRecord();
      if (c === '\r' && text[i + 1] === '\n') i++;
    } else {
      if (state === 'quote') malformed ??= 'text after a closing quote';
      state = 'plain';
      add(c);
    }
  }
  if (state === 'quoted') malformed = 'unterminated quoted field';
  if (state !== 'start' || fields.length > 0 || field !== '') endRecord();
  return out;
}

/** Feeds `text` in pieces cut at `cuts` (positions, any order); records from `keepFrom` on keep only `keep`. */
function parse(text: string, max: number, cuts: readonly number[], keepFrom = 0, keep?: Uint8Array) {
  const out: CsvRecord[] = [];
  const p = new CsvParser(max, (r) => {
    out.push(r);
    if (out.length === keepFrom) p.keepOnly(keep);
  });
  if (keepFrom === 0) p.keepOnly(keep);
  let at = 0;
  for (const c of [...new Set(cuts)].sort((a, b) => a - b)) {
    p.push(text.slice(at, c));
    at = c;
  }
  p.push(text.slice(at));
  p.end();
  return out;
}

// Field text: the characters that matter to CSV, non-ASCII ones (one, two and four UTF-8 bytes).
const fieldText = fc
  .array(fc.constantFrom('a', 'B', '1', ' ', ',', '"', '\n', '\r', '\r\n', 'é', '®', '日', '😀', '-', ':'), {
    maxLength: 8,
  })
  .map((cs) => cs.join(''));
const needsQuotes = (s: string) => /[",\r\n]/.test(s);
/** A field as a writer would put it (quoted when it must be, sometimes when it need not). */
const encodedField = fc
  .tuple(fieldText, fc.boolean())
  .map(([s, q]) => (q || needsQuotes(s) ? `"${s.replaceAll('"', '""')}"` : s));
/** Malformed pieces: stray text after a closing quote, a bare quote inside plain text. */
const oddField = fc.constantFrom('"a"b', 'x"y', '"', '""', '"a""', ' "q" ');
const anyField = fc.oneof({ weight: 6, arbitrary: encodedField }, { weight: 1, arbitrary: oddField });
const lineEnd = fc.constantFrom('\n', '\r\n', '\r');

const csvText = fc
  .tuple(
    fc.array(fc.tuple(fc.array(anyField, { minLength: 1, maxLength: 5 }), lineEnd), { maxLength: 8 }),
    fc.boolean(),
  )
  .map(([rows, endsWithBreak]) => {
    const text = rows.map(([fs, nl]) => fs.join(',') + nl).join('');
    return endsWithBreak ? text : text.replace(/(\r\n|\r|\n)$/, '');
  });

describe('CsvParser against the model', () => {
  it('reads every field as the model does, in any chunking and with any length limit', () => {
    fc.assert(
      fc.property(csvText, fc.array(fc.nat(200)), fc.constantFrom(3, 8, 40, 10_000), (text, cuts, max) => {
        const want = model(text, max);
        const got = parse(text, max, cuts);
        expect(
          got.map((r) => ({ line: r.line, fields: r.fields, tooLong: r.tooLong, malformed: r.malformed })),
        ).toEqual(want.map((r) => ({ ...r, malformed: r.malformed })));
        got.forEach((r, i) => {
          if (!r.tooLong) expect(r.count).toBe(want[i]?.fields.length);
        });
      }),
      { numRuns: 1500 },
    );
  });

  it('builds only the kept fields, and nothing else changes', () => {
    fc.assert(
      fc.property(
        csvText,
        fc.array(fc.nat(200)),
        fc.constantFrom(3, 8, 40, 10_000),
        fc.array(fc.boolean(), { maxLength: 7 }),
        fc.nat(3),
        (text, cuts, max, keepBits, from) => {
          const keep = Uint8Array.from(keepBits, (b) => (b ? 1 : 0));
          const want = model(text, max);
          const got = parse(text, max, cuts, from, keep);
          expect(got.length).toBe(want.length);
          got.forEach((r, i) => {
            const w = want[i] as ModelRecord;
            expect([r.line, r.tooLong, r.malformed]).toEqual([w.line, w.tooLong, w.malformed]);
            expect(r.fields).toEqual(i >= from ? w.fields.filter((_, k) => keep[k] === 1) : w.fields);
            if (!w.tooLong) expect(r.count).toBe(w.fields.length);
          });
        },
      ),
      { numRuns: 1500 },
    );
  });
});

describe('CsvParser on UTF-8 read as bytes', () => {
  it('reads what it reads from the decoded text: fields, lines and the length limit in characters', () => {
    fc.assert(
      fc.property(
        csvText,
        fc.array(fc.nat(300)),
        fc.array(fc.boolean()),
        fc.constantFrom(3, 8, 40, 10_000),
        fc.array(fc.boolean(), { maxLength: 7 }),
        (text, cuts, asBytes, max, keepBits) => {
          const bytes = Buffer.from(text);
          // Byte offsets where a character starts: the pieces never cut one.
          const starts: number[] = [];
          let at = 0;
          for (const ch of text) {
            starts.push(at);
            at += Buffer.byteLength(ch);
          }
          const pieces = [...new Set(cuts.map((c) => starts[c % (starts.length || 1)] ?? 0))].sort((a, b) => a - b);
          const keep = keepBits.length > 0 ? Uint8Array.from(keepBits, (b) => (b ? 1 : 0)) : undefined;
          const out: CsvRecord[] = [];
          const p = new CsvParser(max, (r) => out.push(r));
          p.keepOnly(keep);
          let from = 0;
          [...pieces, bytes.length].forEach((to, k) => {
            const piece = bytes.subarray(from, Math.max(from, to));
            from = Math.max(from, to);
            if (asBytes[k % (asBytes.length || 1)] ?? true) p.push(piece.toString('latin1'), true);
            else p.push(piece.toString('utf8'));
          });
          p.end();
          const want = model(text, max);
          expect(out.map((r) => [r.line, r.tooLong, r.malformed, r.fields])).toEqual(
            want.map((w) => [
              w.line,
              w.tooLong,
              w.malformed,
              keep ? w.fields.filter((_, k) => keep[k] === 1) : w.fields,
            ]),
          );
        },
      ),
      { numRuns: 1500 },
    );
  });
});

// ---- Loads: projected against reading every field -------------------------------------------

const COLUMNS = [
  'Timestamp',
  'DeviceName',
  'FileName',
  'ProcessId',
  'ProcessCommandLine',
  'AdditionalFields',
  'Custom',
  'Other Col',
  ' FolderPath ',
];
/** Rare columns that change routing: a table selector, Windows event columns. */
const RARE = ['Type', '$table', 'Table', 'EventID', 'Channel', 'TimeGenerated'];

const cellFor = (column: string) =>
  column === 'Timestamp' || column === 'TimeGenerated'
    ? fc.constantFrom('2024-05-01T10:00:00Z', '5/1/2024 10:00:00 AM', '2024-05-01 10:00:00.1234567', 'soon', '')
    : column === 'ProcessId' || column === 'EventID'
      ? fc.constantFrom('42', '-7', '4624', 'x', '')
      : column === 'Type' || column === 'Table' || column === '$table'
        ? fc.constantFrom('DeviceFileEvents', 'Custom_CL', 'bad name', '')
        : fieldText;
const encode = (s: string, quote: boolean) => (quote || needsQuotes(s) ? `"${s.replaceAll('"', '""')}"` : s);

const csvFile = fc
  .tuple(
    fc.shuffledSubarray(COLUMNS, { minLength: 1 }),
    fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.subarray(RARE, { maxLength: 2 }) }),
    fc.boolean(),
  )
  .chain(([cols, rare, duplicate]) => {
    const header = [...cols, ...rare, ...(duplicate ? [cols[0] as string] : [])];
    const row = fc.tuple(...header.map((c) => fc.tuple(cellFor(c.trim()), fc.boolean())));
    const line = fc.oneof(
      { weight: 8, arbitrary: row.map((cells) => cells.map(([s, q]) => encode(s, q)).join(',')) },
      {
        weight: 1,
        arbitrary: fc.array(anyField, { minLength: 1, maxLength: header.length + 1 }).map((f) => f.join(',')),
      },
      { weight: 1, arbitrary: fc.constant('') },
    );
    return fc.record({
      header: fc.constant(header),
      lines: fc.array(fc.tuple(line, lineEnd), { maxLength: 12 }),
      bom: fc.boolean(),
      openQuoteAtEnd: fc.boolean(),
    });
  })
  .map(({ header, lines, bom, openQuoteAtEnd }) => {
    const text =
      `${header.map((h) => encode(h, false)).join(',')}\r\n` +
      lines.map(([l, nl]) => l + nl).join('') +
      (openQuoteAtEnd ? 'x,"open\nstill open' : '');
    return Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text)]);
  });
/** The same, with bytes that are not UTF-8 put in (a stray continuation, a cut-off sequence, 0xFF). */
const csvFileBadUtf8 = fc
  .tuple(
    csvFile,
    fc.array(fc.tuple(fc.nat(), fc.constantFrom([0x80], [0xc3], [0xe2, 0x82], [0xff], [0xf0, 0x9f])), { maxLength: 3 }),
  )
  .map(([b, bad]) => {
    let out = b;
    for (const [at, bytes] of bad) {
      const k = at % (out.length + 1);
      out = Buffer.concat([out.subarray(0, k), Buffer.from(bytes), out.subarray(k)]);
    }
    return out;
  });

const projectionArb = fc
  .tuple(
    fc.subarray([...COLUMNS.map((c) => c.trim()), 'Type', 'EventID', 'Missing']),
    fc.subarray(['FileName', 'FolderPath', 'Custom']),
    fc.constantFrom<'none' | 'all' | 'cols'>('none', 'cols', 'all'),
  )
  .map(([a, b, custom]): LoadProjection => {
    const p = new Map<string, ReadonlySet<string> | 'all'>([
      ['DeviceProcessEvents', new Set(a)],
      ['DeviceFileEvents', new Set(b)],
    ]);
    if (custom !== 'none') p.set('Custom_CL', custom === 'all' ? 'all' : new Set(['Custom', 'Other Col']));
    return p;
  });

const loadOptions = fc.record(
  {
    table: fc.constantFrom('DeviceFileEvents', 'Custom_CL'),
    format: fc.constantFrom('csv' as const, 'sentinel' as const, 'windows' as const),
    maxRecordBytes: fc.constantFrom(30, 200),
  },
  { requiredKeys: [] },
);

const fileName = fc.constantFrom('DeviceProcessEvents.csv', 'export (3).csv', 'Custom_CL.csv');

/** Everything a store holds: each table's schema and rows. */
function tables(store: TelemetryStore) {
  return store.tableNames().map((name) => {
    const t = store.getTable(name)!;
    return { name, columns: t.schema.columns, rows: rowsOf(t) };
  });
}

/** Rows as arrays of cells (a table of no columns still has its rows). */
const rowsOf = (t: Table) => Array.from({ length: t.rowCount }, (_, r) => t.columns.map((c) => c.get(r)));

const reportFacts = ({ elapsedMs: _e, ...fr }: FileReport) => fr;

describe('projected CSV loads', () => {
  it('equal a projected load that reads every field, and a full load on the projected columns', async () => {
    const dir = tmpDir();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(csvFile, fileName, projectionArb, loadOptions, async (bytes, name, projection, options) => {
        // A directory per case: the file name decides the table.
        const path = writeFile(mkdirSync(join(dir, `${n++}`), { recursive: true }) as string, name, bytes);
        // The reference: the store projects, the reader is not told (reads every field).
        const refStore = new TelemetryStore(projection);
        const refSink = new RejectSink(1000);
        const ref = await loadFile(path, refStore, refSink, { ...options });
        const store = new TelemetryStore(projection);
        const sink = new RejectSink(1000);
        const got = await loadFile(path, store, sink, { ...options, projection });
        expect(reportFacts(got)).toEqual(reportFacts(ref));
        expect(sink.samples).toEqual(refSink.samples);
        expect(tables(store)).toEqual(tables(refStore));

        // Through loadTelemetry, against a load of every column: the same rows on the projected
        // columns, the same rejects (type mismatches only where a projected column is built).
        const part = await loadTelemetry([path], {
          ...options,
          projection,
          threads: 1,
          cache: false,
          maxErrorsShown: 1000,
        });
        const full = await loadTelemetry([path], { ...options, threads: 1, cache: false, maxErrorsShown: 1000 });
        expect(part.report.rejectSamples).toEqual(refSink.samples);
        expect(part.report.totalRows).toBe(full.report.totalRows);
        for (const t of tables(part.store)) {
          const whole = full.store.getTable(t.name)!;
          const idx = t.columns.map((c) => whole.schema.columns.findIndex((w) => w.name === c.name));
          expect(idx.every((i) => i >= 0)).toBe(true);
          expect(t.columns).toEqual(idx.map((i) => whole.schema.columns[i]));
          expect(part.store.rowCount(t.name)).toBe(full.store.rowCount(t.name));
          // (A built table of no columns has no rows: compare cells where some column was built.)
          if (t.columns.length > 0) expect(t.rows).toEqual(rowsOf(whole).map((r) => idx.map((i) => r[i])));
        }
        const built = new Set(tables(part.store).flatMap((t) => t.columns.map((c) => `${t.name}.${c.name}`)));
        expect(part.report.rejectSamples).toEqual(
          full.report.rejectSamples.filter((s) => s.kind !== 'type-mismatch' || built.has(`${s.table}.${s.column}`)),
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('projected CSV loads of Windows events', () => {
  const text =
    'TimeCreated,EventID,Channel,Computer,TargetUserName,TargetDomainName,LogonType,IpAddress\n' +
    '2024-05-01T10:00:00Z,4624,Security,pc1.corp,alice,CORP,10,10.0.0.5\n' +
    '2024-05-01T10:00:01Z,4624,Security,pc2.corp,bob,CORP,3,10.0.0.6\n' +
    '2024-05-01T10:00:02Z,4625,Security,pc2.corp,eve,CORP,3,10.0.0.7\n';
  const projection: LoadProjection = new Map([['DeviceLogonEvents', new Set(['AccountName'])]]);
  it.each([
    ['found by their columns', {}],
    ['read as Windows events by the format option', { format: 'windows' as const, table: 'Custom_CL' }],
  ])('are mapped as a full read maps them (%s)', async (_, options) => {
    const path = writeFile(tmpDir(), 'events.csv', text);
    const refStore = new TelemetryStore(projection);
    const ref = await loadFile(path, refStore, new RejectSink(100), options);
    const store = new TelemetryStore(projection);
    const got = await loadFile(path, store, new RejectSink(100), { ...options, projection });
    expect(ref.rowsByTable.DeviceLogonEvents).toBe(3);
    expect(reportFacts(got)).toEqual(reportFacts(ref));
    expect(tables(store)).toEqual(tables(refStore));
  });
});

// ---- The reader: chunk boundaries, ASCII and UTF-8 text ----------------------------------------

async function items(
  bytes: Buffer,
  cuts: readonly number[],
  projection?: LoadProjection,
  maxRecordBytes = 200,
): Promise<RawItem[]> {
  async function* chunks() {
    let at = 0;
    for (const c of [...new Set(cuts)].sort((a, b) => a - b)) {
      yield bytes.subarray(at, c);
      at = Math.max(at, c);
    }
    yield bytes.subarray(at);
  }
  const out: RawItem[] = [];
  for await (const it of readCsv(chunks(), { maxRecordBytes }, projection ? { projection } : {})) out.push(it);
  return out;
}

describe('readCsv', () => {
  it('reads the same records in any chunking (characters cut across chunks), projected or not', async () => {
    await fc.assert(
      fc.asyncProperty(
        csvFileBadUtf8,
        fc.array(fc.nat(400)),
        projectionArb,
        fc.constantFrom(12, 40, 200),
        async (bytes, cuts, projection, max) => {
          // Unprojected, every chunk goes through the UTF-8 decoder (or is ASCII); projected, valid
          // UTF-8 is read as bytes, characters cut across chunks carried, invalid text decoded.
          const whole = await items(bytes, [], undefined, max);
          expect(await items(bytes, cuts, undefined, max)).toEqual(whole);
          const wanted = new Set(['Timestamp', 'TimeGenerated']);
          for (const c of projection.values()) if (c !== 'all') for (const k of c) wanted.add(k);
          const part = await items(bytes, cuts, projection, max);
          expect(part.length).toBe(whole.length);
          let first = true;
          part.forEach((it, i) => {
            const w = whole[i] as RawItem;
            if (!('record' in it) || !('record' in w)) {
              expect(it).toEqual(w);
              return;
            }
            // The first good record is whole (tables told by columns); later ones may keep only wanted keys.
            const keys = Object.keys(it.record);
            if (first) expect(it.record).toEqual(w.record);
            else for (const k of keys) expect(it.record[k]).toBe(w.record[k]);
            for (const k of Object.keys(w.record)) if (wanted.has(k)) expect(it.record[k]).toBe(w.record[k]);
            first = false;
          });
        },
      ),
      { numRuns: 400 },
    );
  });

  it('builds only the wanted columns of a plain export', async () => {
    const text =
      'Timestamp,DeviceName,FileName,ProcessCommandLine\n2024-05-01T10:00:00Z,pc1,a.exe,"x,\ny"\n2024-05-01T10:00:01Z,pc2,b.exe,z\n';
    const projection: LoadProjection = new Map([['DeviceProcessEvents', new Set(['FileName'])]]);
    const got = await items(Buffer.from(text), [], projection);
    expect(got).toEqual([
      {
        line: 2,
        record: {
          Timestamp: '2024-05-01T10:00:00Z',
          DeviceName: 'pc1',
          FileName: 'a.exe',
          ProcessCommandLine: 'x,\ny',
        },
        textual: true,
      },
      { line: 4, record: { Timestamp: '2024-05-01T10:00:01Z', FileName: 'b.exe' }, textual: true },
    ]);
    // A table column routes row by row: every field is read.
    const sentinel = await items(
      Buffer.from(`Type,${text.slice(0, 40)}\nDeviceFileEvents,1,2,3,4\nDeviceFileEvents,5,6,7,8\n`),
      [],
      projection,
    );
    expect(sentinel.map((i) => ('record' in i ? Object.keys(i.record).length : 0))).toEqual([5, 5]);
  });
});
