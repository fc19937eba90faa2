/**
 * Start-up for `kqlhunt serve`: one HuntSession (the catalog's rules — the bundled packs are
 * registered there on first use — the data, the demo fleet generated on first use by default, its
 * ground truth, now() and the store), then the first hunt so every page has something to show. A
 * restart on the same data, rules and now() shows the last completed run instead of hunting again.
 */
import { join } from 'node:path';
import envPaths from 'env-paths';
import { packsRoot } from '../hunts/packs.js';
import { HuntSession } from '../hunts/session.js';
import type { QueryTarget } from '../targets/types.js';
import { huntNow } from './hunt.js';
import { WebState } from './state.js';

export { DEMO_FLEET, ensureDemoFleet } from '../hunts/session.js';

/** packs/ beside dist/ (installed package) or beside src/ (running from a checkout). */
export const BUNDLED_PACKS = `${packsRoot()}/`;

export interface BootOptions {
  /** Telemetry files or directories; none means the demo fleet. */
  readonly data?: readonly string[];
  /** Pack names (bundled), rule directories or catalog sources; none means the whole catalog. */
  readonly rules?: readonly string[];
  /** Where the demo fleet lives; default: the user data directory. */
  readonly demoDir?: string;
  /** The store file (`--db`); default $KQLHUNT_DB, else the user data directory (as the CLI). */
  readonly db?: string;
  /** `--table`: where plain rows go when neither file name nor columns say. */
  readonly table?: string;
  /** Skip the first hunt (tests that want an empty run list). */
  readonly noHunt?: boolean;
  /** Where hunts run (the web app's Run buttons too); default the local engine. */
  readonly target?: QueryTarget;
  readonly log?: (line: string) => void;
}

export function defaultDemoDir(): string {
  return join(envPaths('kqlhunt', { suffix: '' }).data, 'demo-fleet');
}

export async function boot(o: BootOptions = {}): Promise<WebState> {
  const log = o.log ?? (() => {});
  const remote = o.target?.remote === true;
  const session = await HuntSession.open({
    rules: o.rules ?? [],
    lint: true,
    ...(o.data && o.data.length > 0 ? { data: o.data } : remote ? {} : { demoDir: o.demoDir ?? defaultDemoDir() }),
    ...(o.db ? { db: o.db } : {}),
    groundTruth: 'auto',
    now: 'auto',
    ...(o.target ? { target: o.target } : {}),
    log,
    onLoadReport: (r) => log(`data: ${r.totalRows} rows in ${r.tables.length} tables`),
  });
  log(`rules: ${session.rules.length} from ${session.rulesSpec.join(', ')}`);
  if (session.groundTruth)
    log(`ground truth: ${session.groundTruth.rows.length} labelled rows (${session.groundTruth.files.join(', ')})`);
  log(`store: ${session.store?.path}`);
  log(session.now.note);
  const state = new WebState({ session });
  if (!o.noHunt) {
    const chosen = remote ? state.rules : state.rules.filter((r) => state.hasData(r));
    const reused = session.reusableRun(state.rulesForHunt(chosen));
    if (reused)
      log(
        `hunt ${reused.id} (${reused.startedAt}) already ran these rules on this data with the same now(); showing it`,
      );
    else {
      const run = await huntNow(state, chosen);
      log(`hunt ${run.id}: ${run.rulesRun} rules, ${run.findingCount} findings, ${run.errors.length} errors`);
    }
  }
  return state;
}
