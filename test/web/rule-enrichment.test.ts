/**
 * The rule page's enrichment sections (src/rules/enrich) on the SyncroMSP rules: hypothesis,
 * severity and confidence badges with reasons, data sources, T1219 context, related rules, the
 * knowledge base's exclusions with measured effect (benign vs malicious from the demo fleet's ground
 * truth) and safety flags, and seed 000's five exclusions once stored for the Create Process rule.
 * Also: the feed's severity/confidence facets use the enrichment.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exclusion } from '../../src/rules/exclusions/index.js';
import type { WebState } from '../../src/web/state.js';
import { SYNCRO_NETCONN_ID, testServer } from './helpers.js';

const SYNCRO_PROCESS_ID = 'f9919f87-a7ba-4f47-a942-e30c46eb7a7d';

/** Seed 000's five "Filter/Exclusion" lines, as a user would store them. */
const SEED_000: readonly Exclusion[] = [
  [
    'scheduled-sync',
    'Scheduled SyncroMSP Agent Sync Job',
    'process.parent_process_name == "schtasks.exe" or process.command_line contains "schtasks /run"',
  ],
  [
    'admin-deploy',
    'Admin Task to Deploy SyncroMSP Agent on New Hosts',
    'process.parent_process_name == "powershell.exe" and process.command_line contains "Invoke-Command -ScriptBlock"',
  ],
  [
    'remote-powershell',
    'SyncroMSP Remote Execution via PowerShell',
    'process.parent_process_name == "powershell.exe" and process.command_line contains "SyncroMSP"',
  ],
  [
    'gpupdate',
    'SyncroMSP Configuration Update via Group Policy',
    'process.parent_process_name == "gpupdate.exe" or process.command_line contains "gpupdate /force"',
  ],
  [
    'log-collection',
    'SyncroMSP Log Collection Process',
    'process.command_line contains "SyncroMSP LogCollector" or process.parent_process_name == "task scheduler"',
  ],
].map(([id, scenario, expression]) => ({
  id: id ?? '',
  scenario: scenario ?? '',
  description: '',
  expression: expression ?? '',
  enabled: true,
  source: 'user' as const,
}));

let app: FastifyInstance;
let state: WebState;

beforeAll(async () => {
  ({ app, state } = await testServer());
});
afterAll(async () => {
  await app.close();
});

/** The table row of one exclusion on a rule page. */
function exclusionRow(page: string, id: string): string {
  const m = new RegExp(`<tr data-exclusion="${id}">[\\s\\S]*?</tr>`).exec(page);
  if (!m) throw new Error(`no row for exclusion ${id}`);
  return m[0];
}

async function rulePage(id: string): Promise<string> {
  const res = await app.inject({ method: 'GET', url: `/rules/${id}` });
  expect(res.statusCode).toBe(200);
  return res.body;
}

