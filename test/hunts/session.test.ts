/**
 * HuntSession and the bundled packs in the catalog: packs are registered on first use and only
 * re-imported when the package changes them; a session decides now() once, labels its data, and a
 * run on the same data, rules and now() can be found again (serve's restart does not re-hunt).
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bundledPacks, packSource, packsRoot, resolveRuleSpecs, syncBundledPacks } from '../../src/hunts/index.js';
import { chooseSessionNow, HuntSession, SessionError } from '../../src/hunts/session.js';
import { formatDatetime, parseDatetime } from '../../src/kql/values.js';
import { openStore, type Store } from '../../src/store/index.js';
import { syncroExport } from './syncro-export.js';

const SYNCRO_CREATEPROC = 'f9919f87-a7ba-4f47-a942-e30c46eb7a7d';

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

function tempStore(): { path: string; store: Store } {
  const path = join(mkdtempSync(join(tmpdir(), 'kqlhunt-session-')), 'k.db');
  const store = openStore(path);
  open.push(store);
  return { path, store };
}

describe('bundled packs in the catalog', () => {
  it('finds every folder with a pack.yaml, without naming any', () => {
    const packs = bundledPacks();
    expect(packs.map((p) => p.name)).toContain('rmm');
    for (const p of packs) expect(p.source).toBe(`kqlhunt:packs/${p.name}`);
  });

  it('registers the packs on first use, skips them when unchanged and re-imports a changed pack', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kqlhunt-packs-'));
    cpSync(join(packsRoot(), 'rmm'), join(root, 'rmm'), { recursive: true });
    const { store } = tempStore();
    const first = await syncBundledPacks(store, { root });
    expect(first).toHaveLength(1);
    expect(first[0]!.outcome?.changes.added.length).toBeGreaterThan(100);
    // The manifest is not a rule: no broken file.
    expect(first[0]!.outcome?.record.broken).toBe(0);
    const count = store.listRules({ source: packSource('rmm') }).length;
    expect(count).toBe(first[0]!.outcome?.changes.added.length);
    const again = await syncBundledPacks(store, { root });
    expect(again[0]!.outcome).toBeUndefined();
    // The package updates a rule: the next use re-imports and reports it as updated.
    const file = join(root, 'rmm', 'tools', 'SyncroMSP', 'rmm_SyncroMSP_createproc.yaml');
    const text = (await import('node:fs')).readFileSync(file, 'utf8');
    writeFileSync(file, text.replace("has 'Syncro'", "has 'Syncro Agent'"));
    const updated = await syncBundledPacks(store, { root });
    expect(updated[0]!.outcome?.changes.updated).toEqual([SYNCRO_CREATEPROC]);
    expect(store.getRule(SYNCRO_CREATEPROC)!.rule.query).toContain("has 'Syncro Agent'");
  });

  it('--rules rmm with a store reads the catalog; without one, the package', async () => {
    const { store } = tempStore();
    const withStore = await resolveRuleSpecs(['rmm'], { store });
    const fromDisk = await resolveRuleSpecs(['rmm']);
    expect(withStore.rules.length).toBe(fromDisk.rules.length);
    expect(store.listRules({ source: packSource('rmm') }).length).toBe(withStore.rules.length);
    expect(fromDisk.diagnostics.filter((d) => d.path === 'pack.yaml')).toEqual([]);
    // No specs: the whole catalog (every bundled pack plus imported sources).
    const all = await resolveRuleSpecs([], { store });
    expect(all.rules.length).toBe(store.listRules().length);
  });
});

describe('HuntSession', () => {
  it('decides now() in one place, with its reason', () => {
    const range = { min: parseDatetime('2024-05-01T00:00:00Z')!, max: parseDatetime('2024-05-02T00:00:00Z')! };
    expect(chooseSessionNow('auto', range, undefined)).toMatchObject({ value: range.max, source: 'auto' });
    expect(chooseSessionNow(range.min, range, undefined)).toMatchObject({ value: range.min, source: 'option' });
    expect(chooseSessionNow('clock', range, undefined)).toMatchObject({ value: undefined, source: 'clock' });
    const clock = chooseSessionNow('auto', undefined, undefined, () => 42n);
    expect(clock).toMatchObject({ value: 42n, source: 'clock' });
    expect(clock.note).toContain('no event times');
  });

  it('opens rules from the catalog, loads and labels the data, hunts and records where it ran', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kqlhunt-session-data-'));
    const file = syncroExport(dir);
    const db = join(dir, 'k.db');
    const session = await HuntSession.open({ rules: ['rmm'], data: [file], db });
    open.push(session);
    expect(session.rules.some((r) => r.id === SYNCRO_CREATEPROC)).toBe(true);
    expect(session.now).toMatchObject({ source: 'auto', value: parseDatetime('2024-05-01T12:00:00Z') });
    expect(session.dataLabel).toMatchObject({ kind: 'files', paths: [file] });
    expect(session.dataLabel.key).toMatch(/^data-[0-9a-f]{16}$/);
    expect(session.store!.listRules({ source: packSource('rmm') }).length).toBe(session.rules.length);

    const rules = session.withStoredExclusions();
    expect(session.reusableRun(rules)).toBeUndefined();
    const result = await session.hunt({ rules });
    expect(result.target).toBe('local');
    const found = result.outcomes.find((o) => o.rule.id === SYNCRO_CREATEPROC);
    expect(found?.findings).toHaveLength(1);
    const run = session.store!.getRun(result.runId!)!;
    expect(run).toMatchObject({ target: 'local', dataKind: 'files', now: formatDatetime(session.now.value!) });
    // Same data, rules and now(): found again; other rules: not.
    expect(session.reusableRun(rules)?.id).toBe(result.runId);
    expect(session.reusableRun(rules.slice(1))).toBeUndefined();
  });

  it('hunts the same rules on other data (withData): own now() and label, shared store, recorded on a started run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kqlhunt-session-other-'));
    const first = syncroExport(mkdtempSync(join(dir, 'a-')), '2024-05-01T12:00:00Z');
    const other = syncroExport(mkdtempSync(join(dir, 'b-')), '2024-06-10T08:00:00Z');
    const session = await HuntSession.open({ rules: ['rmm'], data: [first], db: join(dir, 'k.db') });
    open.push(session);
    const progress: string[] = [];
    const chosen = await session.withData({
      kind: 'upload',
      label: 'upload: syncro.ndjson',
      paths: [other],
      cache: false,
      onLoadProgress: (p) => progress.push(p.file),
    });
    expect(chosen.store).toBe(session.store);
    expect(chosen.rules).toBe(session.rules);
    expect(chosen.now).toMatchObject({ source: 'auto', value: parseDatetime('2024-06-10T08:00:00Z') });
    expect(chosen.dataLabel).toMatchObject({ kind: 'upload', text: 'upload: syncro.ndjson', paths: [other] });
    expect(chosen.dataLabel.key).not.toBe(session.dataLabel.key);
    expect(progress).toContain(other);
    const runId = session.store!.startRun({ rulesSpec: ['rule:x'], dataPaths: ['syncro.ndjson'], dataKind: 'upload' });
    const rule = session.rules.filter((r) => r.id === SYNCRO_CREATEPROC);
    const result = await chosen.hunt({ rules: rule, runId });
    expect(result.runId).toBe(runId);
    expect(session.store!.getRun(runId)).toMatchObject({
      status: 'completed',
      dataKind: 'upload',
      now: '2024-06-10T08:00:00.0000000Z',
      rulesRun: 1,
    });
    // Closing the derived session leaves the shared store open.
    await chosen.close();
    expect(session.store!.listRuns(1)[0]?.id).toBe(runId);
    await expect(session.withData({ kind: 'files', label: 'x', paths: [] })).rejects.toBeInstanceOf(SessionError);
  });

  it('refuses a missing --data path or rule spec as a SessionError', async () => {
    await expect(HuntSession.open({ data: ['/no/such/file'], store: 'none' })).rejects.toBeInstanceOf(SessionError);
    await expect(HuntSession.open({ rules: ['no-such-pack'], store: 'none' })).rejects.toThrow(
      /neither a bundled pack/,
    );
  });
});
