/**
 * Test helpers for the fleet generator: a small fleet generated once per file into a temp folder,
 * NDJSON readers, a KQL-`has`-like term matcher, and the RMM markers (vendor names and domains from
 * the facts module) that no background row may contain.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RMM_TOOLS } from '../../../src/data/rmm.generated.js';
import { type GenerateOptions, type GenerateSummary, generateFleet } from '../../../src/telemetry/generate/index.js';

export const TABLES = [
  'DeviceProcessEvents',
  'DeviceNetworkEvents',
  'DeviceFileEvents',
  'DeviceRegistryEvents',
  'DeviceLogonEvents',
  'DeviceFileCertificateInfo',
  'DeviceInfo',
] as const;

export type JsonRow = Record<string, unknown>;

export async function generateSmall(
  opts: Partial<GenerateOptions> = {},
): Promise<{ dir: string; summary: GenerateSummary }> {
  const dir = mkdtempSync(join(tmpdir(), 'kqlhunt-gen-'));
  const summary = await generateFleet({
    outDir: dir,
    devices: 40,
    events: 12_000,
    days: 4,
    end: '2024-06-15T12:00:00Z',
    seed: 'test-seed',
    ...opts,
  });
  return { dir, summary };
}

/** Removes a generated fleet folder (tests call it in afterAll). */
export function removeFleet(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

export function readNdjson(dir: string, table: string): JsonRow[] {
  const text = readFileSync(join(dir, `${table}.ndjson`), 'utf8');
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as JsonRow);
}

const ALNUM = /[\p{L}\p{N}]/u;

/**
 * Approximates KQL `has`: `term` occurs in `text` (case-insensitively) and is not glued to more
 * letters or digits on either side where the term itself starts or ends with one.
 */
export function hasTerm(text: string, term: string): boolean {
  const t = text.toLowerCase();
  const needle = term.toLowerCase();
  if (needle === '') return false;
  const startsAlnum = ALNUM.test(needle[0]!);
  const endsAlnum = ALNUM.test(needle[needle.length - 1]!);
  for (let i = t.indexOf(needle); i >= 0; i = t.indexOf(needle, i + 1)) {
    const before = i > 0 ? t[i - 1]! : '';
    const after = t[i + needle.length] ?? '';
    if (startsAlnum && before !== '' && ALNUM.test(before)) continue;
    if (endsAlnum && after !== '' && ALNUM.test(after)) continue;
    return true;
  }
  return false;
}

export function termsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * Names that identify an RMM tool but are also ordinary Windows / browser facts (Microsoft or
 * Google as a company, github.com as a domain, one-word product terms like "Remote"). Background
 * data legitimately contains them, and rules never rely on them alone.
 */
export const GENERIC_MARKERS: ReadonlySet<string> = new Set(
  [
    'microsoft',
    'microsoft corporation',
    'microsoft windows component publisher',
    'google',
    'google llc',
    'adobe systems incorporated',
    'symantec corporation',
    'github, inc.',
    'github.com',
    'raw.githubusercontent.com',
    'objects.githubusercontent.com',
    'remote',
    'connect',
    'viewer',
    'launch',
    'rmm',
    'not signed',
    '[n/a]',
    'certification authority',
    'too broad to be of use',
    'the a + umlaut is needed for the lookup',
    'remotedesktop',
    'remote monitoring',
    'windows',
  ].map((s) => s.toLowerCase()),
);

/** Every distinctive vendor string of every RMM tool, with the tool it names. */
export function rmmMarkers(): { marker: string; tool: string }[] {
  const out: { marker: string; tool: string }[] = [];
  for (const t of RMM_TOOLS) {
    const names = [
      ...t.companyNames,
      ...t.companyTerms,
      ...t.productNames,
      ...t.productTerms,
      ...t.signers,
      ...t.signerTerms,
      ...t.processNames,
    ];
    const domains = t.domains
      .filter((d) => !/[[\]{}()\\]/.test(d))
      .map((d) => d.replace(/^\*\./, '').replace(/:\d+$/, ''))
      .filter((d) => !d.includes('*') && d.includes('.'));
    for (const m of [...names, ...domains]) {
      const key = m.trim().toLowerCase();
      if (key.length < 4 || GENERIC_MARKERS.has(key) || termsOf(key).length === 0) continue;
      out.push({ marker: key, tool: t.name });
    }
  }
  return out;
}

/** Index markers by their first term, so a row only checks markers whose first word it contains. */
export function markerIndex(): Map<string, { marker: string; tool: string }[]> {
  const index = new Map<string, { marker: string; tool: string }[]>();
  for (const m of rmmMarkers()) {
    const first = termsOf(m.marker)[0]!;
    const list = index.get(first) ?? [];
    list.push(m);
    index.set(first, list);
  }
  return index;
}

/** RMM markers a row's string cells contain. */
export function markersIn(row: JsonRow, index: Map<string, { marker: string; tool: string }[]>): string[] {
  const text = Object.values(row)
    .filter((v): v is string => typeof v === 'string')
    .join(' | ');
  const hits: string[] = [];
  for (const term of new Set(termsOf(text))) {
    for (const m of index.get(term) ?? []) if (hasTerm(text, m.marker)) hits.push(`${m.tool}: ${m.marker}`);
  }
  return hits;
}
