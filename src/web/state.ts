/**
 * The server's state: the rule catalog with its enrichment, the loaded telemetry, and the SQLite
 * store that holds hunt runs, findings and triage (so they survive a restart). Reads go to the
 * store each time — it is local and indexed — with small caches for what cannot change: a finished
 * run's summary, the set of rules with findings in the latest run, a rule page's full enrichment.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HuntSession } from '../hunts/session.js';
import type { Enrichment } from '../rules/enrich/index.js';
import type { Exclusion, GroundTruthRow } from '../rules/exclusions/index.js';
import type { Rule } from '../rules/model.js';
import type { Store } from '../store/store.js';
import type { TriageState } from '../store/types.js';
import { TelemetryStore } from '../telemetry/store.js';
import { baseEnrichment, exclusionsOf, fullEnrichment } from './enrich.js';
import type { Finding, Run, WebRule } from './model.js';
import { findingView, runDataLabel, runIdOf, runView } from './views.js';

/**
 * Either a HuntSession (what `serve` builds: rules, data, now, store, ground truth and target in
 * one), or the parts (tests), from which a session is made.
 */
export type StateOptions = { readonly session: HuntSession } | StateParts;

export interface StateParts {
  readonly rules: readonly Rule[];
  readonly provider: TelemetryStore;
  /** `now()` for hunts and the playground: the end of the loaded data. */
  readonly now: bigint | undefined;
  /** Where the data came from, shown in the footer. */
  readonly dataLabel: string;
  /** Runs, findings and triage. The state does not close it unless `close()` is called. */
  readonly store: Store;
  /** Recorded on each run row. */
  readonly rulesSpec?: readonly string[];
  readonly dataPaths?: readonly string[];
  /** Labelled planted rows (the demo fleet's ground_truth.json), for exclusion measurements. */
  readonly groundTruth?: readonly GroundTruthRow[];
}

const RUNS_SHOWN = 50;
/** Datasets of hunts on chosen data kept in memory for their findings' evidence (newest first). */
const RUN_DATA_KEPT = 3;

/** The tables a run's findings are looked up in (raw events, accounts). */
export interface RunData {
  readonly provider: TelemetryStore;
  readonly tables: ReadonlySet<string>;
}

export class WebState {
  /** The hunting session every page and hunt of this server uses. */
  readonly session: HuntSession;
  readonly rules: readonly WebRule[];
  readonly provider: TelemetryStore;
  readonly now: bigint | undefined;
  readonly dataLabel: string;
  readonly store: Store;
  readonly rulesSpec: readonly string[];
  readonly dataPaths: readonly string[];
  readonly groundTruth: readonly GroundTruthRow[] | undefined;
  readonly loadedTables: ReadonlySet<string>;
  private readonly byId: ReadonlyMap<string, WebRule>;
  private readonly finishedRuns = new Map<number, Run>();
  private withFindings: { readonly runId: number; readonly rules: ReadonlySet<string> } | undefined;
  private readonly full = new Map<string, Enrichment>();
  private counts: { readonly runId: number; readonly counts: ReadonlyMap<string, number> } | undefined;
  private readonly runData = new Map<number, RunData>();
  private readonly runDataOf = new Map<number, RunData | undefined>();
  private demoRoot: string | undefined;
  private readonly labels = new Map<number, string>();

  constructor(options: StateOptions) {
    const session =
      'session' in options ? options.session : HuntSession.fromParts({ ...options, data: options.provider });
    if (!session.store) throw new Error('the web app needs a store');
    this.session = session;
    const o = {
      rules: session.rules,
      // A remote target with no local data: the playground and measurements see no tables.
      provider: session.data ?? new TelemetryStore(),
      now: session.now.value,
      dataLabel: session.dataLabel.kind === 'remote' ? `${session.dataLabel.text} (remote)` : session.dataLabel.text,
      store: session.store,
      rulesSpec: session.rulesSpec,
      dataPaths: session.dataLabel.paths,
      groundTruth: session.groundTruth?.rows,
    };
    this.loadedTables = new Set(o.provider.tableNames());
    this.rules = o.rules
      .map((rule) => ({
        rule,
        updatedAt: rule.source.retrievedAt ?? '1970-01-01T00:00:00Z',
        enrichment: baseEnrichment(rule, this.loadedTables),
        exclusions: exclusionsOf(rule),
      }))
      .sort((a, b) =>
        a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : a.rule.name.localeCompare(b.rule.name),
      );
    this.byId = new Map(this.rules.map((r) => [r.rule.id, r]));
    this.provider = o.provider;
    this.now = o.now;
    this.dataLabel = o.dataLabel;
    this.store = o.store;
    this.rulesSpec = o.rulesSpec ?? [];
    this.dataPaths = o.dataPaths ?? [];
    this.groundTruth = o.groundTruth;
  }

