import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('kqlhunt explain', () => {
  it('--stage plan prints the plan tree with schemas', () => {
    const r = runCli(['explain', '--stage', 'plan'], 'range x from 1 to 3 step 1 | where x > 1');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Filter .*:: \(x:long\)/m);
    expect(r.stdout).toMatch(/^ {2}Range from 1 to 3 step 1 {2}:: \(x:long\)/m);
  });

  it('--stage bound prints the typed logical plan', () => {
    const r = runCli(['explain', '--stage', 'bound'], 'print a = 1 + 2');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('a:long');
  });

  it('--stage syntax prints the syntax tree', () => {
    const r = runCli(['explain', '--stage', 'syntax'], 'T | where x > 1');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/where/i);
  });

  it('a query with errors: diagnostics on stderr, exit 1', () => {
    const r = runCli(['explain', '--stage', 'plan'], 'print (');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/<stdin>:1:\d+: error KQL/);
  });
});

describe('kqlhunt demo', () => {
  it('runs the SyncroMSP rule on the built-in sample and shows two devices', () => {
    const r = runCli(['demo']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('SyncroMSP');
    expect(r.stdout).toContain('ws-01.contoso.local');
    expect(r.stdout).toContain('ws-02.contoso.local');
    expect(r.stdout).not.toMatch(/ws-03\.contoso\.local\s/);
    expect(r.stdout).toContain('(2 rows)');
  });
});
