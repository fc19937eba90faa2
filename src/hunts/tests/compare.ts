/**
 * Expectations against a result: `fires`, `count` and `rows`. Result cells are compared in their
 * `kqlhunt query --format json` form: datetimes and timespans by value (so `2024-05-01T10:00:00Z`
 * equals `2024-05-01T10:00:00.0000000Z`), numbers by value (`"3"` equals 3), dynamic values as JSON
 * (object keys in any order), guids in any case, strings exactly; null only equals null.
 */
import { parseDatetime, parseTimespan } from '../../kql/engine.js';
import type { TestExpect } from '../../rules/tests/types.js';

export interface ResultRows {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  /** Rows as JSON cells by column name. */
  readonly rows: readonly Readonly<Record<string, unknown>>[];
}

/** One expectation that did not hold, in words. */
export interface Mismatch {
  readonly expectation: 'fires' | 'count' | 'rows';
  readonly message: string;
}

export function checkExpectations(expect: TestExpect, result: ResultRows): Mismatch[] {
  const out: Mismatch[] = [];
  const n = result.rows.length;
  if (expect.fires !== undefined && expect.fires !== n > 0)
    out.push({
      expectation: 'fires',
      message: expect.fires
        ? 'expected the rule to fire (fires: true), but it returned 0 rows'
        : `expected the rule not to fire (fires: false), but it returned ${n} row(s)`,
    });
  if (expect.count !== undefined && expect.count !== n)
    out.push({ expectation: 'count', message: `expected count: ${expect.count}, but the rule returned ${n} row(s)` });
  if (expect.rows) out.push(...checkRows(expect.rows, expect.match, result));
  return out;
}

function checkRows(
  expected: readonly Readonly<Record<string, unknown>>[],
  match: 'subset' | 'exact',
  result: ResultRows,
): Mismatch[] {
  const types = new Map(result.columns.map((c) => [c.name, c.type]));
  const missing = [...new Set(expected.flatMap((r) => Object.keys(r)))].filter((c) => !types.has(c));
  if (missing.length > 0)
    return [
      {
        expectation: 'rows',
        message: `expected rows name column(s) the result does not have: ${missing.join(', ')} (result columns: ${[...types.keys()].join(', ')})`,
      },
    ];
  const fits = expected.map((e) => result.rows.map((r) => rowMatches(e, r, types)));
  const assigned = maximumMatching(fits, result.rows.length);
  const out: Mismatch[] = [];
  expected.forEach((e, i) => {
    if (assigned[i] === -1)
      out.push({
        expectation: 'rows',
        message: `expected row ${i + 1} ${JSON.stringify(e)} matches no ${fits[i]!.some(Boolean) ? 'remaining ' : ''}result row`,
      });
  });
  if (match === 'exact' && result.rows.length !== expected.length)
    out.push({
      expectation: 'rows',
      message: `match: exact expects exactly ${expected.length} row(s), but the rule returned ${result.rows.length}`,
    });
  return out;
}

/** Kuhn's augmenting paths: expected row i → distinct result row, -1 when it cannot have one. */
function maximumMatching(fits: readonly (readonly boolean[])[], resultCount: number): number[] {
  const owner = new Array<number>(resultCount).fill(-1);
  const tryAssign = (i: number, seen: boolean[]): boolean => {
    const row = fits[i]!;
    for (let j = 0; j < resultCount; j++) {
      if (!row[j] || seen[j]) continue;
      seen[j] = true;
      if (owner[j] === -1 || tryAssign(owner[j]!, seen)) {
        owner[j] = i;
        return true;
      }
    }
    return false;
  };
  for (let i = 0; i < fits.length; i++) tryAssign(i, new Array<boolean>(resultCount).fill(false));
  const assigned = new Array<number>(fits.length).fill(-1);
  owner.forEach((i, j) => {
    if (i >= 0) assigned[i] = j;
  });
  return assigned;
}

function rowMatches(
  expected: Readonly<Record<string, unknown>>,
  actual: Readonly<Record<string, unknown>>,
  types: ReadonlyMap<string, string>,
): boolean {
  return Object.entries(expected).every(([k, v]) => cellMatches(v, actual[k], types.get(k) ?? 'dynamic'));
}

/** Whether an expected cell (as written in the test) equals a result cell in JSON form. */
export function cellMatches(expected: unknown, actual: unknown, type: string): boolean {
  if (expected === null || expected === undefined) return actual === null || (type === 'string' && actual === '');
  if (actual === null || actual === undefined) return false;
  switch (type) {
    case 'datetime':
      return sameTicks(parseDatetime(String(expected)), parseDatetime(String(actual)));
    case 'timespan':
      return sameTicks(parseTimespan(String(expected)), parseTimespan(String(actual)));
    case 'int':
    case 'long':
    case 'real':
    case 'decimal': {
      if (typeof actual === 'string') return String(expected) === actual; // NaN / Infinity
      const n = typeof expected === 'number' ? expected : Number(expected);
      return typeof expected !== 'boolean' && n === actual;
    }
    case 'bool':
      return String(expected).toLowerCase() === String(actual);
    case 'guid':
      return String(expected).toLowerCase() === String(actual).toLowerCase();
    case 'dynamic':
      return jsonEqual(expected, actual);
    default:
      return typeof expected === 'object' ? false : String(expected) === actual;
  }
}

function sameTicks(a: bigint | null, b: bigint | null): boolean {
  return a !== null && b !== null && a === b;
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => k in b && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}
