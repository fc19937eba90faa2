import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMarkdown } from '../../src/rules/markdown.js';
import { FIXTURES } from './helpers.js';

const source = { repository: 'microsoft/Microsoft-365-Defender-Hunting-Queries', path: 'docs/hunting.md' };

describe('markdown loader', () => {
  const r = loadMarkdown(readFileSync(join(FIXTURES, 'docs/hunting.md'), 'utf8'), source);

  it('makes one rule per kql/kusto block, named from the nearest heading', () => {
    expect(r.rules.map((x) => x.name)).toEqual(['Query', 'Variant with network events']);
    expect(r.rules.map((x) => x.source.block)).toEqual([0, 1]);
    expect(r.rules[0]!.query).toBe(
      "DeviceProcessEvents\n| where FileName =~ 'powershell.exe'\n| where ProcessCommandLine has 'DownloadString'",
    );
    expect(r.rules[1]!.tables).toEqual(['DeviceNetworkEvents']);
  });

  it('takes techniques, ticked tactics, description and references from the document', () => {
    const rule = r.rules[0]!;
    expect(rule.techniques).toEqual(['T1059', 'T1059.001']);
    expect(rule.tactics).toEqual(['Execution', 'CommandAndControl']);
    expect(rule.description).toContain('Finds PowerShell command lines');
    expect(rule.references).toEqual(['https://attack.mitre.org/techniques/T1059/001/']);
    expect(rule.format).toBe('markdown');
  });

  it('gives stable, distinct ids per block', () => {
    const again = loadMarkdown(readFileSync(join(FIXTURES, 'docs/hunting.md'), 'utf8'), source);
    expect(again.rules.map((x) => x.id)).toEqual(r.rules.map((x) => x.id));
    expect(new Set(r.rules.map((x) => x.id)).size).toBe(2);
  });

  it('numbers repeated headings and uses the title when there is no heading', () => {
    const text = '```kql\nA | take 1\n```\n## Same\n```kusto\nB\n```\n```kql\nC\n```\n';
    const out = loadMarkdown(text, { repository: 'x', path: 'dir/My query.md' });
    expect(out.rules.map((x) => x.name)).toEqual(['My query', 'Same', 'Same (2)']);
  });

  it('reads "Tactics:" lines and sub-technique ids', () => {
    const text = '# T\nTactics: Persistence, Privilege escalation\nSee T1543.003.\n```kql\nX\n```\n';
    const rule = loadMarkdown(text, { repository: 'x', path: 'a.md' }).rules[0]!;
    expect(rule.tactics).toEqual(['Persistence', 'PrivilegeEscalation']);
    expect(rule.techniques).toEqual(['T1543.003']);
  });

  it('warns about documents without kql blocks and unclosed fences', () => {
    expect(loadMarkdown('# Nothing\n```python\nx\n```', { repository: 'x', path: 'n.md' }).diagnostics[0]?.code).toBe(
      'RULE401',
    );
    const open = loadMarkdown('# Open\n```kql\nT | take 1\n', { repository: 'x', path: 'o.md' });
    expect(open.rules).toHaveLength(1);
    expect(open.diagnostics[0]).toMatchObject({ code: 'RULE402', line: 2 });
  });
});
