/**
 * Closed frequent patterns over discrete attributes, the common core of basket, autocluster,
 * diffpatterns and diffpatterns_text. A row is a set of items (one value per attribute); a pattern
 * is a set of items and matches the rows holding all of them. A pattern is closed when no larger
 * pattern matches the same rows — basket's page example lists exactly these (`Damage == "NO"`
 * appears only with `DamageCrops == 0`, which it implies).
 *
 * Search: depth-first closure extension. From a closed pattern, each further item that keeps the
 * rows frequent is added and the result closed again (the items shared by all its rows); a set of
 * seen patterns keeps each closed pattern once. Every closed frequent pattern is reached this way,
 * because closing a subset of a closed pattern stays inside it. `maxSteps` bounds the number of
 * extension steps — the "uncorrelated dimensions" of a pattern: items implied by others are free.
 */
import type { ExecContext } from '../context.js';

export interface MinedPattern {
  /** Item ids, ascending. */
  readonly items: readonly number[];
  /** Indexes (into the miner's rows) of the rows the pattern matches. */
  readonly rows: readonly number[];
}

/**
 * @param cells cells[r][a] = the item id of row r in attribute a, or -1 when the row has none.
 * @param frequent whether a set of rows is large enough to keep exploring (anti-monotone).
 */
export function mineClosedPatterns(
  cells: readonly Int32Array[],
  attributes: number,
  frequent: (rows: readonly number[]) => boolean,
  maxSteps: number,
  ctx: ExecContext,
): MinedPattern[] {
  const out: MinedPattern[] = [];
  const seen = new Set<string>();
  const closure = (rows: readonly number[]): number[] => {
    const items: number[] = [];
    const first = cells[rows[0] as number] as Int32Array;
    for (let a = 0; a < attributes; a++) {
      const item = first[a] as number;
      if (item < 0) continue;
      let shared = true;
      for (let i = 1; shared && i < rows.length; i++) shared = (cells[rows[i] as number] as Int32Array)[a] === item;
      if (shared) items.push(item);
    }
    return items.sort((x, y) => x - y);
  };
  const explore = (items: readonly number[], rows: readonly number[], steps: number) => {
    if (steps >= maxSteps) return;
    const inPattern = new Set(items);
    const buckets = new Map<number, number[]>();
    for (const r of rows) {
      ctx.tick();
      const row = cells[r] as Int32Array;
      for (let a = 0; a < attributes; a++) {
        const item = row[a] as number;
        if (item < 0 || inPattern.has(item)) continue;
        let b = buckets.get(item);
        if (!b) {
          b = [];
          buckets.set(item, b);
        }
        b.push(r);
      }
    }
    for (const item of [...buckets.keys()].sort((x, y) => x - y)) {
      const sub = buckets.get(item) as number[];
      if (!frequent(sub)) continue;
      const closed = closure(sub);
      const key = closed.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ items: closed, rows: sub });
      explore(closed, sub, steps + 1);
    }
  };
  const all = cells.map((_, i) => i);
  if (all.length === 0 || !frequent(all)) return out;
  const root = closure(all);
  seen.add(root.join(','));
  if (root.length > 0) out.push({ items: root, rows: all });
  explore(root, all, 0);
  return out;
}

/** Whether every item of `a` is in `b` (both ascending). */
export function isSubPattern(a: readonly number[], b: readonly number[]): boolean {
  if (a.length > b.length) return false;
  let j = 0;
  for (const x of a) {
    while (j < b.length && (b[j] as number) < x) j++;
    if (b[j] !== x) return false;
  }
  return true;
}
