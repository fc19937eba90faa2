/**
 * `kqlhunt query` output keeps reals inside dynamic cells: `--format json` and `--jsonl` write
 * `50.0` for an integral real (JSON.stringify would write 50), and that text read back through
 * parse_json gives the same value again (the round trip a tool reading our JSON makes).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const QUERY = `print d = parse_json('{"a": 50.0, "b": 50, "c": [1.0, 2.5, -0.0]}'), r = dynamic(7.0)`;

describe('dynamic reals in CLI output', () => {
  it('--format json writes integral reals with a decimal point', () => {
    const r = runCli(['query', '--format', 'json', QUERY]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"rows":[[{"a":50.0,"b":50,"c":[1.0,2.5,-0.0]},7.0]]');
    // Still JSON for every reader.
    expect(JSON.parse(r.stdout).rows[0][1]).toBe(7);
  });

  it('round-trips: the JSON cell parsed again prints the same', () => {
    const first = runCli(['query', '--format', 'json', QUERY]);
    const cell = /"rows":\[\[(\{.*\}),7\.0\]\]/.exec(first.stdout)?.[1];
    expect(cell).toBeDefined();
    const again = runCli([
      'query',
      '--format',
      'json',
      `print d = parse_json('${cell}'), t = gettype(parse_json('${cell}').a)`,
    ]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`"rows":[[${cell},"real"]]`);
  });

  it('--jsonl and the text table show the same reals', () => {
    const batch = runCli(['query', '--jsonl'], `${JSON.stringify({ id: 'x', query: 'print dynamic([2.0, 2])' })}\n`);
    expect(batch.stdout.trim()).toBe('{"id":"x","columns":[{"name":"print_0","type":"dynamic"}],"rows":[[[2.0,2]]]}');
    const table = runCli(['query', 'print dynamic([2.0, 2])']);
    expect(table.stdout).toContain('[2.0,2]');
  });
});
