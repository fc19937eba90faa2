/** Test helpers: compile a library entry for given types (constants marked) and call it. */
import { getAggregate, getScalarFunction } from '../../../src/kql/library/index.js';
import type { KqlValue, ScalarType } from '../../../src/kql/types.js';
import { parseDatetime, parseTimespan } from '../../../src/kql/values.js';

export const NOW = parseDatetime('2024-03-15T12:00:00Z') as bigint;

/** An argument: its type and value; `c: true` passes it as a constant too. */
export interface Arg {
  readonly t: ScalarType;
  readonly v: KqlValue;
  readonly c?: boolean;
}

export const s = (v: string, c = true): Arg => ({ t: 'string', v, c });
export const l = (v: number | null, c = true): Arg => ({ t: 'long', v, c });
export const i = (v: number | null, c = true): Arg => ({ t: 'int', v, c });
export const r = (v: number | null, c = true): Arg => ({ t: 'real', v, c });
export const b = (v: boolean | null, c = true): Arg => ({ t: 'bool', v, c });
export const d = (v: unknown, c = true): Arg => ({ t: 'dynamic', v: v as KqlValue, c });
export const dt = (text: string | null, c = true): Arg => ({
  t: 'datetime',
  v: text === null ? null : (parseDatetime(text) as bigint),
  c,
});
export const ts = (text: string | null, c = true): Arg => ({
  t: 'timespan',
  v: text === null ? null : (parseTimespan(text) as bigint),
  c,
});
export const g = (v: string | null, c = true): Arg => ({ t: 'guid', v, c });
/** Same value, passed as a per-row (non-constant) argument. */
export const row = (a: Arg): Arg => ({ ...a, c: false });

export function call(name: string, ...args: Arg[]): KqlValue {
  const f = getScalarFunction(name);
  if (!f) throw new Error(`no function ${name}`);
  const impl = f.compile(
    args.map((a) => a.t),
    args.map((a) => (a.c ? a.v : undefined)),
    { now: NOW },
  );
  return impl(...args.map((a) => a.v));
}

/** Runs an aggregate over rows of argument values. */
export function aggregate(
  name: string,
  types: readonly ScalarType[],
  rows: readonly KqlValue[][],
  consts: readonly (KqlValue | undefined)[] = [],
): KqlValue | KqlValue[] {
  const agg = getAggregate(name);
  if (!agg) throw new Error(`no aggregate ${name}`);
  const acc = agg.create(types, consts)();
  for (const row of rows) acc.add(...row);
  return acc.result();
}

export const dtv = (text: string): bigint => parseDatetime(text) as bigint;
export const tsv = (text: string): bigint => parseTimespan(text) as bigint;
