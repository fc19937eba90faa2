/**
 * Datetime and timespan functions: now/ago, start-of/end-of, parts, datetime_add/diff/part,
 * format_datetime/format_timespan, make_datetime/make_timespan, unix time conversions and time
 * zones. `now()` is the query's fixed instant from the CompileContext (settable for replays).
 */
import type { KqlValue, ScalarType } from '../types.js';
import { datetimeInRange, TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND } from '../values.js';
import {
  addMonths,
  addUnits,
  dayOfYear,
  diffUnits,
  fromParts,
  isoWeek,
  parseUnit,
  startOfDay,
  startOfMonth,
  startOfWeek,
  startOfYear,
  toParts,
  type Unit,
} from './calendar.js';
import { datetimeConv, numberConv, stringConv, timespanConv } from './coerce.js';
import { formatDatetimeWith, formatTimespanWith, tokenizeFormat } from './datetime-format.js';
import { type Compile, type ConstArgs, check, defineAll, type Spec } from './define.js';
import { localToUtc, timeZoneProblem, utcToLocal } from './timezone.js';
import type { ScalarImpl } from './types.js';

/** A datetime argument at position 0, converted from its type; `f` gets ticks (non-null). */
function onDatetime(f: (t: bigint) => KqlValue): Compile {
  return (types) => {
    const dt = datetimeConv(types[0] ?? 'datetime');
    return (v) => {
      const t = dt(v);
      return t === null ? null : f(t);
    };
  };
}

/** start-of/end-of with an optional offset argument (in days/weeks/months/years). */
function startEnd(start: (t: bigint) => bigint, shift: (t: bigint, n: number) => bigint | null, end: boolean): Compile {
  return (types) => {
    const dt = datetimeConv(types[0] ?? 'datetime');
    const off = numberConv(types[1] ?? 'long');
    return (v, o) => {
      const t = dt(v);
      if (t === null) return null;
      const n = o === undefined ? 0 : off(o);
      if (n === null) return null;
      const s = start(t);
      if (!end) return shift(s, Math.trunc(n));
      const next = shift(s, Math.trunc(n) + 1);
      return next === null ? null : next - 1n;
    };
  };
}

const byTicks = (size: bigint) => (t: bigint, n: number) => t + BigInt(n) * size;

const unitProblem = (i: number, allowed: readonly Unit[]) => (_t: readonly ScalarType[], c: ConstArgs) => {
  const v = c[i];
  if (typeof v !== 'string') return undefined;
  const u = parseUnit(v);
  return u && allowed.includes(u) ? undefined : `unknown datetime part '${v}'; use one of: ${allowed.join(', ')}`;
};

const ADD_UNITS: readonly Unit[] = [
  'year',
  'quarter',
  'month',
  'week',
  'day',
  'hour',
  'minute',
  'second',
  'millisecond',
  'microsecond',
  'nanosecond',
];

/** A unit argument at position `i`: fixed at compile time when constant, else parsed per row. */
function unitGetter(
  types: readonly ScalarType[],
  consts: ConstArgs,
  i: number,
  allowed: readonly Unit[],
): (v: KqlValue) => Unit | undefined {
  const c = consts[i];
  if (typeof c === 'string') {
    check(unitProblem(i, allowed)(types, consts));
    const u = parseUnit(c);
    return () => u;
  }
  const s = stringConv(types[i]);
  return (v) => {
    const u = parseUnit(s(v));
    return u && allowed.includes(u) ? u : undefined;
  };
}

type PartName =
  | 'year'
  | 'quarter'
  | 'month'
  | 'week_of_year'
  | 'day'
  | 'dayofyear'
  | 'hour'
  | 'minute'
  | 'second'
  | 'millisecond'
  | 'microsecond'
  | 'nanosecond';

const PART_ALIASES: Readonly<Record<string, PartName>> = {
  year: 'year',
  quarter: 'quarter',
  month: 'month',
  week_of_year: 'week_of_year',
  weekofyear: 'week_of_year',
  week: 'week_of_year',
  day: 'day',
  dayofyear: 'dayofyear',
  hour: 'hour',
  minute: 'minute',
  second: 'second',
  millisecond: 'millisecond',
  microsecond: 'microsecond',
  nanosecond: 'nanosecond',
};

