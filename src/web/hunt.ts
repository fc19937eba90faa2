/**
 * A hunt from the web app: the server's HuntSession runs every rule whose tables are loaded (or the
 * chosen ones) on its data or target, with its `now()` and the rules' stored exclusions applied,
 * recorded in the store (run row, each rule's result with its exclusions' effect, findings).
 * Hunts are serialised: a second request waits for the running one instead of interleaving with it.
 */
import type { Run, WebRule } from './model.js';
import type { WebState } from './state.js';

/** Per-rule limit: a runaway rule must not hold the page (the CLI's default is 60 s). */
const RULE_TIMEOUT_MS = 10_000;

let queue: Promise<unknown> = Promise.resolve();

async function huntOnce(state: WebState, rules: readonly WebRule[]): Promise<Run> {
  const result = await state.session.hunt({
    // Stored exclusions ride on the rules: the hunt runs each rule tuned and measures each one.
    rules: state.rulesForHunt(rules),
    exclusions: 'applied',
    timeoutMs: RULE_TIMEOUT_MS,
  });
  const run = result.runId === undefined ? undefined : state.run(String(result.runId));
  if (!run) throw new Error('the hunt was not recorded in the store');
  return run;
}

/**
 * Runs `rules` (default: every rule whose tables are loaded; on a remote target, every rule) and
 * returns the recorded run.
 */
export function huntNow(state: WebState, rules?: readonly WebRule[]): Promise<Run> {
  const chosen = rules ?? (state.session.target?.remote ? state.rules : state.rules.filter((r) => state.hasData(r)));
  const next = queue.then(
    () => huntOnce(state, chosen),
    () => huntOnce(state, chosen),
  );
  queue = next.catch(() => undefined);
  return next;
}
