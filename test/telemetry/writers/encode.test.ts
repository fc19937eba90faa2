import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ColumnSchema, ScalarType } from '../../../src/kql/types.js';
import { formatDatetime, jsonText } from '../../../src/kql/values.js';
import { datetimeText } from '../../../src/telemetry/writers/datetime-text.js';
import {
  csvFieldText,
  encodeCsvText,
  encodeJsonValue,
  jsonValueText,
  quoteCsv,
} from '../../../src/telemetry/writers/encode.js';
import { csvEncoder, ndjsonEncoder, streamingEncoder } from '../../../src/telemetry/writers/row-encoder.js';
import { streamingEnvelope } from '../../../src/telemetry/writers/table-writer.js';

const TYPES: ScalarType[] = ['string', 'long', 'int', 'real', 'bool', 'datetime', 'timespan', 'dynamic', 'guid'];

/** Values of every runtime kind, including the awkward ones (non-finite numbers, quotes, spaces). */
const anyValue = fc.oneof(
  fc.string(),
  fc.constantFrom('', ' lead', 'trail ', 'a,b', 'say "hi"', 'multi\r\nline', '\u00a0nbsp', 'naïve'),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt({ min: -1_000_000_000_000_000_000n, max: 3_000_000_000_000_000_000n }),
  fc.jsonValue(),
  fc.date({ noInvalidDate: false }),
);

describe('hot-path cell encoders', () => {
  it('jsonValueText is jsonText(encodeJsonValue(v, type)) (JSON.stringify with exact bigint longs)', () => {
    fc.assert(
      fc.property(anyValue, fc.constantFrom(...TYPES), (v, type) => {
        expect(jsonValueText(v, type)).toBe(jsonText(encodeJsonValue(v, type)));
      }),
      { numRuns: 3000 },
    );
  });

  it('csvFieldText is quoteCsv(encodeCsvText(v, type))', () => {
    fc.assert(
      fc.property(anyValue, fc.constantFrom(...TYPES), (v, type) => {
        expect(csvFieldText(v, type)).toBe(quoteCsv(encodeCsvText(v, type)));
      }),
      { numRuns: 3000 },
    );
  });

  it('quoteCsv quotes delimiters, quotes, line breaks and outer whitespace only', () => {
    expect(quoteCsv('plain')).toBe('plain');
    expect(quoteCsv('a,b')).toBe('"a,b"');
    expect(quoteCsv('say "hi"')).toBe('"say ""hi"""');
    expect(quoteCsv(' x')).toBe('" x"');
    expect(quoteCsv('x\u00a0')).toBe('"x\u00a0"');
    expect(quoteCsv('')).toBe('');
  });

  it('datetimeText matches formatDatetime over the whole range', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -700_000_000_000_000_000n, max: 2_600_000_000_000_000_000n }), (t) => {
        expect(datetimeText(t)).toBe(formatDatetime(t));
      }),
      { numRuns: 5000 },
    );
    for (const t of [0n, 1n, 9_999_999n, 17_092_881_021_234_567n, 2_534_023_007_999_999_999n, -1n])
      expect(datetimeText(t)).toBe(formatDatetime(t));
  });
});

const COLUMNS: ColumnSchema[] = [
  { name: 'Timestamp', type: 'datetime' },
  { name: 'DeviceName', type: 'string' },
  { name: 'ProcessId', type: 'long' },
  { name: 'AdditionalFields', type: 'dynamic' },
  { name: 'Shared', type: 'string' },
  { name: 'TenantId', type: 'string' },
];

/** What the writers produced before the compiled encoders: project, encode, stringify. */
function projected(row: Record<string, unknown>, fallback?: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of COLUMNS) out[c.name] = encodeJsonValue(row[c.name] ?? fallback?.[c.name] ?? null, c.type);
  return out;
}

describe('row encoders', () => {
  const fallback = { Shared: 'from-fallback', DeviceName: 'ignored' };
  const row = { Timestamp: 17092881021234567n, DeviceName: 'pc"1', Extra: 'not written', AdditionalFields: { a: [1] } };

  it('NDJSON: schema columns in order, extra keys left out, missing cells from the fallback or empty', () => {
    const enc = ndjsonEncoder(COLUMNS);
    const line = enc(row, fallback);
    expect(line.endsWith('\n')).toBe(true);
    expect(line).toBe(`${JSON.stringify(projected(row, fallback))}\n`);
    expect(Object.keys(JSON.parse(line))).toEqual(COLUMNS.map((c) => c.name));
    // A second row through the same fallback uses its cached cells, and its own values still win.
    expect(enc({ ...row, Shared: 'own' }, fallback)).toBe(`${JSON.stringify(projected({ ...row, Shared: 'own' }))}\n`);
    expect(enc({}, undefined)).toBe(`${JSON.stringify(projected({}))}\n`);
  });

  it('streaming: the envelope streamingEnvelope builds; an empty TenantId takes the envelope tenant', () => {
    const line = streamingEncoder('DeviceProcessEvents', COLUMNS, 't1')(row, fallback);
    expect(line).toBe(
      `${JSON.stringify(streamingEnvelope('DeviceProcessEvents', projected({ ...row, TenantId: 't1' }, fallback), 't1'))}\n`,
    );
    const own = streamingEncoder('X', COLUMNS)({ ...row, TenantId: 'row-tenant' });
    expect(JSON.parse(own).tenantId).toBe('row-tenant');
    expect(JSON.parse(own).time).toBe('2024-03-01T10:15:02.1234567Z');
  });

  it('CSV: one CRLF record, quoted where needed', () => {
    const line = csvEncoder(COLUMNS)(row, fallback);
    expect(line).toBe('2024-03-01T10:15:02.1234567Z,"pc""1",,"{""a"":[1]}",from-fallback,\r\n');
  });
});
