/**
 * Which table a file of plain rows holds, told from its columns when its name does not say
 * (a Defender portal export is saved as `export (3).csv`). Every catalog table is scored against
 * the file's column names: an exact match first; then by how many of the file's columns the table
 * has (an export of a `project` keeps a subset of the table's columns, so the file fits inside the
 * table); then Defender XDR before Sentinel (the portal exports Defender tables); then by how much
 * of the table the file covers (the tightest fit).
 * A tie on the first two is reported as ambiguous, with the runners-up.
 */
import { knownTableNames, tableInfo, tableSchema } from './schemas.js';

export interface TableGuess {
  readonly table: string;
  /** The file's columns the table has / all the file's columns. */
  readonly coverage: number;
  /** The file's columns the table has / the table's columns (Defender-side, when that fits better). */
  readonly fit: number;
  /** The file has exactly the table's columns (Defender or full schema). */
  readonly exact: boolean;
}

export interface TableDetection {
  /** Best match, when any table holds enough of the file's columns. */
  readonly best?: TableGuess;
  /** Other tables that fit as well on coverage (most alike first, at most 5): the choice was a guess. */
  readonly alsoFits: readonly string[];
}

/** Below this share of the file's columns a table is not a candidate. */
const MIN_COVERAGE = 0.8;
/** Fewer distinct columns than this say too little about a table. */
const MIN_COLUMNS = 2;

interface Shape {
  readonly table: string;
  readonly all: ReadonlySet<string>;
  /** Without the Sentinel-only columns (TimeGenerated, TenantId …): what the portal exports. */
  readonly defender: ReadonlySet<string>;
  readonly isDefender: boolean;
}

let shapes: readonly Shape[] | undefined;

function catalogShapes(): readonly Shape[] {
  if (!shapes) {
    shapes = knownTableNames().flatMap((table) => {
      const schema = tableSchema(table);
      if (!schema) return [];
      const info = tableInfo(table);
      const drop = new Set(info?.sentinelOnlyColumns ?? []);
      const all = new Set(schema.columns.map((c) => c.name));
      return [
        {
          table,
          all,
          defender: new Set([...all].filter((c) => !drop.has(c))),
          isDefender: info?.product === 'Defender XDR',
        },
      ];
    });
  }
  return shapes;
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

function score(columns: ReadonlySet<string>, s: Shape): TableGuess {
  let matched = 0;
  for (const c of columns) if (s.all.has(c)) matched++;
  const exact = sameSet(columns, s.defender) || sameSet(columns, s.all);
  // A file without the Sentinel-only columns is measured against the Defender-side schema.
  const size = [...columns].some((c) => s.all.has(c) && !s.defender.has(c)) ? s.all.size : s.defender.size;
  return { table: s.table, coverage: matched / columns.size, fit: size === 0 ? 0 : matched / size, exact };
}

function compare(a: TableGuess & { isDefender: boolean }, b: TableGuess & { isDefender: boolean }): number {
  return (
    Number(b.exact) - Number(a.exact) ||
    b.coverage - a.coverage ||
    Number(b.isDefender) - Number(a.isDefender) ||
    b.fit - a.fit ||
    (a.table < b.table ? -1 : a.table > b.table ? 1 : 0)
  );
}

/** Scores every catalog table against `columnNames` (a CSV header, a JSON record's keys). */
export function detectTable(columnNames: readonly string[]): TableDetection {
  const columns = new Set(columnNames.map((c) => c.trim()).filter((c) => c !== ''));
  if (columns.size < MIN_COLUMNS) return { alsoFits: [] };
  const ranked = catalogShapes()
    .map((s) => ({ ...score(columns, s), isDefender: s.isDefender }))
    .filter((g) => g.coverage >= MIN_COVERAGE)
    .sort(compare);
  const top = ranked[0];
  if (!top) return { alsoFits: [] };
  const best: TableGuess = { table: top.table, coverage: top.coverage, fit: top.fit, exact: top.exact };
  // An exact match is unambiguous unless another table is exact too; otherwise every table that
  // holds the file's columns as well is a plausible reading.
  const alsoFits = ranked
    .slice(1)
    .filter((g) => (top.exact ? g.exact : g.coverage === top.coverage))
    .slice(0, 5)
    .map((g) => g.table);
  return { best, alsoFits };
}