  rule(id: string): WebRule | undefined {
    return this.byId.get(id);
  }

  isLoaded(table: string): boolean {
    return this.loadedTables.has(table);
  }

  /** Rules whose every table is in the loaded data. */
  hasData(r: WebRule): boolean {
    return r.rule.tables.length > 0 && r.rule.tables.every((t) => this.loadedTables.has(t));
  }

  /** The rule page's enrichment (with related rules), computed once per rule. */
  enrichment(r: WebRule): Enrichment {
    let e = this.full.get(r.rule.id);
    if (!e) {
      e = fullEnrichment(
        r.rule,
        this.rules.map((x) => x.rule),
        this.loadedTables,
      );
      this.full.set(r.rule.id, e);
    }
    return e;
  }

  /** Newest first. */
  get runs(): Run[] {
    return this.store.listRuns(RUNS_SHOWN).map((rec) => {
      const cached = this.finishedRuns.get(rec.id);
      if (cached) return cached;
      const view = runView(rec, this.store.ruleResults(rec.id), this.store.listFindings({ run: rec.id }).length);
      if (rec.status !== 'running') this.finishedRuns.set(rec.id, view);
      return view;
    });
  }

  run(id: string): Run | undefined {
    const n = runIdOf(id);
    const rec = n === undefined ? undefined : this.store.getRun(n);
    if (!rec) return undefined;
    return (
      this.finishedRuns.get(rec.id) ??
      runView(rec, this.store.ruleResults(rec.id), this.store.listFindings({ run: rec.id }).length)
    );
  }

  /** The data label of a run ('' for an unknown run), cached once the run is over. */
  runLabel(runId: string): string {
    const n = runIdOf(runId);
    if (n === undefined) return '';
    const cached = this.labels.get(n);
    if (cached !== undefined) return cached;
    const rec = this.store.getRun(n);
    if (!rec) return '';
    const label = runDataLabel(rec);
    if (rec.status !== 'running') this.labels.set(n, label);
    return label;
  }

  finding(id: string): Finding | undefined {
    // Exact ids only: the store also resolves prefixes, which a URL should not.
    const f = /^[0-9a-f]{1,64}$/.test(id) ? this.store.getFinding(id) : undefined;
    return f && f.id === id ? findingView(f) : undefined;
  }

  findings(filter: { run?: string; rule?: string; triage?: TriageState } = {}): Finding[] {
    const run = filter.run === undefined ? undefined : runIdOf(filter.run);
    if (filter.run !== undefined && run === undefined) return [];
    return this.store
      .listFindings({
        ...(run !== undefined ? { run } : {}),
        ...(filter.rule !== undefined ? { rule: filter.rule } : {}),
        ...(filter.triage !== undefined ? { state: filter.triage } : {}),
      })
      .map(findingView);
  }

  allFindings(): Finding[] {
    return this.findings();
  }

  findingsOfRun(runId: string): Finding[] {
    return this.findings({ run: runId });
  }

  private latestRunId(): number | undefined {
    return this.store.listRuns(1)[0]?.id;
  }

  /** Findings of the rule in the latest run. */
  findingsOfRule(ruleId: string): Finding[] {
    const latest = this.latestRunId();
    return latest === undefined ? [] : this.findings({ run: String(latest), rule: ruleId });
  }

  /** Findings per rule in the latest run (computed once per finished run). */
  findingCounts(): ReadonlyMap<string, number> {
    const latest = this.store.listRuns(1)[0];
    if (!latest) return new Map();
    if (this.counts?.runId === latest.id) return this.counts.counts;
    const counts = new Map<string, number>();
    for (const f of this.store.listFindings({ run: latest.id })) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
    if (latest.status !== 'running') this.counts = { runId: latest.id, counts };
    return counts;
  }

