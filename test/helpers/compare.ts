/**
 * Result comparison for the conformance runners, implementing the rules of
 * test/fixtures/shared/conformance/README.md ("How to compare a result with expected"):
 * - doc examples: every expected cell is the string the documentation shows, read by the type of
 *   the actual column (numbers rounded to the shown decimals, datetimes as instants, lenient JSON…);
 * - engine cases: cells are typed JSON values from the real engine; types must match too.
 * Rows compare as a multiset unless `ordered`. Each function returns undefined on a match or a
 * short reason (the failure lists show it).
 */
import { DynReal, type KqlValue, type ScalarType } from '../../src/kql/types.js';
import { dynamicToJson, formatCell, parseDatetime, parseTimespan } from '../../src/kql/values.js';

/** A result as the engine produced it: runtime values (see src/kql/types.ts). */
export interface ActualTable {
  readonly columns: readonly { readonly name: string; readonly type: ScalarType }[];
  readonly rows: readonly (readonly KqlValue[])[];
}

export interface DocExpected {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface EngineExpected {
  readonly columns: readonly string[];
  readonly types: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

export type CellMatcher = (expected: unknown, actual: KqlValue, type: ScalarType) => boolean;

/* ------------------------------------------------------------------------------------------------
 * Tables
 * ---------------------------------------------------------------------------------------------- */

export function compareDocExample(expected: DocExpected, ordered: boolean, actual: ActualTable): string | undefined {
  return compareColumns(expected.columns, actual) ?? compareRows(expected.rows, actual, ordered, docCellMatches);
}

export function compareEngineCase(
  expected: EngineExpected,
  ordered: boolean,
  compare: string,
  floatRelTol: number,
  actual: ActualTable,
): string | undefined {
  const columns = compareColumns(expected.columns, actual);
  if (columns) return columns;
  const types = actual.columns.map((c) => c.type);
  const want = expected.types.map(normaliseTypeName);
  if (want.some((t, i) => t !== types[i]))
    return `types differ: expected (${want.join(', ')}), got (${types.join(', ')})`;
  if (compare === 'shape') return undefined;
  if (compare === 'shape_and_rowcount') {
    return expected.rows.length === actual.rows.length
      ? undefined
      : `row count: expected ${expected.rows.length}, got ${actual.rows.length}`;
  }
  return compareRows(expected.rows, actual, ordered, (e, a, t) => engineCellMatches(e, a, t, floatRelTol));
}

/** Kusto's own type names in the engine cases are our ScalarType names, up to a few aliases. */
function normaliseTypeName(t: string): string {
  const lower = t.toLowerCase();
  const aliases: Record<string, string> = {
    boolean: 'bool',
    double: 'real',
    int32: 'int',
    int64: 'long',
    uniqueid: 'guid',
  };
  return aliases[lower] ?? lower;
}

function compareColumns(expected: readonly string[], actual: ActualTable): string | undefined {
  const names = actual.columns.map((c) => c.name);
  if (expected.length !== names.length || expected.some((n, i) => n !== names[i])) {
    return `columns differ: expected (${expected.join(', ')}), got (${names.join(', ')})`;
  }
  return undefined;
}

function compareRows(
  expected: readonly (readonly unknown[])[],
  actual: ActualTable,
  ordered: boolean,
  cell: CellMatcher,
): string | undefined {
  if (expected.length !== actual.rows.length)
    return `row count: expected ${expected.length}, got ${actual.rows.length}`;
  const rowMatches = (e: readonly unknown[], a: readonly KqlValue[]) =>
    e.length === a.length && e.every((x, c) => cell(x, a[c] ?? null, actual.columns[c]!.type));
  if (ordered) {
    for (let r = 0; r < expected.length; r++) {
      if (!rowMatches(expected[r]!, actual.rows[r]!))
        return `row ${r + 1} differs: ${describeRows(expected[r]!, actual, r)}`;
    }
    return undefined;
  }
  const unmatched = matchMultiset(expected, actual.rows, rowMatches);
  if (unmatched === undefined) return undefined;
  return `no actual row matches expected row ${unmatched + 1}: ${JSON.stringify(expected[unmatched])}; actual rows: ${previewRows(actual)}`;
}

/**
 * Bipartite matching of expected rows to actual rows (Kuhn's augmenting paths), so tolerant cell
 * rules cannot make a greedy pairing fail where a valid one exists. Returns the index of an
 * expected row left without a partner, or undefined when all are matched.
 */
export function matchMultiset<E, A>(
  expected: readonly E[],
  actual: readonly A[],
  matches: (e: E, a: A) => boolean,
): number | undefined {
  const edges = expected.map((e) => actual.flatMap((a, j) => (matches(e, a) ? [j] : [])));
  const ownerOf = new Array<number>(actual.length).fill(-1);
  const tryAssign = (i: number, seen: boolean[]): boolean => {
    for (const j of edges[i]!) {
      if (seen[j]) continue;
      seen[j] = true;
      if (ownerOf[j] === -1 || tryAssign(ownerOf[j]!, seen)) {
        ownerOf[j] = i;
        return true;
      }
    }
    return false;
  };
  for (let i = 0; i < expected.length; i++) {
    if (!tryAssign(i, new Array<boolean>(actual.length).fill(false))) return i;
  }
  return undefined;
}

function describeRows(expected: readonly unknown[], actual: ActualTable, r: number): string {
  return `expected ${JSON.stringify(expected)}, got ${JSON.stringify(rowText(actual, r))}`;
}

function rowText(actual: ActualTable, r: number): string[] {
  return actual.rows[r]!.map((v, c) => formatCell(v, actual.columns[c]!.type));
}

function previewRows(actual: ActualTable): string {
  const shown = actual.rows.slice(0, 5).map((_, r) => JSON.stringify(rowText(actual, r)));
  return `${shown.join(' ')}${actual.rows.length > 5 ? ' …' : ''}`;
}

/* ------------------------------------------------------------------------------------------------
 * Doc cells: strings read by the actual column type
 * ---------------------------------------------------------------------------------------------- */

export function docCellMatches(expectedCell: unknown, actual: KqlValue, type: ScalarType): boolean {
  const text = String(expectedCell).trim();
  if (text === '') return actual === null || actual === '';
  if (actual === null) return false;
  switch (type) {
    case 'bool':
      return parseBoolText(text) === actual;
    case 'int':
    case 'long':
    case 'real':
    case 'decimal':
      return typeof actual === 'number' && numberTextMatches(text, actual);
    case 'datetime': {
      const t = parseDatetime(text);
      return t !== null && t === actual;
    }
    case 'timespan': {
      const t = parseTimespan(text);
      return t !== null && t === actual;
    }
    case 'guid':
      return typeof actual === 'string' && text.toLowerCase() === actual.toLowerCase();
    case 'string':
      return typeof actual === 'string' && actual.trim() === text;
    case 'dynamic':
      return dynamicTextMatches(text, actual);
    default: {
      const never: never = type;
      return never;
    }
  }
}

function parseBoolText(text: string): boolean | undefined {
  if (text === 'true' || text === 'True' || text === 'TRUE' || text === '1') return true;
  if (text === 'false' || text === 'False' || text === 'FALSE' || text === '0') return false;
  return undefined;
}

const SPECIAL_NUMBERS: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

/**
 * A documented number against the engine's: equal after rounding the actual value to the decimals
 * the doc shows, or within relative 1e-6 (absolute 1e-9 near zero). NaN/±Infinity are literal.
 */
export function numberTextMatches(text: string, actual: number): boolean {
  if (text in SPECIAL_NUMBERS) {
    const special = SPECIAL_NUMBERS[text]!;
    return Number.isNaN(special) ? Number.isNaN(actual) : actual === special;
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return false;
  const expected = Number(text);
  if (!Number.isFinite(actual)) return false;
  if (closeEnough(expected, actual, 1e-6)) return true;
  const m = /^[-+]?\d*\.(\d+)$/.exec(text);
  const decimals = m ? m[1]!.length : /[eE]/.test(text) ? undefined : 0;
  if (decimals === undefined) return false;
  return roundTo(actual, decimals) === roundTo(expected, decimals);
}

/** Half away from zero, on the decimal text, so 2.675 rounds to 2.68 as a person reading it would. */
function roundTo(x: number, decimals: number): string {
  if (Math.abs(x) >= 1e21) return String(x); // toFixed switches to exponent notation there
  const [intPart, frac = ''] = Math.abs(x)
    .toFixed(Math.min(decimals + 3, 100))
    .split('.');
  const roundUp = (frac[decimals] ?? '0') >= '5';
  const digits = BigInt(`${intPart}${frac.slice(0, decimals)}`) + (roundUp ? 1n : 0n);
  if (digits === 0n) return '0';
  const s = digits.toString().padStart(decimals + 1, '0');
  const body = decimals === 0 ? s : `${s.slice(0, -decimals)}.${s.slice(-decimals)}`;
  return `${x < 0 ? '-' : ''}${body}`;
}

export function closeEnough(expected: number, actual: number, relTol: number): boolean {
  if (Number.isNaN(expected) || Number.isNaN(actual)) return Number.isNaN(expected) && Number.isNaN(actual);
  if (expected === actual) return true;
  if (!Number.isFinite(expected) || !Number.isFinite(actual)) return false;
  const diff = Math.abs(expected - actual);
  if (Math.abs(expected) < 1e-9 || Math.abs(actual) < 1e-9) return diff <= 1e-9;
  return diff <= relTol * Math.max(Math.abs(expected), Math.abs(actual));
}

function dynamicTextMatches(text: string, actual: KqlValue): boolean {
  const parsed = parseLenientJson(text);
  if (parsed.ok) return dynamicEquals(parsed.value, actual, 1e-6);
  // A bare word in a doc table is a dynamic string shown without quotes.
  return typeof actual === 'string' && actual.trim() === text;
}

/** JSON.parse, retried with single-quoted strings turned into JSON strings (`['a','b']`). */
export function parseLenientJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    try {
      return { ok: true, value: JSON.parse(singleToDoubleQuotes(text)) };
    } catch {
      return { ok: false };
    }
  }
}

function singleToDoubleQuotes(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      let body = '';
      while (j < text.length && text[j] !== ch) {
        if (text[j] === '\\' && j + 1 < text.length) {
          body += text[j + 1] === "'" ? "'" : text.slice(j, j + 2);
          j += 2;
        } else body += text[j++];
      }
      out += ch === '"' ? `"${body}"` : JSON.stringify(body.replace(/\\(.)/g, '$1'));
      i = j + 1;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/**
 * Structural equality of an expected JSON value with an actual dynamic value: object key order is
 * ignored, array order matters, numbers compare with tolerance. Datetimes inside dynamic values
 * are bigint ticks on our side and ISO strings on the expected side.
 */
export function dynamicEquals(expected: unknown, actualValue: unknown, relTol: number): boolean {
  // The expected side is read with JSON.parse, which cannot tell 50.0 from 50: reals compare as numbers.
  const actual = actualValue instanceof DynReal ? actualValue.value : actualValue;
  if (typeof actual === 'bigint') {
    if (typeof expected !== 'string') return false;
    const t = parseDatetime(expected);
    return t !== null && t === actual;
  }
  if (expected === null || actual === null || expected === undefined || actual === undefined) {
    return (expected ?? null) === (actual ?? null);
  }
  if (typeof expected === 'number' || typeof actual === 'number') {
    if (typeof actual === 'number' && typeof expected === 'number') return closeEnough(expected, actual, relTol);
    if (typeof actual === 'number' && typeof expected === 'string' && expected in SPECIAL_NUMBERS) {
      return closeEnough(SPECIAL_NUMBERS[expected]!, actual, relTol);
    }
    return false;
  }
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual) || expected.length !== actual.length) return false;
    return expected.every((e, i) => dynamicEquals(e, actual[i], relTol));
  }
  if (typeof expected === 'object' || typeof actual === 'object') {
    if (typeof expected !== 'object' || typeof actual !== 'object') return false;
    const ek = Object.keys(expected as object);
    const ak = Object.keys(actual as object);
    if (ek.length !== ak.length) return false;
    const a = actual as Record<string, unknown>;
    return ek.every(
      (k) => Object.hasOwn(a, k) && dynamicEquals((expected as Record<string, unknown>)[k], a[k], relTol),
    );
  }
  return expected === actual;
}

