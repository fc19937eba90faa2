/**
 * A rule's time window, read from its text: the largest lookback among `ago(X)` and `now(-X)`
 * calls (X evaluated with the query's own `let` statements, so `let lookback = 14d; … ago(lookback)`
 * works). Used to explain a rule that found nothing because its window misses the data.
 */

import type { Call, Expr, Query } from '../kql/engine.js';
import { type Catalog, formatDatetime, formatTimespan, nodesOfKind, runQuery } from '../kql/engine.js';
import { parsedQuery } from './parsed.js';

export interface RuleWindow {
  readonly start: bigint;
  readonly end: bigint;
  readonly lookback: bigint;
}

/** The `ago(X)` / `now(X)` calls of the tree. */
function windowCalls(query: Query): Call[] {
  return nodesOfKind(query, 'Call').filter((call) => {
    const name = call.name.name.toLowerCase();
    return (name === 'ago' || name === 'now') && call.args.length === 1 && !call.target;
  });
}

function letPrefix(text: string, query: Query): string {
  return query.statements
    .filter((s) => s.kind === 'Let')
    .map((s) => `${text.slice(s.span.start, s.span.end)};`)
    .join('\n');
}

/**
 * Evaluates one timespan expression in the context of the query's lets; undefined if it fails.
 * `memo` (one per catalog and now, e.g. per hunt) keeps each distinct expression's value: a pack's
 * rules mostly share the same `now(-5d)`.
 */
function evalTimespan(
  text: string,
  prefix: string,
  arg: Expr,
  catalog: Catalog,
  now: bigint,
  memo: Map<string, bigint | undefined> | undefined,
): bigint | undefined {
  const q = `${prefix}\nprint __v = totimespan(${text.slice(arg.span.start, arg.span.end)})`;
  if (memo?.has(q)) return memo.get(q);
  let value: bigint | undefined;
  try {
    const r = runQuery(q, { catalog, now, timeoutMs: 1000 });
    const v = r.result?.table.rowCount === 1 ? r.result.table.columns[0]!.get(0) : undefined;
    value = typeof v === 'bigint' ? v : undefined;
  } catch {
    value = undefined;
  }
  memo?.set(q, value);
  return value;
}

/**
 * The rule's window ending at `now`; undefined when it has no ago()/now() lookback. `memo`: see
 * evalTimespan (only share one between calls with the same catalog and now).
 */
export function ruleWindow(
  text: string,
  catalog: Catalog,
  now: bigint,
  memo?: Map<string, bigint | undefined>,
): RuleWindow | undefined {
  const parsed = parsedQuery(text);
  const calls = windowCalls(parsed.query);
  if (calls.length === 0) return undefined;
  const prefix = letPrefix(text, parsed.query);
  let lookback: bigint | undefined;
  for (const call of calls) {
    const v = evalTimespan(text, prefix, call.args[0]!, catalog, now, memo);
    if (v === undefined) continue;
    // ago(5d) looks back 5 days; now(-5d) too; now(+1h) looks ahead and sets no lookback.
    const back = call.name.name.toLowerCase() === 'ago' ? v : -v;
    if (back > 0n && (lookback === undefined || back > lookback)) lookback = back;
  }
  return lookback === undefined ? undefined : { start: now - lookback, end: now, lookback };
}

/** Text for a rule whose window misses the data, or undefined when they overlap. */
export function windowMiss(
  window: RuleWindow,
  data: { readonly min: bigint; readonly max: bigint } | undefined,
): string | undefined {
  if (!data) return undefined;
  if (window.start <= data.max && window.end >= data.min) return undefined;
  return (
    `its time window ${formatDatetime(window.start)} .. ${formatDatetime(window.end)} ` +
    `(now() minus ${formatTimespan(window.lookback)}) does not overlap the data ` +
    `(${formatDatetime(data.min)} .. ${formatDatetime(data.max)}); use --now auto or --now <end of the export>`
  );
}
