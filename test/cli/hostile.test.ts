/**
 * Issue 14 through the CLI: the hostile queries end with their limit's diagnostic and exit 1 (not
 * an abort with exit 134, not a run past --timeout); a --jsonl batch with deep inputs answers every
 * line; a folder with a 6,000-term rule imports and hunts; lint refuses markup in tactics and
 * malformed technique ids; `serve` reports a taken port before loading anything.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { cliCommand, jsonLines, runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/shared-data.js';

const STRREP =
  'range x from 1 to 3000 step 1 | extend s = strcat(tostring(x), strrep("abcdefgh", 1000000)) | summarize dcount(s)';
const MAKE_SERIES = 'range x from 1 to 100 step 1 | make-series c = count() on x from 0 to 100000000 step 1 by x';

describe('kqlhunt query: limits hold whatever the query does', () => {
  it('--max-memory stops the strrep and make-series queries with KQL605 and exit 1', () => {
    for (const q of [STRREP, MAKE_SERIES]) {
      const t = Date.now();
      const r = runCli(['query', q, '--max-memory', '256', '--timeout', '3000']);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain('KQL605');
      expect(Date.now() - t).toBeLessThan(45_000);
    }
  });

  it('--timeout stops a query stuck in one long step (the worker is terminated): KQL601, exit 1', () => {
    // make-series with 30M bins and one group: no memory limit given, so only the clock can stop it.
    const t = Date.now();
    const r = runCli(['query', MAKE_SERIES.replace('100000000', '30000000').replace(' by x', ''), '--timeout', '1500']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/KQL60[15]/);
    expect(Date.now() - t).toBeLessThan(30_000);
  });

  it('answers every line of a --jsonl batch that holds deep and long inputs', () => {
    const lines = [
      { id: 'first', query: 'print 1' },
      { id: 'dyn', query: `print x = dynamic(${'['.repeat(5000)}1${']'.repeat(5000)})` },
      { id: 'json', query: 'print x = parse_json(strcat(strrep("[", 5000), strrep("]", 5000)))' },
      { id: 'plus', query: `print x = ${Array.from({ length: 6000 }, (_, i) => String(i)).join(' + ')}` },
      { id: 'pipe', query: `print x = 1${' | extend y = 1'.repeat(6000)}` },
      { id: 'or', query: `print x = 1 | where ${Array.from({ length: 6000 }, (_, i) => `x == ${i}`).join(' or ')}` },
      { id: 'parens', query: `print x = ${'('.repeat(5000)}1${')'.repeat(5000)}` },
      { id: 'memory', query: STRREP },
      { id: 'last', query: 'print 2' },
    ];
    const r = runCli(['query', '--jsonl', '--max-memory', '256'], lines.map((l) => JSON.stringify(l)).join('\n'));
    expect(r.code, r.stderr).toBe(0);
    const out = jsonLines(r.stdout) as { id: string; rows?: unknown[][]; error?: { code: string } }[];
    expect(out.map((o) => o.id)).toEqual(lines.map((l) => l.id));
    const byId = new Map(out.map((o) => [o.id, o]));
    expect(byId.get('first')?.rows).toEqual([[1]]);
    expect(byId.get('dyn')?.error?.code).toBe('KQL208');
    // JSON nested deeper than 128 levels stays a string, as text that is not JSON does.
    expect(typeof byId.get('json')?.rows?.[0]?.[0]).toBe('string');
    expect(byId.get('plus')?.error?.code).toBe('KQL208');
    expect(byId.get('pipe')?.error?.code).toBe('KQL208');
    // `or` chains are flattened by the binder: 6,000 terms run.
    expect(byId.get('or')?.rows).toEqual([[1]]);
    expect(byId.get('parens')?.error?.code).toBe('KQL208');
    expect(byId.get('memory')?.error?.code).toBe('KQL605');
    expect(byId.get('last')?.rows).toEqual([[2]]);
  });
});

const GOOD_RULE = `id: 00000000-0000-0000-0000-0000000000aa
name: Finds a.exe
description: test rule
tactics:
  - Execution
relevantTechniques:
  - T1059
query: |
  DeviceProcessEvents
  | where FileName =~ "a.exe"
  | project Timestamp, DeviceId, DeviceName, FileName
`;

function hugeRule(terms: number): string {
  const or = Array.from({ length: terms }, (_, i) => `FileName == "p${i}.exe"`).join('\n    or ');
  return `id: 00000000-0000-0000-0000-0000000000bb
name: Six thousand terms
description: a query of ${terms} or terms
query: |
  DeviceProcessEvents
  | where ${or}
  | project Timestamp, DeviceName, FileName
`;
}

function deepRule(): string {
  return `id: 00000000-0000-0000-0000-0000000000cc
name: A 6000-link plus chain
description: too deep to bind
query: |
  DeviceProcessEvents
  | extend n = ${Array.from({ length: 6000 }, (_, i) => String(i)).join(' + ')}
`;
}

describe('one rule file does not stop import, hunt or lint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kqlhunt-hostile-rules-'));
  const rules = join(dir, 'rules');
  mkdirSync(rules);
  writeFileSync(join(rules, 'good.yaml'), GOOD_RULE);
  writeFileSync(join(rules, 'huge.yaml'), hugeRule(6000));
  writeFileSync(join(rules, 'deep.yaml'), deepRule());
  const data = join(dir, 'DeviceProcessEvents.ndjson');
  writeFileSync(
    data,
    `${JSON.stringify({ Timestamp: '2024-04-30T10:00:00Z', DeviceId: 'd1', DeviceName: 'pc1', FileName: 'a.exe' })}\n`,
  );
  const db = join(dir, 'k.db');

  it('imports the 6,000-term rule and the deep one as rules (the deep one with KQL208), and the rest', () => {
    const r = runCli(['rules', 'import', rules, '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('added 3');
    const store = openStore(db);
    const deep = store.getRule('00000000-0000-0000-0000-0000000000cc');
    expect(deep?.rule.lint.status).toBe('errors');
    expect(deep?.rule.lint.diagnostics.map((d) => d.code)).toContain('KQL208');
    expect(store.getRule('00000000-0000-0000-0000-0000000000bb')?.rule.lint.status).toBe('clean');
    expect(store.getRule('00000000-0000-0000-0000-0000000000aa')?.rule.lint.status).toBe('clean');
    store.close();
  });

  it('hunts the folder: the good and the 6,000-term rules run, the deep one fails alone', () => {
    const r = runCli([
      'hunt',
      '--rules',
      rules,
      '--data',
      data,
      '--db',
      db,
      '--format',
      'json',
      '--now',
      '2024-05-01T00:00:00Z',
    ]);
    // 3: a rule failed (the others still ran).
    expect(r.code, r.stderr).toBe(3);
    const out = JSON.parse(r.stdout) as { rules: { id: string; rows: number; error?: { code: string } }[] };
    const byId = new Map(out.rules.map((x) => [x.id, x]));
    expect(byId.get('00000000-0000-0000-0000-0000000000aa')?.rows).toBe(1);
    expect(byId.get('00000000-0000-0000-0000-0000000000bb')?.error).toBeUndefined();
    expect(byId.get('00000000-0000-0000-0000-0000000000cc')?.error?.code).toBe('KQL208');
  });

  it('lint refuses markup in tactics and malformed technique ids', () => {
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(
      join(bad, 'bad.yaml'),
      GOOD_RULE.replace('  - Execution', '  - Execution<script>').replace(
        '  - T1059',
        '  - T10\n  - 1059\n  - T1059.001',
      ),
    );
    const r = runCli(['rules', 'lint', bad, '--format', 'json']);
    expect(r.code).toBe(1);
    const problems = (JSON.parse(r.stdout) as { problems: { code: string; message: string }[] }).problems;
    const rule207 = problems.filter((p) => p.code === 'RULE207').map((p) => p.message);
    expect(rule207.some((m) => m.includes('Execution<script>'))).toBe(true);
    expect(rule207.some((m) => m.includes('"T10"'))).toBe(true);
    expect(rule207.some((m) => m.includes('"1059"'))).toBe(true);
    expect(rule207.some((m) => m.includes('"T1059.001"'))).toBe(false);
  });
});

describe('kqlhunt serve checks its address first', () => {
  it('reports a taken port with exit 2 before loading data or hunting', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const r = spawnSync(
        process.execPath,
        [...cliCommand(), 'serve', '--host', '127.0.0.1', '--port', String(port), '--rules', 'rmm'],
        {
          cwd: REPO_ROOT,
          encoding: 'utf8',
          timeout: 60_000,
          env: { ...process.env, KQLHUNT_DB: join(tmpdir(), 'unused.db') },
        },
      );
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`cannot listen on 127.0.0.1:${port}: EADDRINUSE`);
      expect(r.stderr).not.toMatch(/^(rules|data|hunt)/m);
    } finally {
      holder.close();
    }
  });
});

describe('kqlhunt serve on a non-loopback address', () => {
  it('prints a URL other machines can use, with the token, and a warning', async () => {
    const { exposureWarning, servedUrl } = await import('../../src/cli/commands/serve.js');
    const url = new URL(servedUrl('0.0.0.0', 7300, 'tok'));
    expect(url.hostname).not.toBe('0.0.0.0');
    expect(url.hostname).not.toBe('127.0.0.1');
    expect(url.port).toBe('7300');
    expect(url.searchParams.get('token')).toBe('tok');
    expect(servedUrl('127.0.0.1', 7300, undefined)).toBe('http://127.0.0.1:7300/');
    expect(servedUrl('::1', 8080, undefined)).toBe('http://[::1]:8080/');
    expect(exposureWarning('0.0.0.0')).toMatch(/^warning: .*0\.0\.0\.0.*access token/);
  });
});