/* ------------------------------------------------------------------------------------------------
 * Engine cells: typed JSON values
 * ---------------------------------------------------------------------------------------------- */

export function engineCellMatches(expected: unknown, actual: KqlValue, type: ScalarType, relTol: number): boolean {
  if (expected === null || expected === undefined) return actual === null || (type === 'string' && actual === '');
  if (actual === null) return type === 'string' && expected === '';
  switch (type) {
    case 'bool':
      return expected === actual;
    case 'int':
    case 'long':
    case 'real':
    case 'decimal': {
      const e = typeof expected === 'string' ? (SPECIAL_NUMBERS[expected] ?? Number(expected)) : expected;
      return typeof e === 'number' && typeof actual === 'number' && closeEnough(e, actual, relTol);
    }
    case 'datetime':
      return typeof expected === 'string' && parseDatetime(expected) === actual;
    case 'timespan':
      return typeof expected === 'string' && parseTimespan(expected) === actual;
    case 'guid':
      return (
        typeof expected === 'string' && typeof actual === 'string' && expected.toLowerCase() === actual.toLowerCase()
      );
    case 'string':
      return expected === actual;
    case 'dynamic':
      return dynamicEquals(expected, actual, relTol) || dynamicEquals(expected, dynamicToJson(actual), relTol);
    default: {
      const never: never = type;
      return never;
    }
  }
}
