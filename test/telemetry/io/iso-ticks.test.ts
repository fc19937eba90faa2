import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDatetime, parseDatetime } from '../../../src/kql/values.js';
import { isoTicks } from '../../../src/telemetry/io/iso-ticks.js';

describe('isoTicks', () => {
  it('agrees with parseDatetime on formatted datetimes (7, 3 and 0 fractional digits)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -300_000_000_000_000_000n, max: 2_534_023_007_999_999_999n }), (t) => {
        const full = formatDatetime(t);
        for (const s of [full, `${full.slice(0, 23)}Z`, `${full.slice(0, 19)}Z`]) {
          const fast = isoTicks(s);
          if (fast !== undefined) expect(fast).toBe(parseDatetime(s));
        }
        if (t >= 0n) expect(isoTicks(full)).toBe(t);
      }),
      { numRuns: 5000 },
    );
  });

  it('leaves every other shape to the general parser', () => {
    for (const s of [
      '2024-02-30T00:00:00Z', // no such day
      '2024-13-01T00:00:00Z',
      '2024-01-01T24:00:00Z',
      '2024-01-01T00:00:60Z',
      '2024-01-01T00:00:00.Z',
      '2024-01-01T00:00:00.12345678Z',
      '2024-01-01T00:00:00+01:00',
      '2024-01-01 00:00:00Z',
      '0099-01-01T00:00:00Z',
      '3/1/2024 10:15:02 AM',
      '',
    ])
      expect(isoTicks(s)).toBeUndefined();
    expect(isoTicks('2024-02-29T23:59:59.5Z')).toBe(parseDatetime('2024-02-29T23:59:59.5Z'));
  });
});
