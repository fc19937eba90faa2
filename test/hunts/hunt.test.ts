import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseNow, findingId, findingsOf, runHunt } from '../../src/hunts/index.js';
import { ruleWindow, windowMiss } from '../../src/hunts/window.js';
import { tableFromRows } from '../../src/kql/exec/table.js';
import { parseDatetime } from '../../src/kql/values.js';
import type { Rule } from '../../src/rules/model.js';
import { loadTelemetry } from '../../src/telemetry/load.js';
import { schemaCatalog } from '../../src/telemetry/schemas.js';
import type { TelemetryStore } from '../../src/telemetry/store.js';

const t = (s: string) => parseDatetime(s)!;

function rule(id: string, query: string, tables: string[] = []): Rule {
  return {
    id,
    name: id,
    description: '',
    kind: 'hunting',
    format: 'sentinel-yaml',
    query,
    tactics: [],
    techniques: [],
    requiredDataConnectors: [],
    tables,
    entityMappings: [],
    customDetails: {},
    tags: [],
    references: [],
    source: { repository: 'test', path: `${id}.yaml` },
    extra: {},
    lint: { status: 'unchecked', diagnostics: [] },
  };
}

async function data(): Promise<TelemetryStore> {
  const dir = mkdtempSync(join(tmpdir(), 'kqlhunt-hunts-'));
  const rows = [
    {
      Timestamp: '2024-04-29T10:00:00Z',
      DeviceId: 'd1',
      DeviceName: 'pc1',
      ReportId: 1,
      FileName: 'a.exe',
      AccountName: 'bob',
    },
    {
      Timestamp: '2024-04-30T10:00:00Z',
      DeviceId: 'd2',
      DeviceName: 'pc2',
      ReportId: 2,
      FileName: 'b.exe',
      AccountName: 'eve',
    },
  ];
  writeFileSync(join(dir, 'DeviceProcessEvents.ndjson'), rows.map((r) => JSON.stringify(r)).join('\n'));
  return (await loadTelemetry([dir])).store;
}

describe('runHunt', () => {
  it('one failing rule is recorded and the others still run', async () => {
    const store = await data();
    const r = await runHunt({
      rules: [
        rule('bad', 'DeviceProcessEvents | where no_such_function(FileName)'),
        rule('good', 'DeviceProcessEvents | where Timestamp > ago(5d) | summarize n = count() by DeviceName'),
        rule('cloud', 'DeviceProcessEvents | invoke FileProfile()'),
      ],
      provider: store,
    });
    expect(r.nowSource).toBe('auto');
    expect(r.now).toBe(t('2024-04-30T10:00:00Z'));
    expect(r.outcomes.map((o) => [o.rule.id, o.error !== undefined, o.rows])).toEqual([
      ['bad', true, 0],
      ['good', false, 2],
      ['cloud', true, 0],
    ]);
    expect(r.counts).toMatchObject({ rulesRun: 3, rulesFailed: 2, rulesWithFindings: 1, resultRows: 2 });
    expect(r.outcomes[1]!.findings.map((f) => f.keys)).toEqual([{ DeviceName: 'pc1' }, { DeviceName: 'pc2' }]);
  });

  it('says when a rule window misses the data', async () => {
    const store = await data();
    const r = await runHunt({
      rules: [rule('w', 'let lookback = 2d; DeviceProcessEvents | where Timestamp > ago(lookback)')],
      provider: store,
      now: t('2024-06-01T00:00:00Z'),
    });
    expect(r.nowSource).toBe('option');
    expect(r.outcomes[0]!.note).toMatch(/time window 2024-05-30T00:00:00.0000000Z \.\. 2024-06-01T00:00:00.0000000Z/);
    expect(r.outcomes[0]!.note).toMatch(/2024-04-29T10:00:00.0000000Z \.\. 2024-04-30T10:00:00.0000000Z/);
  });

  it('a rule on a known table the export lacks finds nothing and says so', async () => {
    const r = await runHunt({
      rules: [rule('n', 'DeviceNetworkEvents | take 1', ['DeviceNetworkEvents'])],
      provider: await data(),
    });
    expect(r.outcomes[0]!.error).toBeUndefined();
    expect(r.outcomes[0]!.note).toContain('the data has no DeviceNetworkEvents table');
  });

  it('chooseNow: option, else latest event, else the clock', () => {
    expect(chooseNow(5n, { min: 1n, max: 9n }).source).toBe('option');
    expect(chooseNow('auto', { min: 1n, max: 9n })).toMatchObject({ now: 9n, source: 'auto' });
    expect(chooseNow('auto', undefined, () => 42n)).toMatchObject({ now: 42n, source: 'clock' });
  });
});

describe('rule windows', () => {
  const catalog = schemaCatalog();
  const now = t('2024-05-01T00:00:00Z');
  it('reads now(-5d), ago(X) and let-bound lookbacks; the largest wins', () => {
    expect(
      ruleWindow('let s = now(-5d); let e = now(); T | where Timestamp between (s..e)', catalog, now)?.lookback,
    ).toBe(5n * 864_000_000_000n);
    expect(ruleWindow('let lb = 14d; T | where Timestamp > ago(lb) or Timestamp > ago(1h)', catalog, now)?.start).toBe(
      t('2024-04-17T00:00:00Z'),
    );
    expect(ruleWindow('T | take 1', catalog, now)).toBeUndefined();
  });
  it('overlap check', () => {
    const w = ruleWindow('T | where Timestamp > ago(1d)', catalog, now)!;
    expect(windowMiss(w, { min: t('2024-04-01T00:00:00Z'), max: t('2024-04-30T12:00:00Z') })).toBeUndefined();
    expect(windowMiss(w, { min: t('2024-04-01T00:00:00Z'), max: t('2024-04-02T00:00:00Z') })).toMatch(
      /does not overlap/,
    );
  });
});

describe('findings', () => {
  it('key on entity columns only, so measures may change between runs', () => {
    const cols = [
      { name: 'DeviceName', type: 'string' as const },
      { name: 'RemoteUrl', type: 'string' as const },
      { name: 'Count', type: 'long' as const },
    ];
    const a = findingsOf('r', 'r', tableFromRows(cols, [['pc1', 'x.com', 1]]));
    const b = findingsOf('r', 'r', tableFromRows(cols, [['pc1', 'x.com', 7]]));
    expect(a[0]!.id).toBe(b[0]!.id);
    expect(a[0]!.keys).toEqual({ DeviceName: 'pc1', RemoteUrl: 'x.com' });
    expect(findingId('other', a[0]!.keys)).not.toBe(a[0]!.id);
    const noKeys = findingsOf('r', 'r', tableFromRows([{ name: 'n', type: 'long' }], [[1], [2]]));
    expect(noKeys).toHaveLength(2);
  });
});
