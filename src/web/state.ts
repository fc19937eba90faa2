/**
 * The server's state: the rule catalog, the loaded telemetry and (in memory until src/store lands)
 * hunt runs, findings and their triage.
 */
import type { TableProvider } from '../kql/exec/table.js';
import type { Rule } from '../rules/model.js';
import { enrichmentOf, exclusionsOf } from './enrich.js';
import type { Finding, Run, WebRule } from './model.js';

export interface StateOptions {
  readonly rules: readonly Rule[];
  readonly provider: TableProvider;
  /** `now()` for hunts and the playground: the end of the loaded data. */
  readonly now: bigint | undefined;
  /** Where the data came from, shown in the footer. */
  readonly dataLabel: string;
}

export class WebState {
  readonly rules: readonly WebRule[];
  readonly provider: TableProvider;
  readonly now: bigint | undefined;
  readonly dataLabel: string;
  private readonly byId: ReadonlyMap<string, WebRule>;
  private readonly loaded: ReadonlySet<string>;
  readonly runs: Run[] = [];
  private readonly findings = new Map<string, Finding>();
  private readonly withFindings = new Map<string, Set<string>>();

  constructor(o: StateOptions) {
    this.rules = o.rules
      .map((rule) => ({
        rule,
        updatedAt: rule.source.retrievedAt ?? '1970-01-01T00:00:00Z',
        enrichment: enrichmentOf(rule),
        exclusions: exclusionsOf(rule),
      }))
      .sort((a, b) =>
        a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : a.rule.name.localeCompare(b.rule.name),
      );
    this.byId = new Map(this.rules.map((r) => [r.rule.id, r]));
    this.provider = o.provider;
    this.now = o.now;
    this.dataLabel = o.dataLabel;
    this.loaded = new Set(o.provider.tableNames());
  }

  rule(id: string): WebRule | undefined {
    return this.byId.get(id);
  }

  isLoaded(table: string): boolean {
    return this.loaded.has(table);
  }

  /** Rules whose every table is in the loaded data. */
  hasData(r: WebRule): boolean {
    return r.rule.tables.length > 0 && r.rule.tables.every((t) => this.loaded.has(t));
  }

  addRun(run: Run, findings: readonly Finding[]): void {
    this.runs.unshift(run);
    for (const f of findings) this.findings.set(f.id, f);
  }

  run(id: string): Run | undefined {
    return this.runs.find((r) => r.id === id);
  }

  finding(id: string): Finding | undefined {
    return this.findings.get(id);
  }

  allFindings(): Finding[] {
    return [...this.findings.values()];
  }

  findingsOfRun(runId: string): Finding[] {
    return this.run(runId)?.findingIds.flatMap((id) => this.findings.get(id) ?? []) ?? [];
  }

  /** Findings of the rule in the latest run that ran it. */
  findingsOfRule(ruleId: string): Finding[] {
    const latest = this.runs[0];
    if (!latest) return [];
    return this.findingsOfRun(latest.id).filter((f) => f.ruleId === ruleId);
  }

  hasFindings(ruleId: string): boolean {
    const latest = this.runs[0];
    if (!latest) return false;
    let set = this.withFindings.get(latest.id);
    if (!set) {
      set = new Set(this.findingsOfRun(latest.id).map((f) => f.ruleId));
      this.withFindings.set(latest.id, set);
    }
    return set.has(ruleId);
  }
}
