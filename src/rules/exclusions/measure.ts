/**
 * Measures what each exclusion suppresses: runs the part of the rule before its `summarize` on the
 * given data once as is (the rows the rule would find) and once per exclusion with that exclusion
 * inserted, and compares the rows by ReportId + DeviceId. With ground truth (rows keyed the same
 * way, labelled benign or malicious) it also says how many suppressed rows were benign and how many
 * were malicious — an exclusion that hides malicious rows is a gap, not a tuning.
 */
import type { Diagnostic } from '../../kql/engine.js';
import { runQuery, type Table, type TableProvider } from '../../kql/engine.js';
import { pipelineShape } from './pipeline.js';
import { compileForTable, exclusionLines } from './tune.js';
import type { Exclusion } from './types.js';

export interface GroundTruthRow {
  readonly ReportId: number | string;
  readonly DeviceId: string;
  readonly verdict: 'benign' | 'malicious';
  /** When given, only rows of the rule's table count. */
  readonly table?: string;
  readonly scenario?: string;
}

export interface SuppressionCounts {
  readonly suppressed: number;
  readonly benign: number;
  readonly malicious: number;
  /** Suppressed rows the ground truth does not label. */
  readonly unlabelled: number;
  /** Scenarios of suppressed malicious rows (unique, sorted). */
  readonly maliciousScenarios: readonly string[];
}

export interface ExclusionMeasurement extends SuppressionCounts {
  readonly id: string;
  readonly ran: boolean;
  readonly diagnostics: readonly Diagnostic[];
}

export interface Measurement {
  /** Rows the pre-summarise part of the rule returns without exclusions. */
  readonly baselineRows: number;
  readonly baseline: Omit<SuppressionCounts, 'suppressed' | 'maliciousScenarios'>;
  readonly perExclusion: readonly ExclusionMeasurement[];
  /** All enabled exclusions together. */
  readonly combined: SuppressionCounts;
  readonly diagnostics: readonly Diagnostic[];
}

export interface MeasureOptions {
  readonly provider: TableProvider;
  /** `now()` for the query (ticks since 1970); replaying an export wants its end time. */
  readonly now?: bigint;
  readonly groundTruth?: readonly GroundTruthRow[];
  readonly timeoutMs?: number;
}

type Labels = ReadonlyMap<string, GroundTruthRow>;

function keyColumns(t: Table): { report: number; device: number } | undefined {
  const names = t.schema.columns.map((c) => c.name);
  const report = names.indexOf('ReportId');
  const device = names.indexOf('DeviceId');
  return report >= 0 && device >= 0 ? { report, device } : undefined;
}

/** Row keys (`ReportId|DeviceId`) with multiplicity; undefined when the output lacks the key columns. */
function rowKeys(t: Table): Map<string, number> | undefined {
  const k = keyColumns(t);
  if (!k) return undefined;
  const out = new Map<string, number>();
  for (let i = 0; i < t.rowCount; i++) {
    const key = `${String(t.columns[k.report]?.get(i))}|${String(t.columns[k.device]?.get(i))}`;
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

function count(keys: ReadonlyMap<string, number>, labels: Labels): SuppressionCounts {
  let suppressed = 0;
  let benign = 0;
  let malicious = 0;
  const scenarios = new Set<string>();
  for (const [key, n] of keys) {
    suppressed += n;
    const label = labels.get(key);
    if (label?.verdict === 'benign') benign += n;
    if (label?.verdict === 'malicious') {
      malicious += n;
      if (label.scenario) scenarios.add(label.scenario);
    }
  }
  return {
    suppressed,
    benign,
    malicious,
    unlabelled: suppressed - benign - malicious,
    maliciousScenarios: [...scenarios].sort(),
  };
}

function minus(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, n] of a) {
    const left = n - (b.get(k) ?? 0);
    if (left > 0) out.set(k, left);
  }
  return out;
}

function labelsFor(rows: readonly GroundTruthRow[] | undefined, table: string | undefined): Labels {
  const out = new Map<string, GroundTruthRow>();
  for (const r of rows ?? []) {
    if (r.table !== undefined && table !== undefined && r.table !== table) continue;
    out.set(`${String(r.ReportId)}|${r.DeviceId}`, r);
  }
  return out;
}

const NONE: SuppressionCounts = { suppressed: 0, benign: 0, malicious: 0, unlabelled: 0, maliciousScenarios: [] };

/** Runs the measurement; never throws (query problems come back as diagnostics). */
export function measureExclusions(
  query: string,
  exclusions: readonly Exclusion[],
  options: MeasureOptions,
): Measurement {
  const shape = pipelineShape(query);
  const prefix = query.slice(0, shape?.insertAt ?? query.length);
  const table = shape?.table;
  const labels = labelsFor(options.groundTruth, table);
  const run = (text: string) =>
    runQuery(text, { provider: options.provider, now: options.now, timeoutMs: options.timeoutMs ?? 60_000 });
  const base = run(prefix);
  const baseTable = base.result?.table;
  const baseKeys = baseTable ? rowKeys(baseTable) : undefined;
  const baseline = baseKeys ? count(baseKeys, labels) : NONE;
  const measureWith = (id: string, kqls: readonly string[]): ExclusionMeasurement => {
    if (!baseTable) return { id, ran: false, diagnostics: base.diagnostics, ...NONE };
    const lines = exclusionLines(kqls.map((kql) => ({ id, kql })));
    const out = run(prefix + lines);
    const table2 = out.result?.table;
    if (!table2) return { id, ran: false, diagnostics: out.diagnostics, ...NONE };
    const keys = rowKeys(table2);
    if (!baseKeys || !keys) {
      const suppressed = baseTable.rowCount - table2.rowCount;
      return { id, ran: true, diagnostics: out.diagnostics, ...NONE, suppressed, unlabelled: suppressed };
    }
    return { id, ran: true, diagnostics: out.diagnostics, ...count(minus(baseKeys, keys), labels) };
  };
  const perExclusion = exclusions.map((x) => {
    const c = compileForTable(x.expression, table);
    return c.kql === undefined
      ? { id: x.id, ran: false, diagnostics: c.diagnostics, ...NONE }
      : measureWith(x.id, [c.kql]);
  });
  const enabled = exclusions
    .filter((x) => x.enabled)
    .map((x) => compileForTable(x.expression, table).kql)
    .filter((k): k is string => k !== undefined);
  const combined = enabled.length > 0 ? measureWith('all', enabled) : { ...NONE };
  return {
    baselineRows: baseTable?.rowCount ?? 0,
    baseline: { benign: baseline.benign, malicious: baseline.malicious, unlabelled: baseline.unlabelled },
    perExclusion,
    combined: {
      suppressed: combined.suppressed,
      benign: combined.benign,
      malicious: combined.malicious,
      unlabelled: combined.unlabelled,
      maliciousScenarios: combined.maliciousScenarios,
    },
    diagnostics: base.diagnostics,
  };
}
