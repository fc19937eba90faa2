/**
 * Time zone conversions for datetime_utc_to_local / datetime_local_to_utc, using the IANA zone
 * database that ships with Node's ICU (no data files of our own).
 */
import { TICKS_PER_MS } from '../values.js';

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatter(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      f = null;
    }
    if (formatters.size > 512) formatters.clear();
    formatters.set(zone, f);
  }
  return f;
}

/** Message when `zone` is a constant that is not a known time zone. */
export function timeZoneProblem(zone: unknown): string | undefined {
  if (typeof zone !== 'string') return undefined;
  return formatter(zone) ? undefined : `unknown time zone '${zone}'; use an IANA name such as 'Europe/Paris'`;
}

/** Offset (ms) of `zone` from UTC at the UTC instant `ms`. */
function offsetMs(f: Intl.DateTimeFormat, ms: number): number {
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const d = new Date(0);
  d.setUTCFullYear(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1);
  d.setUTCHours(parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0, 0);
  const wholeSecond = Math.floor(ms / 1000) * 1000;
  return d.getTime() - wholeSecond;
}

export function utcToLocal(t: bigint, zone: string): bigint | null {
  const f = formatter(zone);
  if (!f) return null;
  const ms = Number(t / TICKS_PER_MS);
  return t + BigInt(offsetMs(f, ms)) * TICKS_PER_MS;
}

export function localToUtc(t: bigint, zone: string): bigint | null {
  const f = formatter(zone);
  if (!f) return null;
  const localMs = Number(t / TICKS_PER_MS);
  // first guess with the offset at the local reading, then correct once around DST changes
  let off = offsetMs(f, localMs);
  off = offsetMs(f, localMs - off);
  return t - BigInt(off) * TICKS_PER_MS;
}
