/**
 * A hunt from the web app: the server's HuntSession runs every rule whose tables are loaded (or the
 * chosen ones) on its data or target, with its `now()` and the rules' stored exclusions applied,
 * recorded in the store (run row, each rule's result with its exclusions' effect, findings).
 * Hunts are serialised: a second request waits for the running one instead of interleaving with it.
 * `startHunt` returns as soon as the run row exists; `huntProgress` says how far it got.
 */
import type { Run, WebRule } from './model.js';
import type { WebState } from './state.js';

/** Per-rule limit: a runaway rule must not hold the page (the CLI's default is 60 s). */
const RULE_TIMEOUT_MS = 10_000;

let queue: Promise<unknown> = Promise.resolve();

export interface HuntProgress {
  readonly runId: string;
  readonly done: number;
  readonly total: number;
  readonly findings: number;
}

const PROGRESS = new WeakMap<WebState, HuntProgress>();

/** The running hunt's progress (undefined when none runs). */
export function huntProgress(state: WebState): HuntProgress | undefined {
  return PROGRESS.get(state);
}

async function huntOnce(
  state: WebState,
  rules: readonly WebRule[],
  spec: readonly string[] | undefined,
  started: (runId: string) => void,
): Promise<Run> {
  let runId = '';
  const hunt = state.session.hunt({
    // Stored exclusions ride on the rules: the hunt runs each rule tuned and measures each one.
    rules: state.rulesForHunt(rules),
    exclusions: 'applied',
    timeoutMs: RULE_TIMEOUT_MS,
    ...(spec ? { rulesSpec: spec } : {}),
    onProgress: (p) => PROGRESS.set(state, { runId, done: p.done, total: p.total, findings: p.findings }),
  });
  // runHunt records the run row before its first await, so the newest run is this one.
  runId = String(state.store.listRuns(1)[0]?.id ?? '');
  PROGRESS.set(state, { runId, done: 0, total: rules.length, findings: 0 });
  started(runId);
  try {
    const result = await hunt;
    const run = result.runId === undefined ? undefined : state.run(String(result.runId));
    if (!run) throw new Error('the hunt was not recorded in the store');
    return run;
  } finally {
    PROGRESS.delete(state);
  }
}

function enqueue(
  state: WebState,
  rules: readonly WebRule[],
  spec: readonly string[] | undefined,
  started: (runId: string) => void,
): Promise<Run> {
  const go = () => huntOnce(state, rules, spec, started);
  const next = queue.then(go, go);
  queue = next.catch(() => undefined);
  return next;
}

/**
 * Runs `rules` (default: every rule whose tables are loaded; on a remote target, every rule) and
 * returns the recorded run.
 */
export function huntNow(state: WebState, rules?: readonly WebRule[], spec?: readonly string[]): Promise<Run> {
  const chosen = rules ?? (state.session.target?.remote ? state.rules : state.rules.filter((r) => state.hasData(r)));
  return enqueue(state, chosen, spec, () => undefined);
}

/**
 * Starts a hunt over `rules` and resolves with its run id once the run row exists (the hunt goes on
 * in the background; its page shows the progress).
 */
export function startHunt(state: WebState, rules: readonly WebRule[], spec: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    enqueue(state, rules, spec, resolve).catch((e: unknown) => {
      console.error('kqlhunt web: hunt failed:', e);
      reject(e);
    });
  });
}
