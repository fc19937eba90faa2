import { describe, expect, it } from 'vitest';
import { jsonLines, runCli } from '../helpers/cli.js';

const DIAG_KEYS = ['code', 'column', 'length', 'line', 'message', 'severity'];

describe('kqlhunt check', () => {
  it('a valid query: no output, exit 0', () => {
    const r = runCli(['check', '-'], 'DeviceProcessEvents | where FileName == "cmd.exe" | take 5');
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
  });

  it('a syntax error: file:line:col: error CODE: message, the source line and a caret; exit 1', () => {
    const r = runCli(['check'], 'print 1\n| where x ==');
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^<stdin>:2:\d+: error KQL\d{3}: \S/);
    expect(lines[1]).toBe('| where x ==');
    expect(lines[2]).toMatch(/^ *\^~*$/);
  });

  it('--format json: an array of {code, severity, message, line, column, length}', () => {
    const ok = runCli(['check', '--format', 'json'], 'print 1');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual([]);
    const bad = runCli(['check', '--format', 'json', '-'], "print 'unterminated");
    expect(bad.code).toBe(1);
    const diags = JSON.parse(bad.stdout) as Record<string, unknown>[];
    expect(diags.length).toBeGreaterThan(0);
    expect(Object.keys(diags[0]!).sort()).toEqual(DIAG_KEYS);
    expect(diags[0]).toMatchObject({ severity: 'error', line: 1 });
  });

  it('binds against the built-in schemas; --syntax-only skips that', () => {
    const unknownColumn = 'DeviceProcessEvents | where FileNam == "x"';
    const bound = runCli(['check', '--format', 'json'], unknownColumn);
    expect(bound.code).toBe(1);
    expect((JSON.parse(bound.stdout) as { code: string }[])[0]!.code).toBe('KQL302');
    const unknownTable = runCli(['check', '--format', 'json'], 'NoSuchTable | take 1');
    expect((JSON.parse(unknownTable.stdout) as { code: string }[])[0]!.code).toBe('KQL301');
    const syntaxOnly = runCli(['check', '--syntax-only'], unknownColumn);
    expect(syntaxOnly.code).toBe(0);
    expect(syntaxOnly.stdout).toBe('');
  });

  it('--jsonl: one {"id","diagnostics"} line per input line, in order, bad lines answered too', () => {
    const input = [
      JSON.stringify({ id: 'ok', query: 'print 1' }),
      JSON.stringify({ id: 7, query: 'print (' }),
      '{not json',
      JSON.stringify({ id: 'noquery' }),
      '',
    ].join('\n');
    const r = runCli(['check', '--jsonl'], input);
    expect(r.code).toBe(0);
    const out = jsonLines(r.stdout) as { id: unknown; diagnostics: Record<string, unknown>[] }[];
    expect(out.map((o) => o.id)).toEqual(['ok', 7, null, 'noquery']);
    expect(out[0]!.diagnostics).toEqual([]);
    expect(out[1]!.diagnostics.length).toBeGreaterThan(0);
    expect(Object.keys(out[1]!.diagnostics[0]!).sort()).toEqual(DIAG_KEYS);
    expect(out[2]!.diagnostics[0]!.code).toBe('CLI001');
    expect(out[3]!.diagnostics[0]!.code).toBe('CLI001');
  });
});