describe('SyncroMSP network connection rule page', () => {
  it('shows the enrichment: hypothesis, severity and confidence with reasons, data sources, ATT&CK', async () => {
    const page = await rulePage(SYNCRO_NETCONN_ID);
    const e = state.enrichment(state.rule(SYNCRO_NETCONN_ID) ?? (undefined as never));
    expect(page).toMatch(/<p class="hypothesis">An adversary runs SyncroMSP, a legitimate remote monitoring/);
    expect(page).toContain('summarised per DeviceId, DeviceName, RemoteUrl');
    expect(page).toContain('<span class="badge badge-medium" title="severity">MEDIUM</span>');
    expect(page).toContain('title="confidence">medium confidence</span>');
    expect(page).toContain('Tactic Command and Control sets the base at medium.');
    for (const reason of e.confidence.reasons) expect(page).toContain(reason.replace(/'/g, '&#39;'));
    expect(page).toMatch(
      /<td>DeviceNetworkEvents<\/td><td>MicrosoftThreatProtection<\/td><td>Defender XDR and Sentinel<\/td><td><span class="ok">yes<\/span>/,
    );
    expect(page).toContain('<strong>Remote Access Tools</strong>');
    expect(page).toContain('Command and Control</a> (TA0011)');
    expect(page).toContain('T1219.002 Remote Desktop Software');
    expect(page).toContain('href="https://attack.mitre.org/techniques/T1219"');
    // Related rules: the same tool's other rules come first.
    expect(page).toContain(
      `<a href="/rules/${SYNCRO_PROCESS_ID}">Remote Management and Monitoring tool - SyncroMSP - Create Process</a>`,
    );
    expect(page).toMatch(/10 of \d{3} related rules shown/);
  });

  it("lists the knowledge base's exclusions with measured effect and safety flags", async () => {
    const page = await rulePage(SYNCRO_NETCONN_ID);
    const e = state.enrichment(state.rule(SYNCRO_NETCONN_ID) ?? (undefined as never));
    expect(e.falsePositives.length).toBeGreaterThanOrEqual(3);
    expect(page).toContain('Suggested by the false-positive knowledge base');
    expect(page).toMatch(/Ground truth is loaded \(\d+ labelled rows\)/);
    for (const s of e.falsePositives) {
      const row = exclusionRow(page, s.id);
      expect(row, s.id).toContain('badge-plain">knowledge-base');
      expect(row, s.id).toMatch(/suppresses <strong>\d+<\/strong> of \d+ rows<br>\d+ benign · /);
      expect(row, s.id).toContain(s.needsInput ? 'needs your value' : 'badge-low">enabled');
      for (const f of s.safety) expect(row, `${s.id} ${f.kind}`).toContain(`<span class="flag-kind">${f.kind}</span>`);
    }
    // The agent heartbeat exclusion hides planted C2 rows: the page must say so.
    const heartbeat = exclusionRow(page, 'agent-heartbeat');
    expect(heartbeat).toMatch(/<strong class="bad">\d+ malicious<\/strong>/);
    expect(heartbeat).toContain('<span class="flag-kind">hides-malicious</span>');
    // Enabled suggestions are compiled into the tuned query; placeholders are not.
    const tuned = page.slice(page.indexOf('id="tuned-h"'));
    expect(tuned).toContain('kqlhunt exclusion: agent-heartbeat');
    expect(tuned).not.toContain('kqlhunt exclusion: sanctioned-devices');
    expect(tuned).toContain('<span class="k-kw">where</span>');
  });

  it('returns the same data from /api/rules/:id', async () => {
    const r = (await app.inject({ method: 'GET', url: `/api/rules/${SYNCRO_NETCONN_ID}` })).json() as {
      severity: string;
      confidence: string;
      hypothesis: string;
      exclusionsEditable: boolean;
      exclusions: { id: string; source: string }[];
      exclusionEffects: { groundTruth: boolean; baselineRows: number; perExclusion: { id: string; benign: number }[] };
    };
    expect(r).toMatchObject({ severity: 'medium', confidence: 'medium', exclusionsEditable: false });
    expect(r.hypothesis).toMatch(/^An adversary runs SyncroMSP/);
    expect(r.exclusions.map((x) => x.id)).toContain('agent-heartbeat');
    expect(r.exclusionEffects.groundTruth).toBe(true);
    expect(r.exclusionEffects.baselineRows).toBeGreaterThan(0);
    expect(r.exclusionEffects.perExclusion.find((x) => x.id === 'agent-heartbeat')?.benign).toBeGreaterThan(0);
  });
});

describe("seed 000's five exclusions on the SyncroMSP Create Process rule", () => {
  it('shows them stored, measured and flagged, with enable/disable controls', async () => {
    state.store.replaceExclusions(SYNCRO_PROCESS_ID, SEED_000);
    const page = await rulePage(SYNCRO_PROCESS_ID);
    expect(page).toContain('Exclusions stored for this rule');
    for (const x of SEED_000) {
      const row = exclusionRow(page, x.id);
      expect(row).toContain(x.scenario);
      expect(row).toMatch(/suppresses <strong>\d+<\/strong> of [1-9]\d* rows/);
      // Every seed exclusion has a branch the attacker can satisfy with their own command line.
      expect(row).toMatch(/badge-high">high<\/span> <span class="flag-kind">attacker-controlled/);
      expect(row).toContain(`action="/rules/${SYNCRO_PROCESS_ID}/exclusions/${x.id}"`);
      expect(row).toContain('name="_csrf"');
      expect(row).toContain('>Disable</button>');
    }
    expect(exclusionRow(page, 'log-collection')).toContain('<span class="flag-kind">never-matches</span>');
    expect(exclusionRow(page, 'admin-deploy')).toContain('<span class="flag-kind">no-effect</span>');
    expect(exclusionRow(page, 'scheduled-sync')).toMatch(
      /suppresses <strong>[1-9]\d*<\/strong> of \d+ rows<br>[1-9]\d* benign · 0 malicious/,
    );
    const tuned = page.slice(page.indexOf('id="tuned-h"'));
    for (const x of SEED_000) expect(tuned).toContain(`kqlhunt exclusion: ${x.id}`);
  });
});

describe('feed facets', () => {
  it('severity and confidence come from the enrichment', async () => {
    const medium = state.rules.filter((r) => r.enrichment.severity.level === 'medium').length;
    const low = state.rules.filter((r) => r.enrichment.confidence.level === 'low').length;
    expect(medium).toBeGreaterThan(0);
    expect(low).toBeGreaterThan(0);
    const bySeverity = (await app.inject({ method: 'GET', url: '/api/rules?severity=medium' })).json() as {
      total: number;
    };
    expect(bySeverity.total).toBe(medium);
    const byConfidence = (await app.inject({ method: 'GET', url: '/api/rules?confidence=low' })).json() as {
      total: number;
    };
    expect(byConfidence.total).toBe(low);
    const feed = (await app.inject({ method: 'GET', url: '/' })).body;
    const select = (facet: string) =>
      /<select[^>]*>[\s\S]*?<\/select>/.exec(feed.slice(feed.indexOf(`<select id="facet-${facet}"`)))?.[0];
    expect(select('severity')).toContain(`<option value="medium">medium (${medium})</option>`);
    expect(select('confidence')).toContain(`<option value="low">low (${low})</option>`);
  });
});
