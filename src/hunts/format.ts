/**
 * Text and CSV renderings of hunt output shared by the CLI commands (hunt, runs, findings, rules):
 * aligned plain-text tables with one display line per cell, and RFC 4180 CSV.
 */

import { jsonText } from '../kql/engine.js';
import type { FindingRecord, NewFinding } from '../store/types.js';

const MAX_CELL = 60;

function displayCell(s: string, max = MAX_CELL): string {
  const flat = s.replace(/\r\n|\r|\n/g, '\\n').replace(/\t/g, '\\t');
  return flat.length > max ? `${flat.slice(0, Math.max(1, max - 1))}…` : flat;
}

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return jsonText(v);
  return String(v);
}

export function textTable(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const grid = rows.map((r) => headers.map((_, i) => displayCell(cellText(r[i]))));
  const widths = headers.map((h, i) => Math.max(h.length, ...grid.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return `${[line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...grid.map(line)].join('\n')}\n`;
}

export function csvTable(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const field = (v: unknown) => {
    const s = cellText(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `${[headers, ...rows].map((r) => r.map(field).join(',')).join('\r\n')}\r\n`;
}

/** The columns a findings listing shows: id, rule, entity keys as `k=v`, and common measures. */
export const FINDING_HEADERS = ['Finding', 'State', 'Rule', 'Entities', 'Count', 'FirstSeen', 'LastSeen'] as const;

export function findingCells(f: NewFinding | FindingRecord, state?: string): unknown[] {
  // DeviceId is a long hash; the device name says the same to a person.
  const hideId = f.keys.DeviceName !== undefined;
  const entities = Object.entries(f.keys)
    .filter(([k]) => !(hideId && k === 'DeviceId'))
    .map(([k, v]) => `${k}=${cellText(v)}`)
    .join(' ');
  const row = f.row;
  const pick = (...names: string[]) => names.map((n) => row[n]).find((v) => v !== undefined && v !== null) ?? '';
  return [
    f.id,
    'state' in f ? f.state : (state ?? 'new'),
    f.ruleName,
    entities,
    pick('Count', 'count_', 'Total'),
    pick('FirstSeen', 'StartTime', 'min_Timestamp', 'min_TimeGenerated'),
    pick('LastSeen', 'EndTime', 'max_Timestamp', 'max_TimeGenerated', 'Timestamp', 'TimeGenerated'),
  ];
}
