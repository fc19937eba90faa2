/**
 * Ground truth for exclusion measurements: the generated fleet writes ground_truth.json (planted
 * rows labelled benign or malicious) next to its tables. When the loaded data has one, the rule page
 * can say how many of the rows an exclusion hides were benign and how many malicious. The file is
 * read as untrusted JSON: entries of the wrong shape are skipped, never trusted or thrown on.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseGroundTruth as parseHuntGroundTruth } from '../hunts/ground-truth.js';
import type { GroundTruthRow } from '../rules/exclusions/index.js';

export const GROUND_TRUTH_NAME = 'ground_truth.json';
/** A demo fleet's file is a few hundred KB; refuse anything absurd rather than load it. */
const MAX_BYTES = 64 * 1024 * 1024;

/** Labelled rows of a ground_truth.json (the hunts module's lenient reader; bad files give none). */
export function parseGroundTruth(text: string): GroundTruthRow[] {
  const read = parseHuntGroundTruth(text);
  return read.ok ? [...read.value.rows] : [];
}

/** Directories the data came from: each directory given, and each file's directory. */
function dataDirs(paths: readonly string[]): string[] {
  const dirs = paths.map((p) => {
    try {
      return statSync(p).isDirectory() ? p : dirname(p);
    } catch {
      return dirname(p);
    }
  });
  return [...new Set(dirs)];
}

/** Ground truth from every data directory that has a ground_truth.json; undefined when none does. */
export function loadGroundTruth(paths: readonly string[]): { rows: GroundTruthRow[]; files: string[] } | undefined {
  const files = dataDirs(paths)
    .map((d) => join(d, GROUND_TRUTH_NAME))
    .filter((f) => existsSync(f));
  const rows: GroundTruthRow[] = [];
  const read: string[] = [];
  for (const f of files) {
    try {
      if (statSync(f).size > MAX_BYTES) continue;
      rows.push(...parseGroundTruth(readFileSync(f, 'utf8')));
      read.push(f);
    } catch (e) {
      console.error('kqlhunt web: could not read ground truth', f, e);
    }
  }
  return read.length > 0 ? { rows, files: read } : undefined;
}
