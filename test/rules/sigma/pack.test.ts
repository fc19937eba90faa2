/**
 * The bundled Sigma pack (packs/sigma): every rule loads; of the rules whose logsource maps to a
 * Defender XDR table at least 95% convert; every conversion binds cleanly in our binder and (on a
 * sample) in Microsoft's Kusto.Language; every refusal has a reason; generated tests replay.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { importDirectory, lintRule, type Rule } from '../../../src/rules/index.js';
import { runOnRows } from '../../../src/rules/sigma/check.js';
import { mappingFor } from '../../../src/rules/sigma/mapping/index.js';
import { schemaCatalog } from '../../../src/telemetry/schemas.js';
import { officialBindErrors } from '../../helpers/kusto-official-bind.js';

const PACK = join(import.meta.dirname, '..', '..', '..', 'packs', 'sigma');
const imported = await importDirectory(PACK, { repository: 'kqlhunt:packs/sigma', retrievedAt: 'T' });
const rules: Rule[] = imported.rules.map((r) => r.rule);
const converted = rules.filter((r) => r.sigma?.conversion.status === 'converted');
const refused = rules.filter((r) => r.sigma?.conversion.status === 'not convertible');
const mappedAny = rules.filter(
  (r) =>
    !(r.sigma?.conversion.status === 'not convertible' && r.sigma.conversion.reason.startsWith('unmapped logsource')),
);
/** Tables of Log Analytics / Sentinel that Sigma logsources map to: SecurityEvent (Security log), WindowsEvent (other channels). */
const LOG_ANALYTICS = new Set(['SecurityEvent', 'WindowsEvent']);
const tableOf = (r: Rule) => mappingFor(r.sigma!.logsource);
const isLogAnalytics = (r: Rule) => {
  const m = tableOf(r);
  return m.ok && LOG_ANALYTICS.has(m.mapping.table);
};
/** Rules whose logsource maps to a Defender XDR table. */
const mapped = mappedAny.filter((r) => !isLogAnalytics(r));
const security = mappedAny.filter((r) => r.sigma?.logsource.service === 'security');
const channels = mappedAny.filter(
  (r) => tableOf(r).ok && (tableOf(r) as { mapping: { table: string } }).mapping.table === 'WindowsEvent',
);
const categoryOf = (r: Rule) => r.sigma!.logsource.category ?? `service:${r.sigma!.logsource.service}`;
/**
 * Measured conversion counts (converted, refused) per logsource mapped to WindowsEvent at the last
 * generation; a category may not fall below its converted count (refusals carry their reasons).
 */
const CHANNEL_FLOORS: Readonly<Record<string, number>> = {
  ps_script: 178,
  ps_module: 34,
  'service:system': 71,
  'service:windefend': 15,
  'service:application': 10,
  'service:appxdeployment-server': 10,
  'service:codeintegrity-operational': 10,
  'service:firewall-as': 9,
  create_stream_hash: 9,
  'service:bits-client': 7,
  'service:dns-client': 6,
  'service:sysmon': 4,
  'service:taskscheduler': 4,
  'service:iis-configuration': 4,
  'service:ntlm': 3,
  wmi_event: 3,
};
const manifest = parseYaml(readFileSync(join(PACK, 'pack.yaml'), 'utf8')) as Record<string, unknown>;

