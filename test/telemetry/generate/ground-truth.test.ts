import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenerateSummary, GroundTruthEntry } from '../../../src/telemetry/generate/index.js';
import {
  generateSmall,
  hasTerm,
  type JsonRow,
  markerIndex,
  markersIn,
  readNdjson,
  removeFleet,
  TABLES,
} from './helpers.js';

interface Predicate {
  readonly connective: string | null;
  readonly field: string;
  readonly op: string;
  readonly values: readonly string[];
}
interface SharedTool {
  readonly name: string;
  readonly jischell_hunting_rules?: Record<string, { table: string; predicates: Predicate[] }>;
}

/** Evaluates a jischell rule's where-clause (only the plain `and` chains of has / has_any terms). */
function ruleMatches(row: JsonRow, predicates: readonly Predicate[]): boolean {
  return predicates.every((p) => {
    const text = String(row[p.field] ?? '');
    return p.values.some((v) => hasTerm(text, v));
  });
}

function simpleRule(predicates: readonly Predicate[]): boolean {
  return predicates.every(
    (p) => (p.connective === 'where' || p.connective === 'and') && (p.op === 'has' || p.op === 'has_any'),
  );
}

describe('ground truth', () => {
  let dir: string;
  let summary: GenerateSummary;
  let truth: GroundTruthEntry[];
  const tables = new Map<string, JsonRow[]>();
  const planted = new Set<string>();
  beforeAll(async () => {
    ({ dir, summary } = await generateSmall({ devices: 40, events: 12_000, days: 4 }));
    truth = JSON.parse(readFileSync(join(dir, 'ground_truth.json'), 'utf8')) as GroundTruthEntry[];
    for (const t of TABLES) tables.set(t, readNdjson(dir, t));
    for (const g of truth) planted.add(`${g.table}|${g.DeviceId}|${g.ReportId}`);
  });
  afterAll(() => removeFleet(dir));

  it('lists every planted row, and each exists in its table with the same values', () => {
    expect(truth.length).toBe(summary.groundTruthEvents);
    expect(truth.length).toBeGreaterThan(100);
    const index = new Map<string, JsonRow>();
    for (const [t, rows] of tables) for (const r of rows) index.set(`${t}|${r.DeviceId}|${r.ReportId}`, r);
    for (const g of truth) {
      const row = index.get(`${g.table}|${g.DeviceId}|${g.ReportId}`);
      expect(row, JSON.stringify(g)).toBeDefined();
      expect(row!.DeviceName).toBe(g.DeviceName);
      expect(row!.Timestamp).toBe(g.Timestamp);
      expect(['benign', 'malicious']).toContain(g.verdict);
    }
    const kinds = new Set(truth.map((g) => g.table));
    for (const t of ['DeviceProcessEvents', 'DeviceNetworkEvents', 'DeviceFileEvents', 'DeviceFileCertificateInfo'])
      expect(kinds).toContain(t);
  });

  it('plants SyncroMSP benign and malicious devices apart from each other and from clean devices', () => {
    const devicesOf = (tool: string, verdict: string) =>
      new Set(truth.filter((g) => g.tool === tool && g.verdict === verdict).map((g) => g.DeviceId));
    const benign = devicesOf('SyncroMSP', 'benign');
    const malicious = devicesOf('SyncroMSP', 'malicious');
    expect(benign.size).toBeGreaterThanOrEqual(1);
    expect(malicious.size).toBe(1);
    for (const d of malicious) expect(benign.has(d)).toBe(false);
    const plantedDevices = new Set(truth.map((g) => g.DeviceId));
    const all = new Set(tables.get('DeviceInfo')!.map((r) => r.DeviceId as string));
    const clean = [...all].filter((d) => !plantedDevices.has(d));
    expect(clean.length).toBe(summary.cleanDevices);
    expect(clean.length).toBeGreaterThanOrEqual(all.size / 3);
    // Each planted device carries exactly one tool and one verdict.
    const perDevice = new Map<string, Set<string>>();
    for (const g of truth)
      perDevice.set(g.DeviceId, (perDevice.get(g.DeviceId) ?? new Set()).add(`${g.tool}|${g.verdict}`));
    for (const s of perDevice.values()) expect(s.size).toBe(1);
    const tools = new Set(truth.filter((g) => g.verdict === 'malicious').map((g) => g.tool));
    for (const t of ['SyncroMSP', 'AnyDesk', 'ScreenConnect', 'Atera', 'TeamViewer']) expect(tools).toContain(t);
    expect(tools.size).toBeGreaterThanOrEqual(8);
  });

  it('covers every benign SyncroMSP scenario of the seed rule', () => {
    const scenarios = new Set(truth.filter((g) => g.verdict === 'benign').map((g) => g.scenario));
    for (const s of [
      'syncro-agent-service',
      'syncro-agent-network',
      'syncro-scheduled-sync',
      'syncro-admin-deploy',
      'syncro-remote-powershell',
      'syncro-gpo-update',
      'syncro-log-collection',
    ]) {
      expect(scenarios, s).toContain(s);
    }
    const procs = tables
      .get('DeviceProcessEvents')!
      .filter((r) => planted.has(`DeviceProcessEvents|${r.DeviceId}|${r.ReportId}`));
    const servably = procs.filter((r) => r.ProcessVersionInfoCompanyName === 'Servably, Inc.');
    expect(
      servably.some(
        (r) =>
          r.InitiatingProcessFileName === 'schtasks.exe' &&
          String(r.InitiatingProcessCommandLine).includes('schtasks /run'),
      ),
    ).toBe(true);
    expect(
      servably.some(
        (r) =>
          r.InitiatingProcessFileName === 'powershell.exe' &&
          String(r.InitiatingProcessCommandLine).includes('Invoke-Command -ScriptBlock'),
      ),
    ).toBe(true);
    expect(
      servably.some(
        (r) => r.InitiatingProcessFileName === 'powershell.exe' && String(r.ProcessCommandLine).includes('SyncroMSP'),
      ),
    ).toBe(true);
    expect(
      servably.some(
        (r) =>
          r.InitiatingProcessFileName === 'gpupdate.exe' &&
          String(r.InitiatingProcessCommandLine).includes('gpupdate /force'),
      ),
    ).toBe(true);
    expect(servably.some((r) => String(r.ProcessCommandLine).includes('SyncroMSP LogCollector'))).toBe(true);
    const nets = tables
      .get('DeviceNetworkEvents')!
      .filter((r) => r.InitiatingProcessVersionInfoCompanyName === 'Servably, Inc.');
    expect(nets.length).toBeGreaterThan(0);
    for (const r of nets) expect(String(r.RemoteUrl)).toMatch(/(syncromsp|syncroapi|servably)\.com$/);
  });

  it('installs malicious tools from a Downloads folder, started by explorer or a browser', () => {
    const mal = new Set(
      truth
        .filter(
          (g) => g.verdict === 'malicious' && g.scenario === 'installer-execution' && g.table === 'DeviceProcessEvents',
        )
        .map((g) => `${g.DeviceId}|${g.ReportId}`),
    );
    const rows = tables.get('DeviceProcessEvents')!.filter((r) => mal.has(`${r.DeviceId}|${r.ReportId}`));
    expect(rows.length).toBeGreaterThanOrEqual(8);
    for (const r of rows) {
      expect(String(r.FolderPath)).toMatch(/^C:\\Users\\[^\\]+\\Downloads\\/);
      expect(['explorer.exe', 'msedge.exe', 'chrome.exe']).toContain(r.InitiatingProcessFileName);
    }
  });

  it('lets each tool’s jischell rules find its planted malicious rows and nothing in the background', () => {
    const shared = JSON.parse(
      readFileSync(new URL('../../fixtures/shared/data/rmm_tools.json', import.meta.url), 'utf8'),
    ) as SharedTool[];
    const byDevice = new Map<string, string>();
    for (const g of truth) byDevice.set(g.DeviceId, g.tool);
    const ruleTools: Record<string, string> = { ScreenConnect: 'ConnectWise', SyncroMSP: 'Syncro' };
    const misses: string[] = [];
    let checked = 0;
    for (const tool of new Set(truth.filter((g) => g.verdict === 'malicious').map((g) => g.tool))) {
      const facts = shared.find((t) => t.name === (ruleTools[tool] ?? tool));
      expect(facts, tool).toBeDefined();
      for (const [kind, rule] of Object.entries(facts!.jischell_hunting_rules ?? {})) {
        if (!simpleRule(rule.predicates)) continue;
        const rows = tables.get(rule.table) ?? [];
        const hits = rows.filter((r) => ruleMatches(r, rule.predicates));
        checked++;
        for (const r of hits) {
          // A hit off the planted rows would be a false positive the generator introduced.
          expect(planted.has(`${rule.table}|${r.DeviceId}|${r.ReportId}`), `${tool} ${kind} hit a background row`).toBe(
            true,
          );
        }
        if (!hits.some((r) => byDevice.get(r.DeviceId as string) === tool)) misses.push(`${tool}/${kind}`);
      }
    }
    expect(checked).toBeGreaterThanOrEqual(20);
    // NinjaRMM's signer is "NinjaOne LLC" but its rule looks for "NinjaRMM": a real gap, kept on purpose.
    expect(misses).toEqual(['NinjaRMM/filesig']);
  });

  it('never mentions an RMM vendor name, process or domain in a background row', () => {
    const index = markerIndex();
    const bad: string[] = [];
    let plantedWithMarkers = 0;
    for (const [t, rows] of tables) {
      for (const r of rows) {
        if (planted.has(`${t}|${r.DeviceId}|${r.ReportId}`)) {
          if (markersIn(r, index).length > 0) plantedWithMarkers++;
          continue;
        }
        const hits = markersIn(r, index);
        if (hits.length > 0 && bad.length < 10) bad.push(`${t} ${r.ReportId}: ${hits.join(', ')}`);
      }
    }
    expect(bad).toEqual([]);
    // The matcher does see vendor names: most planted rows carry one.
    expect(plantedWithMarkers).toBeGreaterThan(truth.length / 2);
  });
});
