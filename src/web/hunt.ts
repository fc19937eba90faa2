/**
 * A hunt from the web app: src/hunts `runHunt` over every rule whose tables are loaded, with `now()`
 * at the end of the loaded data and the rules' stored exclusions applied, recorded in the store
 * (run row, each rule's result with its exclusions' effect, findings).
 * Hunts are serialised: a second request waits for the running one instead of interleaving with it.
 */
import { runHunt } from '../hunts/index.js';
import type { Run, WebRule } from './model.js';
import type { WebState } from './state.js';

/** Per-rule limit: a runaway rule must not hold the page (the CLI's default is 60 s). */
const RULE_TIMEOUT_MS = 10_000;

let queue: Promise<unknown> = Promise.resolve();

async function huntOnce(state: WebState, rules: readonly WebRule[]): Promise<Run> {
  const result = await runHunt({
    // Stored exclusions ride on the rules: the hunt runs each rule tuned and measures each one.
    rules: state.rulesForHunt(rules),
    exclusions: 'applied',
    ...(state.groundTruth ? { groundTruth: state.groundTruth } : {}),
    provider: state.provider,
    now: state.now ?? 'auto',
    timeoutMs: RULE_TIMEOUT_MS,
    store: state.store,
    run: { rulesSpec: state.rulesSpec, dataPaths: state.dataPaths },
  });
  const run = result.runId === undefined ? undefined : state.run(String(result.runId));
  if (!run) throw new Error('the hunt was not recorded in the store');
  return run;
}

/** Runs `rules` (default: every rule whose tables are loaded) and returns the recorded run. */
export function huntNow(state: WebState, rules?: readonly WebRule[]): Promise<Run> {
  const chosen = rules ?? state.rules.filter((r) => state.hasData(r));
  const next = queue.then(
    () => huntOnce(state, chosen),
    () => huntOnce(state, chosen),
  );
  queue = next.catch(() => undefined);
  return next;
}
