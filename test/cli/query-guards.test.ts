/**
 * Resource guards and local-file permission through the CLI: --max-memory stops a query that
 * grows memory, --allow-file lets externaldata read a local CSV and nothing else.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('kqlhunt query guards', () => {
  it('cancels a query that outgrows --max-memory with KQL605', () => {
    const r = runCli([
      'query',
      "range x from 1 to 30000000 step 1 | extend y = strcat('a', x) | summarize make_list(y)",
      '--max-memory',
      '40',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('KQL605');
  });

  it('reads a local CSV with externaldata only where --allow-file permits', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kqlhunt-ext-'));
    writeFileSync(join(dir, 'iocs.csv'), 'ip,label\n10.0.0.1,c2\n10.0.0.2,c2\n');
    const q = `externaldata(ip:string, label:string)['${join(dir, 'iocs.csv')}'] with (format='csv', ignoreFirstRecord=true) | count`;
    const denied = runCli(['query', q]);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('KQL606');
    const allowed = runCli(['query', q, '--allow-file', dir, '--format', 'json']);
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.stdout).rows).toEqual([[2]]);
  });
});
