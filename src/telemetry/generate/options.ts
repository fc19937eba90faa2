/**
 * The generator's public options and summary, and the checks that turn user-supplied options into
 * a validated plan (invalid values are reported as errors with the option's name, never thrown
 * from deep inside the generator).
 */
import { parseDatetime, TICKS_PER_DAY, TICKS_PER_HOUR } from '../../kql/engine.js';

export type GenerateFormat = 'ndjson' | 'csv' | 'streaming';

export interface GenerateProgress {
  readonly events: number;
  readonly targetEvents: number;
  readonly day: number;
  readonly days: number;
}

export interface GenerateOptions {
  readonly outDir: string;
  readonly devices?: number;
  readonly events?: number;
  readonly days?: number;
  /** End of the window (ISO 8601); default: the current hour (UTC), rounded up. */
  readonly end?: string;
  readonly seed?: string | number;
  readonly format?: GenerateFormat;
  readonly onProgress?: (p: GenerateProgress) => void;
}

export interface PlantedSummary {
  readonly tool: string;
  readonly verdict: 'benign' | 'malicious';
  readonly devices: readonly string[];
  readonly events: number;
}

export interface GenerateSummary {
  readonly outDir: string;
  readonly format: GenerateFormat;
  readonly seed: string;
  readonly devices: number;
  readonly days: number;
  readonly start: string;
  readonly end: string;
  readonly totalEvents: number;
  readonly tables: Readonly<Record<string, number>>;
  readonly files: readonly string[];
  readonly groundTruthFile: string;
  readonly groundTruthEvents: number;
  readonly planted: readonly PlantedSummary[];
  readonly cleanDevices: number;
  readonly elapsedMs: number;
  readonly eventsPerSecond: number;
}

export interface ResolvedOptions {
  readonly outDir: string;
  readonly devices: number;
  readonly events: number;
  readonly days: number;
  readonly start: bigint;
  readonly end: bigint;
  readonly seed: string;
  readonly format: GenerateFormat;
}

export const DEFAULTS = { devices: 100, events: 100_000, days: 7, seed: 'kqlhunt' } as const;

function positiveInt(name: string, v: number | undefined, fallback: number, max: number): number {
  if (v === undefined) return fallback;
  if (!Number.isInteger(v) || v < 1 || v > max)
    throw new RangeError(`${name} must be an integer between 1 and ${max} (got ${v})`);
  return v;
}

/** Validates options; throws RangeError with the option's name on bad input (the CLI reports it). */
export function resolveOptions(o: GenerateOptions, now: Date = new Date()): ResolvedOptions {
  if (!o.outDir) throw new RangeError('outDir is required');
  const devices = positiveInt('devices', o.devices, DEFAULTS.devices, 1_000_000);
  const events = positiveInt('events', o.events, DEFAULTS.events, 2_000_000_000);
  const days = positiveInt('days', o.days, DEFAULTS.days, 3_660);
  let end: bigint;
  if (o.end !== undefined) {
    const t = parseDatetime(o.end);
    if (t === null) throw new RangeError(`end is not a datetime: ${o.end}`);
    end = t;
  } else {
    const ms = BigInt(now.getTime()) * 10_000n;
    end = (ms / TICKS_PER_HOUR + 1n) * TICKS_PER_HOUR;
  }
  const format = o.format ?? 'ndjson';
  if (format !== 'ndjson' && format !== 'csv' && format !== 'streaming')
    throw new RangeError(`unknown format ${String(format)}`);
  return {
    outDir: o.outDir,
    devices,
    events,
    days,
    start: end - BigInt(days) * TICKS_PER_DAY,
    end,
    seed: String(o.seed ?? DEFAULTS.seed),
    format,
  };
}
