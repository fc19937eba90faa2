import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MapTableProvider, tableFromRows } from '../../../src/kql/exec/table.js';
import { parseDatetime } from '../../../src/kql/values.js';
import { analyseExclusion, type GroundTruthRow, measureExclusions } from '../../../src/rules/exclusions/index.js';
import { GROUND_TRUTH_FILE, type GroundTruthEntry, generateFleet } from '../../../src/telemetry/generate/index.js';
import { loadTelemetry } from '../../../src/telemetry/index.js';
import { tableSchema } from '../../../src/telemetry/schemas.js';
import { SYNCRO_CREATEPROC, seedExclusions } from './helpers.js';

const NOW = parseDatetime('2024-06-15T12:00:00Z') as bigint;
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

/** A DeviceProcessEvents table from a few rows: every column null/empty except those given. */
function processTable(rows: readonly Record<string, unknown>[]) {
  const columns = tableSchema('DeviceProcessEvents')!.columns;
  const values = rows.map((r) => columns.map((c) => (c.name in r ? r[c.name] : c.type === 'string' ? '' : null)));
  return tableFromRows(columns, values as never);
}

const SYNCRO = {
  ProcessVersionInfoCompanyName: 'Servably, Inc.',
  ProcessVersionInfoProductName: 'Syncro',
  Timestamp: NOW - 10_000_000n,
};

