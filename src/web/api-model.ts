/** JSON shapes of the API (documented in docs/api.md). */
import { attackViews, dataSourceViews } from './enrich.js';
import { exclusionSet, measurement } from './exclusions.js';
import type { Finding, Run, WebRule } from './model.js';
import { originalUrl } from './pages/rule.js';
import { levelOf, originOf, sourceName, statusOf, tacticNames, toolsOf } from './search.js';
import type { WebState } from './state.js';

export function ruleSummaryJson(r: WebRule, state: WebState) {
  const x = r.rule;
  return {
    id: x.id,
    name: x.name,
    kind: x.kind,
    language: 'kql',
    source: sourceName(r),
    origin: originOf(r),
    level: levelOf(r),
    status: statusOf(r),
    severity: r.enrichment.severity.level,
    confidence: r.enrichment.confidence.level,
    tactics: tacticNames(r),
    techniques: x.techniques,
    tables: x.tables,
    tools: toolsOf(r),
    tags: x.tags,
    lintStatus: x.lint.status,
    hasFindings: state.hasFindings(x.id),
    findingCount: state.findingCounts().get(x.id) ?? 0,
    dataLoaded: state.hasData(r),
    updatedAt: r.updatedAt,
    url: `/rules/${encodeURIComponent(x.id)}`,
  };
}

export function ruleDetailJson(r: WebRule, state: WebState) {
  const x = r.rule;
  const e = state.enrichment(r);
  const set = exclusionSet(state, r, e);
  const m = measurement(state, r, set.exclusions);
  return {
    ...ruleSummaryJson(r, state),
    description: x.description,
    query: x.query,
    hypothesis: e.hypothesis.text,
    falsePositives: e.falsePositives.map((f) => f.scenario),
    lint: x.lint,
    dataSources: dataSourceViews(e),
    attack: attackViews(e),
    references: x.references,
    exclusions: set.exclusions,
    exclusionsEditable: set.mode === 'stored',
    exclusionEffects: m
      ? {
          baselineRows: m.baselineRows,
          groundTruth: state.groundTruth !== undefined,
          combined: m.combined,
          perExclusion: m.perExclusion.map(({ diagnostics: _d, ...rest }) => rest),
        }
      : undefined,
    enrichment: e,
    provenance: {
      repository: x.source.repository,
      path: x.source.path,
      retrievedAt: x.source.retrievedAt,
      originalUrl: originalUrl(r),
    },
    findings: state.findingsOfRule(x.id).map(findingJson),
  };
}

export function findingJson(f: Finding) {
  return { ...f };
}

export function runJson(r: Run, withFindings: Finding[] | undefined) {
  const { findingCount, ...rest } = r;
  return { ...rest, findings: withFindings ? withFindings.map(findingJson) : findingCount };
}

const CSV_COLUMNS = [
  'id',
  'runId',
  'ruleId',
  'ruleName',
  'deviceId',
  'deviceName',
  'firstSeen',
  'lastSeen',
  'count',
  'triage',
  'note',
] as const;

/** RFC 4180 CSV; cells starting with = + - @ are prefixed with ' so spreadsheets do not run them. */
export function findingsCsv(findings: readonly Finding[]): string {
  const cell = (v: unknown) => {
    let s = v === undefined || v === null ? '' : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [CSV_COLUMNS.join(','), ...findings.map((f) => CSV_COLUMNS.map((c) => cell(f[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
