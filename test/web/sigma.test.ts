/** The web app with Sigma rules: converted and not-convertible rules both render; the hunt skips the latter. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boot } from '../../src/web/boot.js';
import { buildServer } from '../../src/web/server.js';

const rule = (id: string, field: string) => `title: Sigma web ${id}
id: ${id}
status: experimental
level: high
author: Web Tester
falsepositives: [Software installers]
tags: [attack.execution, attack.t1204.002]
logsource: {category: process_creation, product: windows}
detection:
  sel:
    ${field}
  condition: sel
`;

describe('web app with Sigma rules', () => {
  it('renders converted and not-convertible Sigma rules and runs only the converted one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kqlhunt-web-sigma-'));
    writeFileSync(join(dir, 'a.yml'), rule('5d0c1c3e-0000-4000-8000-00000000000a', "Image|endswith: '\\\\cmd.exe'"));
    writeFileSync(join(dir, 'b.yml'), rule('5d0c1c3e-0000-4000-8000-00000000000b', "CurrentDirectory: 'C:\\\\x'"));
    const state = await boot({
      rules: [dir],
      demoDir: mkdtempSync(join(tmpdir(), 'kqlhunt-web-sigma-fleet-')),
      db: join(mkdtempSync(join(tmpdir(), 'kqlhunt-web-sigma-db-')), 'k.db'),
    });
    const app = buildServer(state);
    await app.ready();
    try {
      for (const url of [
        '/',
        '/coverage',
        '/rules/5d0c1c3e-0000-4000-8000-00000000000a',
        '/rules/5d0c1c3e-0000-4000-8000-00000000000b',
      ]) {
        const res = await app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(200);
      }
      const page = await app.inject({ method: 'GET', url: '/rules/5d0c1c3e-0000-4000-8000-00000000000a' });
      expect(page.body).toContain('Sigma web 5d0c1c3e-0000-4000-8000-00000000000a');
      // Coverage counts the converted rule only: T1204.002 and its parent, one rule each.
      const coverage = await app.inject({ method: 'GET', url: '/coverage' });
      expect(coverage.body).toContain(
        '<span id="coverage-count">1 ATT&amp;CK techniques and sub-techniques covered</span>',
      );
      expect(coverage.body).toContain('1 techniques (with their sub-techniques');
      expect(coverage.body).toContain('1 rules that did not convert to KQL are not counted');
      const api = (await app.inject({ method: 'GET', url: '/api/coverage' })).json() as {
        techniques: { id: string; ruleIds: string[] }[];
      };
      expect(api.techniques.find((t) => t.id === 'T1204.002')?.ruleIds).toEqual([
        '5d0c1c3e-0000-4000-8000-00000000000a',
      ]);
      const runs = state.store.listRuns(5);
      expect(runs[0]?.rulesRun).toBe(1);
    } finally {
      await app.close();
    }
  });
});
