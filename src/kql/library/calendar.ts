/**
 * Calendar arithmetic on datetime ticks (100 ns since 1970, UTC, proleptic Gregorian), shared by
 * the datetime and formatting functions. Exact at tick precision: only the millisecond part goes
 * through JS Date (whose range covers Kusto's years 1..9999); sub-millisecond ticks are carried.
 */
import {
  datetimeInRange,
  floorDiv,
  TICKS_PER_DAY,
  TICKS_PER_HOUR,
  TICKS_PER_MINUTE,
  TICKS_PER_MS,
  TICKS_PER_SECOND,
} from '../values.js';

export interface Parts {
  readonly year: number;
  /** 1..12 */
  readonly month: number;
  /** 1..31 */
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** Ticks within the second, 0..9_999_999. */
  readonly fraction: number;
  /** 0 = Sunday … 6 = Saturday. */
  readonly weekday: number;
}

export function toParts(t: bigint): Parts {
  const ms = floorDiv(t, TICKS_PER_MS);
  const d = new Date(Number(ms));
  const secTicks = floorDiv(t, TICKS_PER_SECOND) * TICKS_PER_SECOND;
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    fraction: Number(t - secTicks),
    weekday: d.getUTCDay(),
  };
}

/** Ticks of a calendar date and time; null when it is not a valid date (e.g. Feb 30). */
export function fromParts(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  fraction = 0,
): bigint | null {
  if (![year, month, day, hour, minute, second].every(Number.isInteger)) return null;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, keeps years 1..99 as they are
  if (date.getUTCDate() !== day) return null;
  date.setUTCHours(hour, minute, second, 0);
  return BigInt(date.getTime()) * TICKS_PER_MS + BigInt(Math.trunc(fraction));
}

export function daysInMonth(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0); // day 0 of the next month = last day of this one
  return d.getUTCDate();
}

export function timeOfDay(t: bigint): bigint {
  return t - floorDiv(t, TICKS_PER_DAY) * TICKS_PER_DAY;
}

/** .NET AddMonths: the day is clamped to the target month's length; the time of day is kept. */
export function addMonths(t: bigint, months: number): bigint | null {
  const p = toParts(t);
  const total = p.year * 12 + (p.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  if (year < 1 || year > 9999) return null;
  const day = Math.min(p.day, daysInMonth(year, month));
  const base = fromParts(year, month, day);
  return base === null ? null : base + timeOfDay(t);
}

export function startOfDay(t: bigint): bigint {
  return floorDiv(t, TICKS_PER_DAY) * TICKS_PER_DAY;
}

/** Weeks start on Sunday; 1970-01-01 was a Thursday (day index 4). */
export function startOfWeek(t: bigint): bigint {
  const days = floorDiv(t, TICKS_PER_DAY);
  const dow = (((days + 4n) % 7n) + 7n) % 7n;
  return (days - dow) * TICKS_PER_DAY;
}

export function startOfMonth(t: bigint): bigint {
  const p = toParts(t);
  return fromParts(p.year, p.month, 1) as bigint;
}

export function startOfYear(t: bigint): bigint {
  return fromParts(toParts(t).year, 1, 1) as bigint;
}

export function dayOfYear(t: bigint): number {
  return Number((startOfDay(t) - startOfYear(t)) / TICKS_PER_DAY) + 1;
}

/** ISO 8601 week number (weeks start Monday; week 1 holds the year's first Thursday). */
export function isoWeek(t: bigint): number {
  const p = toParts(t);
  const isoDow = p.weekday === 0 ? 7 : p.weekday;
  const thursday = startOfDay(t) + BigInt(4 - isoDow) * TICKS_PER_DAY;
  return Math.floor((dayOfYear(thursday) - 1) / 7) + 1;
}

export type Unit =
  | 'year'
  | 'quarter'
  | 'month'
  | 'week'
  | 'day'
  | 'hour'
  | 'minute'
  | 'second'
  | 'millisecond'
  | 'microsecond'
  | 'nanosecond';

const UNIT_ALIASES: Readonly<Record<string, Unit>> = {
  year: 'year',
  years: 'year',
  yy: 'year',
  yyyy: 'year',
  quarter: 'quarter',
  quarters: 'quarter',
  qq: 'quarter',
  q: 'quarter',
  month: 'month',
  months: 'month',
  mm: 'month',
  m: 'month',
  week: 'week',
  weeks: 'week',
  wk: 'week',
  ww: 'week',
  day: 'day',
  days: 'day',
  dd: 'day',
  d: 'day',
  hour: 'hour',
  hours: 'hour',
  hh: 'hour',
  minute: 'minute',
  minutes: 'minute',
  mi: 'minute',
  n: 'minute',
  second: 'second',
  seconds: 'second',
  ss: 'second',
  s: 'second',
  millisecond: 'millisecond',
  milliseconds: 'millisecond',
  ms: 'millisecond',
  microsecond: 'microsecond',
  microseconds: 'microsecond',
  mcs: 'microsecond',
  nanosecond: 'nanosecond',
  nanoseconds: 'nanosecond',
  ns: 'nanosecond',
};

export function parseUnit(name: string): Unit | undefined {
  return UNIT_ALIASES[name.trim().toLowerCase()];
}

const FIXED_UNIT_TICKS: Readonly<Partial<Record<Unit, bigint>>> = {
  week: 7n * TICKS_PER_DAY,
  day: TICKS_PER_DAY,
  hour: TICKS_PER_HOUR,
  minute: TICKS_PER_MINUTE,
  second: TICKS_PER_SECOND,
  millisecond: TICKS_PER_MS,
  microsecond: 10n,
};

/** datetime_add: calendar units via AddMonths, the rest exactly in ticks (nanoseconds round down). */
export function addUnits(t: bigint, unit: Unit, amount: number): bigint | null {
  if (!Number.isFinite(amount)) return null;
  const n = Math.trunc(amount);
  const r = addUnitsCore(t, unit, n);
  return r === null ? null : datetimeInRange(r); // past 0001 .. 9999: null
}

function addUnitsCore(t: bigint, unit: Unit, n: number): bigint | null {
  switch (unit) {
    case 'year':
      return addMonths(t, n * 12);
    case 'quarter':
      return addMonths(t, n * 3);
    case 'month':
      return addMonths(t, n);
    case 'nanosecond':
      return t + BigInt(n) / 100n;
    default:
      return t + BigInt(n) * (FIXED_UNIT_TICKS[unit] as bigint);
  }
}

/** datetime_diff: the number of `unit` boundaries crossed going from t2 to t1 (t1 - t2). */
export function diffUnits(unit: Unit, t1: bigint, t2: bigint): number {
  const monthIndex = (t: bigint) => {
    const p = toParts(t);
    return p.year * 12 + p.month - 1;
  };
  switch (unit) {
    case 'year':
      return toParts(t1).year - toParts(t2).year;
    case 'quarter':
      return Math.floor(monthIndex(t1) / 3) - Math.floor(monthIndex(t2) / 3);
    case 'month':
      return monthIndex(t1) - monthIndex(t2);
    case 'week':
      return Number((startOfWeek(t1) - startOfWeek(t2)) / (7n * TICKS_PER_DAY));
    case 'nanosecond':
      return Number(t1 - t2) * 100;
    default: {
      const size = FIXED_UNIT_TICKS[unit] as bigint;
      return Number(floorDiv(t1, size) - floorDiv(t2, size));
    }
  }
}
