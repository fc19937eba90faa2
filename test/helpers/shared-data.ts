/** Paths and readers for test/fixtures/shared, the copies of the project data the tests read (the shipped program never reads them). */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The copies live in test/fixtures/shared (sources and licences in test/fixtures/README.md); KQLHUNT_SHARED overrides the folder. */
export const SHARED_DIR = process.env.KQLHUNT_SHARED ?? resolve(REPO_ROOT, 'test/fixtures/shared');

export function readJsonl<T>(relPath: string): T[] {
  const text = readFileSync(join(SHARED_DIR, relPath), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

/** Writes a JSON report under test-artifacts/ (git-ignored) and returns its path. */
export function writeArtifact(name: string, value: unknown): string {
  const path = join(REPO_ROOT, 'test-artifacts', name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`);
  return path;
}

/** Pass rate in percent with one decimal, for reports and floors. */
export function percent(passed: number, total: number): number {
  return total === 0 ? 0 : Math.floor((passed / total) * 1000) / 10;
}

export interface RateLine {
  readonly group: string;
  readonly passed: number;
  readonly total: number;
  readonly rate: number;
}

/** Pass counts per group, sorted by group size (largest first). */
export function ratesBy<T>(items: readonly T[], group: (t: T) => string, passed: (t: T) => boolean): RateLine[] {
  const acc = new Map<string, { passed: number; total: number }>();
  for (const it of items) {
    const g = acc.get(group(it)) ?? { passed: 0, total: 0 };
    g.total++;
    if (passed(it)) g.passed++;
    acc.set(group(it), g);
  }
  return [...acc.entries()]
    .map(([g, v]) => ({ group: g, ...v, rate: percent(v.passed, v.total) }))
    .sort((a, b) => b.total - a.total || a.group.localeCompare(b.group));
}

export function formatRates(title: string, lines: readonly RateLine[]): string {
  const width = Math.max(...lines.map((l) => l.group.length), 5);
  return [
    title,
    ...lines.map(
      (l) => `  ${l.group.padEnd(width)}  ${String(l.passed).padStart(4)}/${String(l.total).padEnd(4)} ${l.rate}%`,
    ),
  ].join('\n');
}
