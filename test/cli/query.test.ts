import { describe, expect, it } from 'vitest';
import { jsonLines, runCli } from '../helpers/cli.js';

describe('kqlhunt query', () => {
  it('--format json: columns with types, rows with JSON cells', () => {
    const r = runCli(['query', "print x = 1, s = 'a', b = true", '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      columns: [
        { name: 'x', type: 'long' },
        { name: 's', type: 'string' },
        { name: 'b', type: 'bool' },
      ],
      rows: [[1, 'a', true]],
    });
  });

  it('JSON cell encodings: datetime, timespan, NaN/Infinity, dynamic, null', () => {
    const q =
      'print d = datetime(2024-01-01), t = 1d + 2h, n = real(nan), i = real(+inf), j = dynamic({"a":[1]}), z = long(null)';
    const r = runCli(['query', '--format', 'json', q]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { rows: unknown[][] }).rows[0]).toEqual([
      '2024-01-01T00:00:00.0000000Z',
      '1.02:00:00',
      'NaN',
      'Infinity',
      { a: [1] },
      null,
    ]);
  });

  it('longs keep every digit past 2^53 in text, JSON and --jsonl output', () => {
    const q = 'print x = 9007199254740993, y = 9223372036854775807 + 1';
    const json = runCli(['query', '--format', 'json', q]);
    expect(json.code).toBe(0);
    expect(json.stdout).toContain('"rows":[[9007199254740993,-9223372036854775808]]');
    const text = runCli(['query', q]);
    expect(text.stdout).toContain('9007199254740993');
    expect(text.stdout).toContain('-9223372036854775808');
    const batch = runCli(['query', '--jsonl'], `${JSON.stringify({ id: 'a', query: q })}\n`);
    expect(batch.stdout).toContain('[[9007199254740993,-9223372036854775808]]');
  });

  it('--now fixes now() for the whole query', () => {
    const r = runCli(['query', '--format', 'json', '--now', '2024-05-01T12:00:00Z', 'print a = now(), b = ago(1d)']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { rows: unknown[][] }).rows[0]).toEqual([
      '2024-05-01T12:00:00.0000000Z',
      '2024-04-30T12:00:00.0000000Z',
    ]);
  });

  it('--format csv is RFC 4180 (CRLF, quoted fields)', () => {
    const r = runCli(['query', '--format', 'csv', "print a = 'x,y', b = 'say \"hi\"', c = 3"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('a,b,c\r\n"x,y","say ""hi""",3\r\n');
  });

  it('--format table (default) aligns columns and counts rows', () => {
    const r = runCli(['query', 'range x from 1 to 3 step 1 | extend name = strcat("n", x)']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^x\s+name$/);
    expect(lines[1]).toMatch(/^-+\s+-+$/);
    expect(lines).toHaveLength(6);
    expect(lines[5]).toBe('(3 rows)');
  });

  it('reads the query from stdin and from --file', () => {
    const stdin = runCli(['query', '--format', 'json'], 'print 42');
    expect((JSON.parse(stdin.stdout) as { rows: unknown[][] }).rows).toEqual([[42]]);
    const dash = runCli(['query', '-', '--format', 'json'], 'print 43');
    expect((JSON.parse(dash.stdout) as { rows: unknown[][] }).rows).toEqual([[43]]);
  });

  it('errors go to stderr as file:line:col diagnostics, exit 1', () => {
    const r = runCli(['query', 'DeviceProcessEvents | take 1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^<query>:1:1: error KQL301: /);
  });

  it('--jsonl: results and errors line by line; a bad query never stops the batch', () => {
    const input = [
      JSON.stringify({ id: 'a', query: 'print x = 1' }),
      JSON.stringify({ id: 'b', query: 'print (' }),
      'not json',
      JSON.stringify({ id: 'c', query: 'range i from 1 to 2 step 1' }),
    ].join('\n');
    const r = runCli(['query', '--jsonl'], `${input}\n`);
    expect(r.code).toBe(0);
    const out = jsonLines(r.stdout) as Record<string, unknown>[];
    expect(out).toHaveLength(4);
    expect(out[0]).toEqual({ id: 'a', columns: [{ name: 'x', type: 'long' }], rows: [[1]] });
    expect(out[1]!.id).toBe('b');
    expect(Object.keys(out[1]!.error as object).sort()).toEqual(['code', 'column', 'line', 'message']);
    expect((out[2]!.error as { code: string }).code).toBe('CLI001');
    expect(out[3]).toEqual({ id: 'c', columns: [{ name: 'i', type: 'long' }], rows: [[1], [2]] });
  });

  it('--max-rows stops a query that produces too many rows (KQL602)', () => {
    const r = runCli(['query', '--max-rows', '10', 'range i from 1 to 1000 step 1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('KQL602');
  });
});
