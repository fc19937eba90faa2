/**
 * The rule cache (src/hunts/rule-cache.ts): a cached directory import gives exactly what a fresh
 * import gives; an edited, added or removed file is re-read; a file changed moments ago is not
 * recorded; a damaged, foreign or tampered entry is ignored and rebuilt; `false` bypasses it; the
 * catalog path (syncBundledPacks) and hunts give the same rules and findings with and without it.
 */
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { packSource, resolveRuleSpecs, runHunt, syncBundledPacks } from '../../src/hunts/index.js';
import {
  defaultRuleCacheDir,
  importDirectoryCached,
  RULE_CACHE_FORMAT,
  type RuleCacheOutcome,
  SETTLE_MS,
} from '../../src/hunts/rule-cache.js';
import { type ImportResult, importDirectory } from '../../src/rules/import.js';
import type { Rule } from '../../src/rules/model.js';
import { openStore } from '../../src/store/index.js';
import { generateFleet } from '../../src/telemetry/generate/index.js';
import { loadTelemetry } from '../../src/telemetry/load.js';
import { writeFixtureRepo } from '../rules/fixtures.js';

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});
const temp = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
};

/** An hour ago plus `n` seconds: settled, and distinct per call when a test needs a new time. */
const past = (n = 0) => new Date(Date.now() - 3_600_000 + n * 1000);

function settle(root: string, when = past()): void {
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const f = join(d, e.name);
      if (e.isDirectory()) walk(f);
      else utimesSync(f, when, when);
    }
  };
  walk(root);
}

const SIGMA = `title: Whoami run
id: 5f1c8a44-0d8e-4c2e-9a7e-6f3a2b1c0d9e
status: test
description: whoami
logsource:
  category: process_creation
  product: windows
detection:
  selection:
    Image|endswith: '\\whoami.exe'
  condition: selection
level: low
`;

let root: string;
let cacheDir: string;
const REPO = 'Azure/Azure-Sentinel';
const opts = (retrievedAt: string) => ({ repository: REPO, commit: 'abc123', retrievedAt });

beforeEach(() => {
  root = writeFixtureRepo();
  temps.push(root);
  mkdirSync(join(root, 'sigma'));
  writeFileSync(join(root, 'sigma', 'whoami.yml'), SIGMA);
  // A duplicate id in a later file: reported and dropped the same way from the cache.
  writeFileSync(join(root, 'zz_dup.yaml'), 'id: 0b1d9e7c-3f4a-4c56-8e21-7a9b0c1d2e3f\nname: dup\nquery: T\n');
  settle(root);
  cacheDir = join(temp('kqlhunt-rulecache-'), 'rules');
});

async function cached(retrievedAt: string): Promise<{ result: ImportResult; cache: RuleCacheOutcome }> {
  return importDirectoryCached(root, opts(retrievedAt), { dir: cacheDir });
}

/** Equal as values, and equal as JSON text (key order included, as `rules show --format json` prints). */
function expectSame(a: ImportResult, b: ImportResult): void {
  expect(a).toStrictEqual(b);
  expect(JSON.stringify(a)).toBe(JSON.stringify(b));
}

const entries = () => readdirSync(cacheDir).filter((n) => n.endsWith('.kqr'));

