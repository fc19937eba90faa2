/** Shared test helpers for the rules area: fixture paths and seed extraction. */
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFixtureRepo } from './fixtures.js';

export const HERE = dirname(fileURLToPath(import.meta.url));
/** A fresh copy of the fixture repository (see fixtures.ts), removed when the test process exits. */
export const FIXTURES = writeFixtureRepo();
process.on('exit', () => rmSync(FIXTURES, { recursive: true, force: true }));
export const ROOT = resolve(HERE, '..', '..');
export const SHARED = resolve(ROOT, 'test', 'fixtures', 'shared');

/** The YAML part of a seed page: from the `id:` line up to (not including) the first line matching `end`. */
export function seedYaml(file: string, end: RegExp): string {
  const lines = readFileSync(join(SHARED, 'seeds', file), 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith('id:'));
  const stop = lines.findIndex((l, i) => i > start && end.test(l));
  return lines.slice(start, stop).join('\n');
}

export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
