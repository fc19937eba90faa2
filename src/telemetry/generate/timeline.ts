/**
 * When things happen: the time window, its day slices, and the daily activity curves. Workstation
 * activity follows the working day of the organisation's time zone (a morning ramp, a lunch dip, an
 * evening tail) and drops at weekends; servers and system services run around the clock.
 */
import { TICKS_PER_DAY, TICKS_PER_HOUR } from '../../kql/engine.js';
import type { Rng } from './prng.js';

export type DiurnalPattern = 'office' | 'flat' | 'night';

// Relative activity per local hour 0..23.
const CURVES: Readonly<Record<DiurnalPattern, readonly number[]>> = {
  office: [1, 1, 1, 1, 1, 2, 4, 9, 17, 20, 19, 17, 12, 16, 19, 18, 15, 10, 6, 4, 3, 2, 1, 1],
  flat: [7, 6, 6, 6, 6, 7, 8, 9, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 9, 9, 8, 8, 7, 7],
  night: [10, 10, 10, 8, 4, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 4, 8, 10],
};
const PEAK: Readonly<Record<DiurnalPattern, number>> = { office: 20, flat: 10, night: 10 };

/** Local hour (0..23) of a UTC tick value. */
export function localHour(t: bigint, utcOffsetHours: number): number {
  const h = Number((((t + BigInt(utcOffsetHours) * TICKS_PER_HOUR) % TICKS_PER_DAY) + TICKS_PER_DAY) % TICKS_PER_DAY);
  return Math.floor(h / Number(TICKS_PER_HOUR));
}

/** Day of week (0 = Sunday) in local time. */
export function localWeekday(t: bigint, utcOffsetHours: number): number {
  const days = Number((t + BigInt(utcOffsetHours) * TICKS_PER_HOUR) / TICKS_PER_DAY);
  return (((days + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/** A time in [start, end) whose local hour follows `pattern` (rejection sampling). */
export function sampleTime(
  rng: Rng,
  start: bigint,
  end: bigint,
  utcOffsetHours: number,
  pattern: DiurnalPattern,
): bigint {
  const span = Number(end - start);
  const curve = CURVES[pattern];
  const peak = PEAK[pattern];
  for (let tries = 0; tries < 64; tries++) {
    const t = start + BigInt(Math.floor(rng.next() * span));
    if (rng.next() * peak < curve[localHour(t, utcOffsetHours)]!) return t;
  }
  return start + BigInt(Math.floor(rng.next() * span));
}

/** Relative event volume of a day slice: weekends are quiet on workstations. */
export function dayWeight(sliceStart: bigint, utcOffsetHours: number, server: boolean): number {
  const mid = sliceStart + TICKS_PER_DAY / 2n;
  const wd = localWeekday(mid, utcOffsetHours);
  const weekend = wd === 0 || wd === 6;
  if (server) return weekend ? 0.8 : 1;
  return weekend ? 0.25 : 1;
}

/**
 * Splits `total` into integer parts proportional to `weights` that sum to exactly `total`
 * (cumulative rounding, so no part drifts by more than one).
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  let acc = 0;
  let given = 0;
  for (const w of weights) {
    acc += w;
    const upto = sum === 0 ? 0 : Math.round((acc / sum) * total);
    out.push(upto - given);
    given = upto;
  }
  return out;
}
