/**
 * Rule durations. Sentinel YAML writes `5m`, `1h`, `14d` (KQL timespan literals); ARM templates
 * and some tools write ISO 8601 (`PT1H`, `P1D`). Both normalise to {iso, seconds}; export writes
 * the short Sentinel form back.
 */
import type { RuleDuration } from './model.js';

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };

const SHORT = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)\s*$/i;
const ISO = /^\s*P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?\s*$/i;

/** Parses a duration, or undefined when the text is neither form (or is zero-length `P`/`PT`). */
export function parseDuration(text: string): RuleDuration | undefined {
  const short = SHORT.exec(text);
  if (short) {
    const seconds = Number(short[1]) * (UNIT_SECONDS[(short[2] as string).toLowerCase()] as number);
    return Number.isFinite(seconds) ? { iso: isoOf(seconds), seconds } : undefined;
  }
  const iso = ISO.exec(text);
  if (iso && /\d/.test(text)) {
    const [, d, h, m, s] = iso;
    const seconds = Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0);
    return { iso: isoOf(seconds), seconds };
  }
  return undefined;
}

/** Canonical ISO 8601 spelling: whole days as `P<n>D`, the rest as `PT…H…M…S`. */
export function isoOf(seconds: number): string {
  if (seconds === 0) return 'PT0S';
  const days = Math.floor(seconds / 86400);
  let rest = seconds - days * 86400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const secs = rest - minutes * 60;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${secs ? `${secs}S` : ''}`;
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}

/** The Sentinel spelling: the largest unit that divides the length (`14d`, `90m`, `45s`). */
export function sentinelDuration(d: RuleDuration): string {
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (d.seconds >= size && d.seconds % size === 0) return `${d.seconds / size}${unit}`;
  }
  return `${d.seconds}s`;
}