describe('packs/sigma', () => {
  it('loads every rule file as a Sigma rule, and nothing else (no tests file, manifest or licence)', () => {
    expect(rules.length).toBe(manifest.rules);
    expect(rules.length).toBeGreaterThanOrEqual(2800);
    expect(rules.every((r) => r.format === 'sigma')).toBe(true);
    expect(imported.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(rules.some((r) => /\.tests\.yaml$|pack\.yaml$/.test(r.source.path))).toBe(false);
  });

  it('converts at least 95% of the rules whose logsource maps to a Defender XDR table', () => {
    const convertedDefender = mapped.filter((r) => r.sigma?.conversion.status === 'converted');
    const rate = convertedDefender.length / mapped.length;
    const securityConverted = security.filter((r) => r.sigma?.conversion.status === 'converted').length;
    const byCategory = new Map<string, [number, number]>();
    for (const r of mappedAny) {
      const c = r.sigma!.logsource.category ?? `service:${r.sigma!.logsource.service}`;
      const e = byCategory.get(c) ?? [0, 0];
      e[r.sigma!.conversion.status === 'converted' ? 0 : 1]++;
      byCategory.set(c, e);
    }
    console.log(
      `sigma pack: ${convertedDefender.length}/${mapped.length} rules with a Defender XDR logsource convert (${(rate * 100).toFixed(1)}%); Security log → SecurityEvent ${securityConverted}/${security.length}; ${rules.length - mappedAny.length} with unmapped logsources; by category (converted/refused): ${[...byCategory].map(([k, [a, b]]) => `${k} ${a}/${b}`).join(', ')}`,
    );
    expect(rate).toBeGreaterThanOrEqual(0.95);
    expect(converted.length).toBe(manifest.converted);
  });

  it('converts the event-log channel rules onto WindowsEvent at the measured floors', () => {
    const by = new Map<string, [number, number]>();
    for (const r of channels) {
      const e = by.get(categoryOf(r)) ?? [0, 0];
      e[r.sigma!.conversion.status === 'converted' ? 0 : 1]++;
      by.set(categoryOf(r), e);
    }
    console.log(
      `sigma pack → WindowsEvent (converted/refused): ${[...by].map(([k, [a, b]]) => `${k} ${a}/${b}`).join(', ')}`,
    );
    for (const [category, floor] of Object.entries(CHANNEL_FLOORS))
      expect(by.get(category)?.[0] ?? 0, category).toBeGreaterThanOrEqual(floor);
    const convertedChannels = channels.filter((r) => r.sigma!.conversion.status === 'converted');
    expect(convertedChannels.every((r) => r.tables.join() === 'WindowsEvent')).toBe(true);
    expect(convertedChannels.every((r) => /^WindowsEvent\n\| where Channel (==|in) /.test(r.query))).toBe(true);
  });

  it("binds every WindowsEvent and SecurityEvent conversion cleanly in Microsoft's Kusto.Language", () => {
    const all = converted.filter((r) => r.tables.some((t) => LOG_ANALYTICS.has(t)));
    const bad = all
      .map((r) => ({ path: r.source.path, errors: officialBindErrors(r.query) }))
      .filter((x) => x.errors.length > 0);
    expect(all.length).toBeGreaterThan(450);
    expect(bad).toEqual([]);
  });

  it('gives every refusal a reason', () => {
    for (const r of refused) {
      const c = r.sigma!.conversion;
      expect(c.status === 'not convertible' && c.reason.length > 10, r.source.path).toBe(true);
      expect(r.query).toBe('');
    }
  });

  it('keeps attribution: author, id, references, licence and upstream address', () => {
    for (const r of rules) {
      expect(r.sigma?.license, r.source.path).toBe('DRL-1.1');
      expect(r.sigma?.upstreamUrl, r.source.path).toMatch(
        /^https:\/\/github\.com\/SigmaHQ\/sigma\/blob\/[0-9a-f]{40}\//,
      );
    }
    expect(rules.filter((r) => r.sigma?.author).length).toBeGreaterThan(rules.length * 0.95);
    expect(readFileSync(join(PACK, 'LICENSE'), 'utf8')).toContain('Detection Rule License (DRL) 1.1');
  });

  it('binds every conversion cleanly in our binder', () => {
    const catalog = schemaCatalog();
    const dirty = converted
      .map((r) => lintRule(r, catalog))
      .filter((r) => r.lint.status !== 'clean')
      .map((r) => `${r.source.path}: ${r.lint.diagnostics.map((d) => d.message).join('; ')}`);
    expect(dirty).toEqual([]);
  });

  it("binds a large sample cleanly in Microsoft's Kusto.Language", () => {
    const sample = converted.filter((_, i) => i % 4 === 0);
    const bad = sample
      .map((r) => ({ path: r.source.path, errors: officialBindErrors(r.query) }))
      .filter((x) => x.errors.length > 0);
    expect(sample.length).toBeGreaterThan(500);
    expect(bad).toEqual([]);
  });

  it('replays a sample of the generated tests with the engine', async () => {
    const withTests = converted.filter((_, i) => i % 10 === 0);
    let replayed = 0;
    const failures: string[] = [];
    for (const r of withTests) {
      const file = join(PACK, r.source.path.replace(/\.yml$/, '.tests.yaml'));
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      const doc = parseYaml(text) as {
        tests: {
          name: string;
          input: { tables: Record<string, Record<string, unknown>[]> };
          expect: { fires: boolean };
        }[];
      };
      for (const t of doc.tests) {
        const [table, rows] = Object.entries(t.input.tables)[0]!;
        const o = runOnRows(r.query, table, rows);
        replayed++;
        if (o.error || (t.expect.fires ? o.rows === 0 : o.rows > 0))
          failures.push(`${r.source.path} ${t.name}: ${JSON.stringify(o)}`);
      }
    }
    expect(replayed).toBeGreaterThan(150);
    expect(failures).toEqual([]);
  });
});