  hasFindings(ruleId: string): boolean {
    const latest = this.store.listRuns(1)[0];
    if (!latest) return false;
    let cached = this.withFindings?.runId === latest.id ? this.withFindings : undefined;
    if (!cached) {
      cached = { runId: latest.id, rules: new Set(this.store.listFindings({ run: latest.id }).map((f) => f.ruleId)) };
      // A running hunt still adds findings; only a finished run's set can be kept.
      if (latest.status !== 'running') this.withFindings = cached;
    }
    return cached.rules.has(ruleId);
  }

  /** Writes triage to the store; undefined when there is no such finding. */
  setTriage(id: string, triage: TriageState | undefined, note: string | undefined): Finding | undefined {
    const current = this.finding(id);
    if (!current) return undefined;
    const saved = this.store.setFindingState(current.id, triage ?? current.triage, note);
    return saved ? findingView(saved) : undefined;
  }

  /** The rule's exclusions kept in the store (in their stored order); empty when none are. */
  storedExclusions(ruleId: string): Exclusion[] {
    return [...this.store.ruleExclusions(ruleId).exclusions];
  }

  /**
   * Enables or disables one exclusion of the rule. When the store has none for the rule yet, the
   * set the page showed (`shown`: the suggestions) is stored first, so the choice has something to
   * attach to. False when the rule has no exclusion with that id.
   */
  setExclusionEnabled(ruleId: string, id: string, enabled: boolean, shown: readonly Exclusion[]): boolean {
    if (this.store.listExclusions(ruleId).length === 0) {
      if (!shown.some((x) => x.id === id)) return false;
      this.store.saveExclusions(ruleId, shown);
    }
    return this.store.setExclusionsEnabled(ruleId, [id], enabled).length === 0;
  }

  /** Rules with their stored exclusions attached (`rule.exclusions`), as a hunt runs them. */
  rulesForHunt(rules: readonly WebRule[]): Rule[] {
    return this.session.withStoredExclusions(rules.map((r) => r.rule));
  }

  /** Keeps a hunt's chosen data for its findings' evidence (the last RUN_DATA_KEPT datasets). */
  keepRunData(runId: number, provider: TelemetryStore, tables: ReadonlySet<string>): void {
    this.runData.set(runId, { provider, tables });
    this.runDataOf.delete(runId);
    for (const id of [...this.runData.keys()].sort((a, b) => b - a).slice(RUN_DATA_KEPT)) {
      this.runData.delete(id);
      this.runDataOf.delete(id);
    }
  }

  /**
   * The data a run hunted, if it is still in memory: a kept dataset of a hunt on chosen data, or
   * the server's own data for runs on it (and runs recorded before runs carried a data label).
   * Undefined for chosen data no longer kept: its findings' raw events cannot be shown.
   */
  dataOfRun(runId: string): RunData | undefined {
    const n = runIdOf(runId);
    if (n === undefined) return undefined;
    const kept = this.runData.get(n);
    if (kept) return kept;
    if (this.runDataOf.has(n)) return this.runDataOf.get(n);
    const rec = this.store.getRun(n);
    const own = { provider: this.provider, tables: this.loadedTables };
    const mine =
      !rec ||
      (rec.dataKind !== 'upload' &&
        (rec.dataLabel === undefined ||
          rec.dataLabel === this.session.dataLabel.text ||
          (rec.dataKey !== undefined && rec.dataKey === this.session.dataLabel.key)));
    const out = mine ? own : undefined;
    if (rec && rec.status !== 'running') this.runDataOf.set(n, out);
    return out;
  }

  /** Where a demo fleet of these settings is generated for web hunts (a folder the server owns). */
  demoDir(choice: { readonly fleet: { devices: number; events: number; seed: string } }): string {
    this.demoRoot ??= mkdtempSync(join(tmpdir(), 'kqlhunt-demo-'));
    const f = choice.fleet;
    return join(this.demoRoot, `fleet-${f.devices}-${f.events}-${f.seed}`);
  }

  close(): void {
    if (this.demoRoot) rmSync(this.demoRoot, { recursive: true, force: true });
    void this.session.close();
  }
}
