import { describe, expect, it } from 'vitest';
import { coerceValue, inferType, MISMATCH } from '../../src/telemetry/coerce.js';

describe('coerceValue', () => {
  it('parses export datetimes (ISO and the portal US format) to ticks', () => {
    expect(coerceValue('2024-03-01T10:15:02.123Z', 'datetime')).toBe(17092881021230000n);
    expect(coerceValue('3/1/2024 10:15:02.123 AM', 'datetime')).toBe(17092881021230000n);
    expect(coerceValue('2024-03-01T10:15:02.1234567Z', 'datetime')).toBe(17092881021234567n);
    expect(coerceValue('', 'datetime')).toBeNull();
    expect(coerceValue('yesterday', 'datetime')).toBe(MISMATCH);
    expect(coerceValue(5, 'datetime')).toBe(MISMATCH);
  });

  it('keeps strings non-null and stringifies other JSON values', () => {
    expect(coerceValue(null, 'string')).toBe('');
    expect(coerceValue(undefined, 'string')).toBe('');
    expect(coerceValue(42, 'string')).toBe('42');
    expect(coerceValue({ a: 1 }, 'string')).toBe('{"a":1}');
  });

  it('checks integers, reals and bools', () => {
    expect(coerceValue('123', 'long')).toBe(123);
    expect(coerceValue(7, 'long')).toBe(7);
    expect(coerceValue('1.5', 'long')).toBe(MISMATCH);
    expect(coerceValue('abc', 'long')).toBe(MISMATCH);
    expect(coerceValue('3000000000', 'int')).toBe(MISMATCH);
    expect(coerceValue('1.5e3', 'real')).toBe(1500);
    expect(coerceValue('NaN', 'real')).toBeNaN();
    expect(coerceValue('True', 'bool')).toBe(true);
    expect(coerceValue(0, 'bool')).toBe(false);
    expect(coerceValue('yes', 'bool')).toBe(MISMATCH);
    expect(coerceValue('', 'long')).toBeNull();
  });

  it('parses JSON text in dynamic columns and keeps other text', () => {
    expect(coerceValue('{"a":[1,2]}', 'dynamic')).toEqual({ a: [1, 2] });
    expect(coerceValue('["x"]', 'dynamic')).toEqual(['x']);
    expect(coerceValue('plain text', 'dynamic')).toBe('plain text');
    expect(coerceValue('{broken', 'dynamic')).toBe('{broken');
    expect(coerceValue({ k: 'v' }, 'dynamic')).toEqual({ k: 'v' });
    expect(coerceValue('', 'dynamic')).toBeNull();
  });

  it('canonicalises guids and parses timespans', () => {
    expect(coerceValue('{AABBCCDD-0000-1111-2222-333344445555}', 'guid')).toBe('aabbccdd-0000-1111-2222-333344445555');
    expect(coerceValue('not-a-guid', 'guid')).toBe(MISMATCH);
    expect(coerceValue('01:00:00', 'timespan')).toBe(36_000_000_000n);
  });
});

describe('inferType', () => {
  it('infers from JSON values', () => {
    expect(inferType([1, 2, undefined], false)).toBe('long');
    expect(inferType([1, 2.5], false)).toBe('real');
    expect(inferType([true, null], false)).toBe('bool');
    expect(inferType(['a', { b: 1 }], false)).toBe('dynamic');
    expect(inferType(['12'], false)).toBe('string');
    expect(inferType([], false)).toBe('string');
  });
  it('probes CSV text', () => {
    expect(inferType(['12', '', '-4'], true)).toBe('long');
    expect(inferType(['1.5', '2'], true)).toBe('real');
    expect(inferType(['true', 'FALSE'], true)).toBe('bool');
    expect(inferType(['2024-01-01T00:00:00Z', '2024-01-02 10:00'], true)).toBe('datetime');
    expect(inferType(['12', 'x'], true)).toBe('string');
  });
});