describe('measureExclusions on a hand-made table', () => {
  const table = processTable([
    {
      ...SYNCRO,
      ReportId: 1,
      DeviceId: 'd1',
      InitiatingProcessFileName: 'schtasks.exe',
      ProcessCommandLine: 'runner --sync',
    },
    {
      ...SYNCRO,
      ReportId: 2,
      DeviceId: 'd1',
      InitiatingProcessFileName: 'powershell.exe',
      ProcessCommandLine: 'runner SyncroMSP',
    },
    // the attacker simply adds the excluded text to the command line
    {
      ...SYNCRO,
      ReportId: 3,
      DeviceId: 'd2',
      InitiatingProcessFileName: 'powershell.exe',
      ProcessCommandLine: 'Syncro.Installer.exe SyncroMSP',
    },
    {
      ...SYNCRO,
      ReportId: 4,
      DeviceId: 'd2',
      InitiatingProcessFileName: 'explorer.exe',
      ProcessCommandLine: 'Syncro.Installer.exe',
    },
    {
      ReportId: 5,
      DeviceId: 'd2',
      InitiatingProcessFileName: 'schtasks.exe',
      ProcessCommandLine: 'other',
      Timestamp: NOW - 10_000_000n,
    },
  ]);
  const provider = new MapTableProvider([['DeviceProcessEvents', table]]);
  const truth: GroundTruthRow[] = [
    { ReportId: 1, DeviceId: 'd1', verdict: 'benign' },
    { ReportId: 2, DeviceId: 'd1', verdict: 'benign' },
    { ReportId: 3, DeviceId: 'd2', verdict: 'malicious', scenario: 'installer-execution' },
    { ReportId: 4, DeviceId: 'd2', verdict: 'malicious', scenario: 'installer-execution' },
  ];
  const m = measureExclusions(SYNCRO_CREATEPROC, seedExclusions(), { provider, now: NOW, groundTruth: truth });

  it('counts the rows the rule finds and what each exclusion suppresses', () => {
    expect(m.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(m.baselineRows).toBe(4);
    expect(m.baseline).toEqual({ benign: 2, malicious: 2, unlabelled: 0 });
    const by = Object.fromEntries(m.perExclusion.map((x) => [x.id, [x.suppressed, x.benign, x.malicious]]));
    expect(by).toEqual({
      'seed-1': [1, 1, 0],
      'seed-2': [0, 0, 0],
      'seed-3': [2, 1, 1],
      'seed-4': [0, 0, 0],
      'seed-5': [0, 0, 0],
    });
    expect(m.combined).toEqual({
      suppressed: 3,
      benign: 2,
      malicious: 1,
      unlabelled: 0,
      maliciousScenarios: ['installer-execution'],
    });
  });

  it('turns the measurement into safety flags', () => {
    const seed3 = m.perExclusion[2]!;
    const flags = analyseExclusion(seedExclusions()[2]!.expression, {
      table: 'DeviceProcessEvents',
      measured: { baselineRows: m.baselineRows, result: seed3 },
    });
    expect(flags.map((f) => f.kind)).toEqual(['attacker-controlled', 'hides-malicious']);
  });

  it('reports a missing table as diagnostics, not an exception', () => {
    const empty = measureExclusions(SYNCRO_CREATEPROC, seedExclusions(), {
      provider: new MapTableProvider(),
      now: NOW,
    });
    expect(empty.baselineRows).toBe(0);
    expect(empty.diagnostics.some((d) => d.code === 'KQL301')).toBe(true);
    expect(empty.perExclusion.every((x) => !x.ran)).toBe(true);
  });
});

describe('measureExclusions on a generated fleet', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kqlhunt-exc-'));
  temps.push(dir);
  await generateFleet({
    outDir: dir,
    devices: 50,
    events: 15_000,
    days: 5,
    end: '2024-06-15T12:00:00Z',
    seed: 'exclusions',
  });
  const { store } = await loadTelemetry([join(dir, 'DeviceProcessEvents.ndjson')]);
  const truth = JSON.parse(readFileSync(join(dir, GROUND_TRUTH_FILE), 'utf8')) as GroundTruthEntry[];
  const m = measureExclusions(SYNCRO_CREATEPROC, seedExclusions(), { provider: store, now: NOW, groundTruth: truth });
  const syncroBenign = truth.filter(
    (t) => t.table === 'DeviceProcessEvents' && t.tool === 'SyncroMSP' && t.verdict === 'benign',
  );

  it('the rule finds the planted SyncroMSP rows', () => {
    expect(m.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(m.baselineRows).toBeGreaterThan(0);
    expect(m.baseline.benign).toBeGreaterThan(0);
  });

  it('the tuned query suppresses the benign scenarios the seed lists', () => {
    // Which planted benign scenario each seed exclusion is written for. Seed 2 looks for
    // Invoke-Command in the installer's own command line, but it is in its parent's, so it misses.
    const target: Record<string, string | undefined> = {
      'seed-1': 'syncro-scheduled-sync',
      'seed-2': undefined,
      'seed-3': 'syncro-remote-powershell',
      'seed-4': 'syncro-gpo-update',
      'seed-5': 'syncro-log-collection',
    };
    const planted = new Set(syncroBenign.map((t) => t.scenario));
    const checked = Object.values(target).filter((s) => s !== undefined && planted.has(s));
    expect(checked.length).toBeGreaterThanOrEqual(3);
    for (const x of m.perExclusion) {
      const scenario = target[x.id];
      if (scenario === undefined) expect(x.suppressed, x.id).toBe(0);
      else expect(x.benign > 0, `${x.id} (${scenario})`).toBe(planted.has(scenario));
      expect(x.malicious, x.id).toBe(0);
    }
    expect(m.combined.benign).toBeGreaterThan(0);
    expect(m.combined.benign).toBeLessThan(m.baseline.benign);
    expect(m.combined.malicious).toBe(0);
  });

  it('reports whether the attacker-controlled exclusion hides planted malicious rows', () => {
    const seed3 = m.perExclusion[2]!;
    const flags = analyseExclusion(seedExclusions()[2]!.expression, {
      table: 'DeviceProcessEvents',
      measured: { baselineRows: m.baselineRows, result: seed3 },
    });
    expect(flags.some((f) => f.kind === 'attacker-controlled' && f.severity === 'high')).toBe(true);
    // the planted abuse never writes "SyncroMSP" into a command line, so nothing malicious is hidden here
    expect(seed3.malicious).toBe(0);
    expect(flags.some((f) => f.kind === 'hides-malicious')).toBe(seed3.malicious > 0);
  });
});
