/**
 * format_datetime and format_timespan: .NET-style custom format strings as Kusto documents them
 * (d, dd, f…fffffff, F…FFFFFFF, h, hh, H, HH, m, mm, M, MM, s, ss, y, yy, yyyy, tt and literal
 * separators; also MMM/MMMM/ddd/dddd names). The format is tokenised once per query when it is a
 * constant.
 */
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND } from '../values.js';
import { type Parts, toParts } from './calendar.js';

export interface Token {
  /** The specifier letter, or '' for literal text. */
  readonly ch: string;
  readonly count: number;
  readonly text: string;
}

const SPECIFIERS = new Set(['d', 'f', 'F', 'h', 'H', 'm', 'M', 's', 'y', 't']);

/** Splits a format into specifier runs and literals ('quoted' text and \x escapes are literal). */
export function tokenizeFormat(format: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < format.length) {
    const c = format[i] as string;
    if (SPECIFIERS.has(c)) {
      let j = i + 1;
      while (format[j] === c) j++;
      out.push({ ch: c, count: j - i, text: format.slice(i, j) });
      i = j;
    } else if (c === "'" || c === '"') {
      const end = format.indexOf(c, i + 1);
      const stop = end < 0 ? format.length : end;
      out.push({ ch: '', count: 0, text: format.slice(i + 1, stop) });
      i = stop + 1;
    } else if (c === '\\' && i + 1 < format.length) {
      out.push({ ch: '', count: 0, text: format[i + 1] as string });
      i += 2;
    } else {
      out.push({ ch: '', count: 0, text: c });
      i++;
    }
  }
  return out;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** Fraction digits: `f` keeps zeros, `F` drops trailing zeros. */
function fraction(ticks: number, count: number, trim: boolean): string {
  const digits = pad(ticks, 7).slice(0, Math.min(count, 7));
  return trim ? digits.replace(/0+$/, '') : digits;
}

function datetimeToken(tok: Token, p: Parts): string {
  const n = tok.count;
  switch (tok.ch) {
    case 'y':
      return n <= 2 ? pad(p.year % 100, n) : pad(p.year, n);
    case 'M':
      return n >= 4
        ? (MONTHS[p.month - 1] as string)
        : n === 3
          ? (MONTHS[p.month - 1] as string).slice(0, 3)
          : pad(p.month, n);
    case 'd':
      return n >= 4 ? (DAYS[p.weekday] as string) : n === 3 ? (DAYS[p.weekday] as string).slice(0, 3) : pad(p.day, n);
    case 'H':
      return pad(p.hour, Math.min(n, 2));
    case 'h':
      return pad(p.hour % 12 === 0 ? 12 : p.hour % 12, Math.min(n, 2));
    case 'm':
      return pad(p.minute, Math.min(n, 2));
    case 's':
      return pad(p.second, Math.min(n, 2));
    case 'f':
      return fraction(p.fraction, n, false);
    case 'F':
      return fraction(p.fraction, n, true);
    case 't':
      return (p.hour < 12 ? 'AM' : 'PM').slice(0, n >= 2 ? 2 : 1);
    default:
      return tok.text;
  }
}

/** Joins rendered tokens; an empty `F` output also drops the '.' right before it (as .NET does). */
function render(tokens: readonly Token[], one: (t: Token) => string): string {
  let out = '';
  for (const tok of tokens) {
    const s = one(tok);
    if (tok.ch === 'F' && s === '' && out.endsWith('.')) out = out.slice(0, -1);
    out += s;
  }
  return out;
}

export function formatDatetimeWith(t: bigint, tokens: readonly Token[]): string {
  const p = toParts(t);
  return render(tokens, (tok) => datetimeToken(tok, p));
}

export function formatTimespanWith(t: bigint, tokens: readonly Token[]): string {
  const neg = t < 0n;
  let v = neg ? -t : t;
  const days = v / TICKS_PER_DAY;
  v -= days * TICKS_PER_DAY;
  const h = Number(v / TICKS_PER_HOUR);
  v -= BigInt(h) * TICKS_PER_HOUR;
  const m = Number(v / TICKS_PER_MINUTE);
  v -= BigInt(m) * TICKS_PER_MINUTE;
  const s = Number(v / TICKS_PER_SECOND);
  const frac = Number(v - BigInt(s) * TICKS_PER_SECOND);
  const body = render(tokens, (tok) => {
    const n = tok.count;
    switch (tok.ch) {
      case 'd':
        return String(days).padStart(n, '0');
      case 'h':
      case 'H':
        return pad(h, Math.min(n, 2));
      case 'm':
        return pad(m, Math.min(n, 2));
      case 's':
        return pad(s, Math.min(n, 2));
      case 'f':
        return fraction(frac, n, false);
      case 'F':
        return fraction(frac, n, true);
      default:
        return tok.text;
    }
  });
  return neg ? `-${body}` : body;
}
