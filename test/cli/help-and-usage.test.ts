import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('kqlhunt help and usage errors', () => {
  it('--help lists every command with examples and exit codes', () => {
    const r = runCli(['--help']);
    expect(r.code).toBe(0);
    for (const cmd of ['demo', 'query', 'check', 'explain', 'data', 'generate']) expect(r.stdout).toContain(cmd);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toMatch(/Exit status/);
  });

  it.each(['query', 'check', 'explain', 'generate', 'demo'])('%s --help teaches with examples', (cmd) => {
    const r = runCli([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain(`kqlhunt ${cmd}`);
  });

  it('data inspect --help', () => {
    const r = runCli(['data', 'inspect', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('kqlhunt data inspect');
  });

  it('--version prints the version', () => {
    const r = runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('unknown options and commands exit 2', () => {
    expect(runCli(['--bogus']).code).toBe(2);
    expect(runCli(['frobnicate']).code).toBe(2);
    expect(runCli(['query', '--bogus', 'print 1']).code).toBe(2);
  });

  it('bad option values exit 2 with a message', () => {
    const now = runCli(['query', '--now', 'yesterday-ish', 'print 1']);
    expect(now.code).toBe(2);
    expect(now.stderr).toContain('--now');
    expect(runCli(['query', '--timeout', 'soon', 'print 1']).code).toBe(2);
    expect(runCli(['query', '--max-rows', '-5', 'print 1']).code).toBe(2);
    expect(runCli(['query', '--format', 'xml', 'print 1']).code).toBe(2);
    expect(runCli(['check', '--format', 'yaml', '-'], 'print 1').code).toBe(2);
    expect(runCli(['explain', '--stage', 'codegen', '-'], 'print 1').code).toBe(2);
  });

  it('unreadable files and conflicting inputs exit 2', () => {
    expect(runCli(['check', 'no/such/file.kql']).code).toBe(2);
    expect(runCli(['query', '--file', 'no/such/file.kql']).code).toBe(2);
    expect(runCli(['query', '--file', 'package.json', 'print 1']).code).toBe(2);
    expect(runCli(['query', '--jsonl', 'print 1']).code).toBe(2);
  });

  it('generate and data inspect validate their arguments', () => {
    expect(runCli(['generate']).code).toBe(2); // --out is required
    expect(runCli(['generate', '--out', 'x', '--devices', 'many']).code).toBe(2);
    expect(runCli(['generate', '--out', 'x', '--format', 'parquet']).code).toBe(2);
    expect(runCli(['generate', '--out', 'x', '--end', 'someday']).code).toBe(2);
    expect(runCli(['data', 'inspect']).code).toBe(2); // a path is required
  });
});
