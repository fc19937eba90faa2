/**
 * `--ground-truth FILE`: the fleet generator's ground_truth.json (an array of labelled rows keyed by
 * ReportId + DeviceId). Read leniently: entries without a key or a verdict are skipped and counted,
 * so a truncated or hand-edited file still labels what it can.
 */
import { readFile } from 'node:fs/promises';
import type { GroundTruthRow } from '../rules/exclusions/index.js';

export interface GroundTruth {
  readonly rows: readonly GroundTruthRow[];
  readonly skipped: number;
}

export type GroundTruthRead =
  | { readonly ok: true; readonly value: GroundTruth }
  | { readonly ok: false; readonly error: string };

function row(raw: unknown): GroundTruthRow | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  const report = r.ReportId;
  if (typeof report !== 'number' && typeof report !== 'string') return undefined;
  if (typeof r.DeviceId !== 'string') return undefined;
  if (r.verdict !== 'benign' && r.verdict !== 'malicious') return undefined;
  return {
    ReportId: report,
    DeviceId: r.DeviceId,
    verdict: r.verdict,
    ...(typeof r.table === 'string' ? { table: r.table } : {}),
    ...(typeof r.scenario === 'string' ? { scenario: r.scenario } : {}),
  };
}

export function parseGroundTruth(text: string): GroundTruthRead {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not JSON: ${(e as Error).message}` };
  }
  if (!Array.isArray(root)) return { ok: false, error: 'expected a JSON array of labelled rows' };
  const rows: GroundTruthRow[] = [];
  for (const raw of root) {
    const r = row(raw);
    if (r) rows.push(r);
  }
  return { ok: true, value: { rows, skipped: root.length - rows.length } };
}

export async function readGroundTruth(path: string): Promise<GroundTruthRead> {
  try {
    return parseGroundTruth(await readFile(path, 'utf8'));
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}
