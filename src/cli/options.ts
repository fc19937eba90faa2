/** Option value parsers shared by the commands; each bad value is a usage error (exit 2). */
import { parseDatetime } from '../kql/engine.js';
import { UsageError } from './exit.js';

/** An ISO 8601 instant (other Kusto datetime spellings are accepted too) → ticks since 1970. */
export function parseInstant(option: string, text: string | undefined): bigint | undefined {
  if (text === undefined) return undefined;
  const ticks = parseDatetime(text);
  if (ticks === null)
    throw new UsageError(`${option}: '${text}' is not a datetime (use ISO 8601, e.g. 2024-05-01T00:00:00Z)`);
  return ticks;
}

/**
 * `--table NAME`: the table plain rows load into when neither the file name nor a table column
 * says (a portal export saved as `export (3).csv`); without it the table is told from the columns.
 */
export function parseTableOption(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(text))
    throw new UsageError(`--table: '${text}' is not a table name (letters, digits and _)`);
  return text;
}

/** `--table` as an options fragment: `{ table }` when given, `{}` otherwise (spread into load options). */
export function tableOption(text: string | undefined): { table?: string } {
  const table = parseTableOption(text);
  return table !== undefined ? { table } : {};
}

/** `--now`: the instant now() returns for the whole query. */
export const parseNowOption = (text: string | undefined) => parseInstant('--now', text);

/** A whole number ≥ min, for --timeout, --max-rows, --devices, … */
export function parseCount(option: string, text: string | undefined, min = 0): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${option}: '${text}' is not a whole number`);
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`${option}: must be a whole number ≥ ${min}`);
  return n;
}

/** A choice among fixed words (case-sensitive, as written in --help). */
export function parseChoice<T extends string>(
  option: string,
  text: string | undefined,
  choices: readonly T[],
  fallback: T,
): T {
  if (text === undefined) return fallback;
  if ((choices as readonly string[]).includes(text)) return text as T;
  throw new UsageError(`${option}: '${text}' is not one of ${choices.join(', ')}`);
}

/** Collector for repeatable options (`--data a --data b`). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