describe('rule cache', () => {
  it('gives exactly what a fresh import gives, with this import’s retrieval time', async () => {
    const fresh = await importDirectory(root, opts('T1'));
    expect(fresh.rules.length).toBeGreaterThanOrEqual(7);
    expect(fresh.rules.some((r) => r.rule.format === 'sigma')).toBe(true);
    expect(fresh.rules.some((r) => r.rule.format === 'markdown')).toBe(true);
    expect(fresh.diagnostics.some((d) => d.code === 'RULE502')).toBe(true);
    expect(fresh.diagnostics.some((d) => d.severity === 'error')).toBe(true);

    const first = await cached('T1');
    expect(first.cache).toMatchObject({ status: 'written', parsed: fresh.filesRead, reused: 0 });
    expectSame(first.result, fresh);
    expect(entries()).toHaveLength(1);

    const second = await cached('T2');
    expect(second.cache).toMatchObject({ status: 'hit', files: fresh.filesRead });
    expectSame(second.result, await importDirectory(root, opts('T2')));
    expect(second.result.rules.every((r) => r.rule.source.retrievedAt === 'T2')).toBe(true);
  });

  it('re-reads an edited file (same size too), an added one, and forgets a removed one', async () => {
    await cached('T');
    const file = join(root, 'Detections', 'Identity', 'valid_scheduled.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('SigninLogs');

    // Same length, other content, another (settled) modification time.
    writeFileSync(file, text.replace('SigninLogs', 'SigninLogz'));
    utimesSync(file, past(10), past(10));
    const edited = await cached('T');
    expect(edited.cache).toMatchObject({ status: 'written', parsed: 1 });
    expectSame(edited.result, await importDirectory(root, opts('T')));
    expect(JSON.stringify(edited.result)).toContain('SigninLogz');
    expect((await cached('T')).cache.status).toBe('hit');

    const addedFile = join(root, 'Hunting Queries', 'added.yaml');
    writeFileSync(addedFile, 'id: 9e0c1d2e-aaaa-4bbb-8ccc-0123456789ab\nname: Added\nquery: DeviceEvents | take 1\n');
    utimesSync(addedFile, past(20), past(20));
    const added = await cached('T');
    expect(added.cache).toMatchObject({ status: 'written', parsed: 1 });
    expectSame(added.result, await importDirectory(root, opts('T')));
    expect(added.result.rules.some((r) => r.rule.name === 'Added')).toBe(true);

    unlinkSync(join(root, 'Hunting Queries', 'added.yaml'));
    const removed = await cached('T');
    expect(removed.cache).toMatchObject({ status: 'written', parsed: 0 });
    expectSame(removed.result, await importDirectory(root, opts('T')));
    expect(removed.result.rules.some((r) => r.rule.name === 'Added')).toBe(false);
    expect((await cached('T')).cache.status).toBe('hit');
  });

  it('does not record a file modified moments ago (a second write in the same tick would go unseen)', async () => {
    const file = join(root, 'Hunting Queries', 'fresh.yaml');
    writeFileSync(file, 'id: 1e0c1d2e-aaaa-4bbb-8ccc-0123456789ab\nname: Fresh\nquery: DeviceEvents | take 1\n');
    // A whole-millisecond time (so it can be set again exactly), well inside SETTLE_MS.
    const mtime = new Date(Date.now() - 200);
    utimesSync(file, mtime, mtime);
    await cached('T');
    expect(Date.now() - statSync(file).mtimeMs).toBeLessThan(SETTLE_MS);
    // Rewritten with the same size and given back the same time: only a re-read can see it.
    writeFileSync(file, 'id: 1e0c1d2e-aaaa-4bbb-8ccc-0123456789ab\nname: Frish\nquery: DeviceEvents | take 1\n');
    utimesSync(file, mtime, mtime);
    const again = await cached('T');
    expect(again.cache).toMatchObject({ status: 'written', parsed: 1 });
    expect(again.result.rules.some((r) => r.rule.name === 'Frish')).toBe(true);
    expectSame(again.result, await importDirectory(root, opts('T')));
  });

  it('ignores and rebuilds a damaged, truncated, foreign or misshapen entry', async () => {
    const fresh = await importDirectory(root, opts('T'));
    // An entry made for another directory (same files), to be put where this one's goes.
    const other = temp('kqlhunt-rulecache-foreign-');
    cpSync(root, other, { recursive: true });
    settle(other);
    await importDirectoryCached(other, opts('T'), { dir: cacheDir });
    const [otherName] = entries();
    const foreign = readFileSync(join(cacheDir, otherName!));
    await cached('T');
    const name = entries().find((n) => n !== otherName);
    const path = join(cacheDir, name!);
    const good = readFileSync(path);
    const header = (payload: Buffer, format = RULE_CACHE_FORMAT) => {
      const head = Buffer.alloc(40);
      head.writeUInt32LE(0x4352514b, 0);
      head.writeUInt32LE(format, 4);
      createHash('sha256').update(payload).digest().copy(head, 8);
      return Buffer.concat([head, payload]);
    };
    const damaged: [string, Buffer][] = [
      ['one byte flipped', Buffer.from(good.map((b, i) => (i === good.length >> 1 ? b ^ 0xff : b)))],
      ['truncated', good.subarray(0, good.length - 100)],
      ['empty', Buffer.alloc(0)],
      ['not ours', Buffer.from('hello, this is not a rule cache file at all; hello hello hello')],
      ['wrong shape, valid checksum', header(serialize({ format: RULE_CACHE_FORMAT, files: 'x' }))],
      ['other format version', header(good.subarray(40), RULE_CACHE_FORMAT + 1)],
      ['made for another directory', foreign],
    ];
    for (const [what, bytes] of damaged) {
      writeFileSync(path, bytes);
      const r = await cached('T');
      expect(r.cache, what).toMatchObject({ status: 'written', parsed: fresh.filesRead });
      expectSame(r.result, fresh);
      expect((await cached('T')).cache.status, what).toBe('hit');
    }
  });

  it('keeps entries of other directories apart, and `false` neither reads nor writes', async () => {
    const other = temp('kqlhunt-rulecache-other-');
    cpSync(root, other, { recursive: true });
    settle(other);
    await cached('T');
    const b = await importDirectoryCached(other, opts('T'), { dir: cacheDir });
    expect(b.cache.status).toBe('written');
    expect(entries()).toHaveLength(2);
    expectSame(b.result, await importDirectory(other, opts('T')));

    const offDir = join(temp('kqlhunt-rulecache-off-'), 'rules');
    const off = await importDirectoryCached(root, opts('T'), false);
    expect(off.cache.status).toBe('off');
    expect(existsSync(offDir)).toBe(false);
    expectSame(off.result, await importDirectory(root, opts('T')));
  });

  it('an unwritable cache directory costs nothing but the cache', async () => {
    const file = join(temp('kqlhunt-rulecache-file-'), 'plain-file');
    writeFileSync(file, 'x');
    const r = await importDirectoryCached(root, opts('T'), { dir: join(file, 'rules') });
    expect(r.cache.status).toBe('skipped');
    expectSame(r.result, await importDirectory(root, opts('T')));
  });

  it('lives under $KQLHUNT_CACHE_DIR/rules when that is set', () => {
    expect(defaultRuleCacheDir({ KQLHUNT_CACHE_DIR: '/x/cache' })).toBe(join('/x/cache', 'rules'));
    expect(defaultRuleCacheDir({})).toMatch(/kqlhunt.*rules$/);
  });
});

/** Rules without their retrieval time (each import stamps its own). */
const timeless = (rules: readonly Rule[]) =>
  rules.map((r) => ({ ...r, source: { ...r.source, retrievedAt: undefined } }));

describe('rule cache in packs and hunts', () => {
  it('resolveRuleSpecs and the catalog give the same rules from the cache as without it', async () => {
    const dir = join(temp('kqlhunt-rulecache-pack-'), 'rules');
    const plain = await resolveRuleSpecs(['rmm']);
    await resolveRuleSpecs(['rmm'], { cache: { dir } });
    expect(readdirSync(dir).filter((n) => n.endsWith('.kqr'))).toHaveLength(1);
    const hit = await resolveRuleSpecs(['rmm'], { cache: { dir } });
    expect(hit.rules.length).toBeGreaterThan(400);
    expect(timeless(hit.rules)).toStrictEqual(timeless(plain.rules));
    expect(hit.diagnostics).toStrictEqual(plain.diagnostics);

    // A new store registering the unchanged pack reads it from the cache: same catalog.
    const a = openStore(join(temp('kqlhunt-rulecache-db-'), 'a.db'));
    const b = openStore(join(temp('kqlhunt-rulecache-db-'), 'b.db'));
    try {
      await syncBundledPacks(a, { names: ['rmm'] });
      await syncBundledPacks(b, { names: ['rmm'], cache: { dir } });
      const rows = (s: typeof a) =>
        s
          .listRules({ source: packSource('rmm') })
          .map((c) => ({ id: c.id, hash: c.hash, rule: timeless([c.rule])[0] }));
      expect(rows(b)).toStrictEqual(rows(a));
      expect(rows(a).length).toBe(plain.rules.length);
    } finally {
      a.close();
      b.close();
    }
  });

  it('a hunt finds the same with rules from the cache as with freshly read ones', async () => {
    const fleet = join(temp('kqlhunt-rulecache-fleet-'), 'fleet');
    await generateFleet({ outDir: fleet, devices: 12, events: 8000, days: 5, end: '2024-05-01T00:00:00Z', seed: 'rc' });
    const { store: data } = await loadTelemetry([fleet]);
    const dir = join(temp('kqlhunt-rulecache-hunt-'), 'rules');
    await resolveRuleSpecs(['rmm'], { cache: { dir } });
    const fromCache = (await resolveRuleSpecs(['rmm'], { cache: { dir } })).rules;
    const fresh = (await resolveRuleSpecs(['rmm'], { cache: false })).rules;
    // A month after the data too: every window misses it, and the empty results say so.
    const later = BigInt(Date.parse('2024-06-01T00:00:00Z')) * 10_000n;
    const outcomes = async (rules: readonly Rule[], now: bigint | 'auto') =>
      (await runHunt({ rules, provider: data, now })).outcomes.map((o) => ({
        id: o.rule.id,
        rows: o.rows,
        error: o.error,
        note: o.note,
        findings: o.findings,
      }));
    const a = await outcomes(fresh, 'auto');
    expect(a.some((o) => o.findings.length > 0)).toBe(true);
    expect(await outcomes(fromCache, 'auto')).toStrictEqual(a);
    const late = await outcomes(fresh, later);
    expect(late.every((o) => o.findings.length === 0)).toBe(true);
    expect(late.filter((o) => o.note?.includes('does not overlap the data')).length).toBe(late.length);
    expect(await outcomes(fromCache, later)).toStrictEqual(late);
  });
});