function datePart(part: PartName, t: bigint): number {
  const p = toParts(t);
  switch (part) {
    case 'year':
      return p.year;
    case 'quarter':
      return Math.floor((p.month - 1) / 3) + 1;
    case 'month':
      return p.month;
    case 'week_of_year':
      return isoWeek(t);
    case 'day':
      return p.day;
    case 'dayofyear':
      return dayOfYear(t);
    case 'hour':
      return p.hour;
    case 'minute':
      return p.minute;
    case 'second':
      return p.second;
    case 'millisecond':
      return Math.floor(p.fraction / 10_000);
    case 'microsecond':
      return Math.floor(p.fraction / 10);
    case 'nanosecond':
      return p.fraction * 100;
    default: {
      const never: never = part;
      return never;
    }
  }
}

const formatCompile =
  (kind: 'datetime' | 'timespan'): Compile =>
  (types, consts) => {
    const conv = kind === 'datetime' ? datetimeConv(types[0] ?? 'datetime') : timespanConv(types[0] ?? 'timespan');
    const fmt = stringConv(types[1]);
    const fixed = typeof consts[1] === 'string' ? tokenizeFormat(consts[1]) : undefined;
    const apply = kind === 'datetime' ? formatDatetimeWith : formatTimespanWith;
    return (v, f) => {
      const t = conv(v);
      return t === null ? '' : apply(t, fixed ?? tokenizeFormat(fmt(f)));
    };
  };

/** make_datetime(y, m, d [, h, mi, s]) where seconds may carry a fraction. */
const makeDatetime: Compile = (types) => {
  const nums = types.map((t) => numberConv(t));
  return (...args) => {
    const n = args.map((a, i) => (nums[i] as (v: KqlValue) => number | null)(a));
    if (n.some((x) => x === null)) return null;
    const [y, mo, d, h = 0, mi = 0, s = 0] = n as number[];
    const whole = Math.floor(s as number);
    const base = fromParts(y as number, mo as number, d as number, h, mi, whole);
    return base === null ? null : base + BigInt(Math.round(((s as number) - whole) * 1e7));
  };
};

/** make_timespan(h, m) | (h, m, s) | (d, h, m, s); seconds may carry a fraction. */
const makeTimespan: Compile = (types) => {
  const nums = types.map((t) => numberConv(t));
  return (...args) => {
    const n = args.map((a, i) => (nums[i] as (v: KqlValue) => number | null)(a));
    if (n.some((x) => x === null)) return null;
    const v = n as number[];
    const [d, h, m, s] = v.length === 4 ? v : v.length === 3 ? [0, ...v] : [0, ...v, 0];
    const whole =
      BigInt(Math.trunc(d as number)) * TICKS_PER_DAY +
      BigInt(Math.trunc(h as number)) * TICKS_PER_HOUR +
      BigInt(Math.trunc(m as number)) * TICKS_PER_MINUTE;
    return whole + BigInt(Math.round((s as number) * 1e7));
  };
};

/** unixtime_*_todatetime: a number of units since 1970 (reals keep their fraction to the tick). */
const fromUnix =
  (ticksPerUnit: number): Compile =>
  (types) => {
    const n = numberConv(types[0] ?? 'long');
    return (v) => {
      const x = n(v);
      if (x === null || !Number.isFinite(x)) return null;
      if (Number.isInteger(x) && ticksPerUnit >= 1) return BigInt(x) * BigInt(ticksPerUnit);
      return BigInt(Math.round(x * ticksPerUnit));
    };
  };

const dt1 = (name: string, doc: string, returns: ScalarType, f: (t: bigint) => KqlValue, aliases?: string[]): Spec => ({
  name,
  doc,
  params: ['datetime-ish'],
  returns,
  compile: onDatetime(f),
  ...(aliases ? { aliases } : {}),
});

const startEndSpec = (
  name: string,
  doc: string,
  start: (t: bigint) => bigint,
  shift: (t: bigint, n: number) => bigint | null,
  end: boolean,
): Spec => ({
  name,
  doc,
  params: ['datetime-ish', 'long'],
  min: 1,
  returns: 'datetime',
  compile: startEnd(start, shift, end),
});

const monthShift = (t: bigint, n: number) => addMonths(t, n);
const yearShift = (t: bigint, n: number) => addMonths(t, n * 12);

const nowCompile: Compile = (types, _c, ctx) => {
  const off = timespanConv(types[0] ?? 'timespan');
  return (o) => {
    if (o === undefined) return ctx.now;
    const d = off(o);
    return d === null ? null : datetimeInRange(ctx.now + d);
  };
};

