/** Seed 000's false-positive guidance and rule text, read from the shared seeds for tests. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Exclusion } from '../../../src/rules/exclusions/index.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const ROOT = resolve(HERE, '..', '..', '..');
export const SHARED = resolve(ROOT, 'test', 'fixtures', 'shared');

export function seedText(prefix: string): string {
  const dir = join(SHARED, 'seeds');
  const file = readdirSync(dir).find((f) => f.startsWith(prefix)) as string;
  return readFileSync(join(dir, file), 'utf8');
}

export interface SeedScenario {
  readonly scenario: string;
  readonly description: string;
  readonly expression: string;
}

/** The Scenario / Description / Filter/Exclusion triples of seed 000, in order. */
export function seedScenarios(): SeedScenario[] {
  const lines = seedText('000_').split('\n');
  const out: SeedScenario[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^Scenario: (.*)$/.exec(lines[i] as string);
    if (!m) continue;
    const description = (lines[i + 1] as string).replace(/^Description: /, '').trim();
    const expression = (lines[i + 2] as string)
      .replace(/^Filter\/Exclusion: /, '')
      .replace(/-+$/, '')
      .trim();
    out.push({ scenario: (m[1] as string).trim(), description, expression });
  }
  return out;
}

export function seedExclusions(): Exclusion[] {
  return seedScenarios().map((s, i) => ({
    id: `seed-${i + 1}`,
    scenario: s.scenario,
    description: s.description,
    expression: s.expression,
    enabled: true,
    source: 'upstream',
  }));
}

/** The SyncroMSP Create Process query as the seed writes it (continuation line unindented). */
export const SYNCRO_CREATEPROC = `let Time_start = now(-5d);
let Time_end = now();
//
DeviceProcessEvents
| where Timestamp between (Time_start..Time_end)
| where ProcessVersionInfoCompanyName has 'Servably, Inc.'
and ProcessVersionInfoProductName has 'Syncro'
| summarize FirstSeen=min(Timestamp), LastSeen=max(Timestamp),
Report=make_set(ReportId), Count=count() by DeviceId, DeviceName`;

/** The YAML part of a seed page: from the `id:` line up to (not including) the first line matching `end`. */
export function seedYaml(prefix: string, end: RegExp): string {
  const lines = seedText(prefix).split('\n');
  const start = lines.findIndex((l) => l.startsWith('id:'));
  const stop = lines.findIndex((l, i) => i > start && end.test(l));
  return lines.slice(start, stop).join('\n');
}