export const datetimeFunctions = defineAll('datetime', [
  {
    name: 'now',
    doc: "The query's current instant (fixed for the whole query), plus an optional offset.",
    params: ['timespan'],
    min: 0,
    max: 1,
    returns: 'datetime',
    flags: { usesNow: true },
    compile: nowCompile,
  },
  {
    name: 'ago',
    doc: 'now() minus a timespan.',
    params: ['timespan'],
    returns: 'datetime',
    flags: { usesNow: true },
    compile: (types, _c, ctx): ScalarImpl => {
      const off = timespanConv(types[0] ?? 'timespan');
      return (o) => {
        const d = off(o);
        return d === null ? null : datetimeInRange(ctx.now - d);
      };
    },
  },
  startEndSpec(
    'startofday',
    'Start of the day, shifted by an optional number of days.',
    startOfDay,
    byTicks(TICKS_PER_DAY),
    false,
  ),
  startEndSpec(
    'startofweek',
    'Start of the week (Sunday), shifted by an optional number of weeks.',
    startOfWeek,
    byTicks(7n * TICKS_PER_DAY),
    false,
  ),
  startEndSpec(
    'startofmonth',
    'Start of the month, shifted by an optional number of months.',
    startOfMonth,
    monthShift,
    false,
  ),
  startEndSpec(
    'startofyear',
    'Start of the year, shifted by an optional number of years.',
    startOfYear,
    yearShift,
    false,
  ),
  startEndSpec(
    'endofday',
    'Last tick of the day, shifted by an optional number of days.',
    startOfDay,
    byTicks(TICKS_PER_DAY),
    true,
  ),
  startEndSpec(
    'endofweek',
    'Last tick of the week (Saturday), shifted by an optional number of weeks.',
    startOfWeek,
    byTicks(7n * TICKS_PER_DAY),
    true,
  ),
  startEndSpec(
    'endofmonth',
    'Last tick of the month, shifted by an optional number of months.',
    startOfMonth,
    monthShift,
    true,
  ),
  startEndSpec(
    'endofyear',
    'Last tick of the year, shifted by an optional number of years.',
    startOfYear,
    yearShift,
    true,
  ),
  dt1(
    'dayofweek',
    'Days since the preceding Sunday, as a timespan.',
    'timespan',
    (t) => BigInt(toParts(t).weekday) * TICKS_PER_DAY,
  ),
  dt1('dayofmonth', 'Day of the month (1..31).', 'int', (t) => toParts(t).day),
  dt1('dayofyear', 'Day of the year (1..366).', 'int', dayOfYear),
  // The engine types getyear/monthofyear as long (dayofmonth etc. stay int).
  dt1('monthofyear', 'Month number (1..12).', 'long', (t) => toParts(t).month, ['getmonth']),
  dt1('getyear', 'Year of a datetime.', 'long', (t) => toParts(t).year),
  dt1('hourofday', 'Hour of the day (0..23).', 'int', (t) => toParts(t).hour),
  dt1('week_of_year', 'ISO 8601 week number.', 'int', isoWeek, ['weekofyear']),
  {
    name: 'datetime_add',
    doc: "Adds an amount of a calendar unit ('month', 'day', 'hour' …) to a datetime.",
    params: ['string', 'long', 'datetime-ish'],
    returns: 'datetime',
    validate: unitProblem(0, ADD_UNITS),
    compile: (types, consts) => {
      const unit = unitGetter(types, consts, 0, ADD_UNITS);
      const amount = numberConv(types[1] ?? 'long');
      const dt = datetimeConv(types[2] ?? 'datetime');
      return (u, a, v) => {
        const un = unit(u);
        const n = amount(a);
        const t = dt(v);
        return un === undefined || n === null || t === null ? null : addUnits(t, un, n);
      };
    },
  },
  {
    name: 'datetime_diff',
    doc: 'Number of unit boundaries between two datetimes (first minus second).',
    params: ['string', 'datetime-ish', 'datetime-ish'],
    // The engine types a constant 'week' difference as real (the value is still whole).
    returns: (_t, consts) => (typeof consts[0] === 'string' && consts[0].toLowerCase() === 'week' ? 'real' : 'long'),
    validate: unitProblem(0, ADD_UNITS),
    compile: (types, consts) => {
      const unit = unitGetter(types, consts, 0, ADD_UNITS);
      const a = datetimeConv(types[1] ?? 'datetime');
      const b = datetimeConv(types[2] ?? 'datetime');
      return (u, x, y) => {
        const un = unit(u);
        const t1 = a(x);
        const t2 = b(y);
        return un === undefined || t1 === null || t2 === null ? null : diffUnits(un, t1, t2);
      };
    },
  },
  {
    name: 'datetime_part',
    aliases: ['datepart'],
    doc: "A part of a datetime as an integer ('year', 'month', 'day', 'hour', 'week_of_year' …).",
    params: ['string', 'datetime-ish'],
    returns: 'int',
    validate: (_t, c) =>
      typeof c[0] === 'string' && !PART_ALIASES[c[0].toLowerCase()] ? `unknown datetime part '${c[0]}'` : undefined,
    compile: (types, consts) => {
      const s = stringConv(types[0]);
      const fixed = typeof consts[0] === 'string' ? PART_ALIASES[consts[0].toLowerCase()] : undefined;
      check(typeof consts[0] === 'string' && !fixed ? `unknown datetime part '${consts[0]}'` : undefined);
      const dt = datetimeConv(types[1] ?? 'datetime');
      return (p, v) => {
        const part = fixed ?? PART_ALIASES[s(p).toLowerCase()];
        const t = dt(v);
        return part === undefined || t === null ? null : datePart(part, t);
      };
    },
  },
  {
    name: 'format_datetime',
    doc: "Formats a datetime with a format such as 'yyyy-MM-dd HH:mm:ss.fff'.",
    params: ['datetime-ish', 'string'],
    returns: 'string',
    compile: formatCompile('datetime'),
  },
  {
    name: 'format_timespan',
    doc: "Formats a timespan with a format such as 'd.hh:mm:ss'.",
    params: ['timespan', 'string'],
    returns: 'string',
    compile: formatCompile('timespan'),
  },
  {
    name: 'make_datetime',
    doc: 'Datetime from year, month, day [, hour, minute, second (with fraction)].',
    params: ['long', 'long', 'long', 'long', 'long', 'real'],
    min: 3,
    returns: 'datetime',
    compile: makeDatetime,
  },
  {
    name: 'make_timespan',
    doc: 'Timespan from (hours, minutes), (h, m, s) or (days, h, m, s).',
    params: ['long', 'long', 'long', 'real'],
    min: 2,
    returns: 'timespan',
    compile: makeTimespan,
  },
  {
    name: 'unixtime_seconds_todatetime',
    doc: 'Datetime from seconds since 1970.',
    params: ['real'],
    returns: 'datetime',
    compile: fromUnix(Number(TICKS_PER_SECOND)),
  },
  {
    name: 'unixtime_milliseconds_todatetime',
    doc: 'Datetime from milliseconds since 1970.',
    params: ['real'],
    returns: 'datetime',
    compile: fromUnix(10_000),
  },
  {
    name: 'unixtime_microseconds_todatetime',
    doc: 'Datetime from microseconds since 1970.',
    params: ['real'],
    returns: 'datetime',
    compile: fromUnix(10),
  },
  {
    name: 'unixtime_nanoseconds_todatetime',
    doc: 'Datetime from nanoseconds since 1970 (rounded to 100 ns).',
    params: ['real'],
    returns: 'datetime',
    compile: fromUnix(0.01),
  },
  {
    name: 'datetime_utc_to_local',
    doc: "Converts a UTC datetime to local time in an IANA time zone ('Europe/Paris').",
    params: ['datetime-ish', 'string'],
    returns: 'datetime',
    validate: (_t, c) => timeZoneProblem(c[1]),
    compile: (types, consts) => tzCompile(types, consts, utcToLocal),
  },
  {
    name: 'datetime_local_to_utc',
    doc: 'Converts a local datetime in an IANA time zone to UTC.',
    params: ['datetime-ish', 'string'],
    returns: 'datetime',
    validate: (_t, c) => timeZoneProblem(c[1]),
    compile: (types, consts) => tzCompile(types, consts, localToUtc),
  },
]);

function tzCompile(
  types: readonly ScalarType[],
  consts: ConstArgs,
  f: (t: bigint, tz: string) => bigint | null,
): ScalarImpl {
  check(timeZoneProblem(consts[1]));
  const dt = datetimeConv(types[0] ?? 'datetime');
  const tz = stringConv(types[1]);
  return (v, z) => {
    const t = dt(v);
    return t === null ? null : f(t, tz(z));
  };
}
