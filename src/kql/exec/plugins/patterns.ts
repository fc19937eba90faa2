/**
 * Pattern plugins over the discrete attributes of the input (every column except the weight and,
 * for diffpatterns, the split column), built on closed frequent patterns (patternMining.ts).
 * Kusto describes these algorithms only loosely (basket: Apriori; autocluster: the Seed-Expand
 * heuristic; diffpatterns: a research algorithm); the engine implements the documented semantics
 * deterministically, so counts and percentages of a pattern are exact, but which patterns Kusto
 * picks and their order can differ where its heuristics (sampling, random seeds) decide.
 * - basket(Threshold=0.05, WeightColumn, MaxDimensions=5, wildcards…): every closed pattern whose
 *   weight is at least Threshold of the total, by count descending.
 * - autocluster(SizeWeight=0.5, WeightColumn, NumSeeds=25, wildcards…): candidates are the closed
 *   patterns covering at least 5% of the weight; each is scored by the weighted geometric mean of
 *   its coverage and its share of specified attributes (weights SizeWeight and 1-SizeWeight); the
 *   best are taken greedily, skipping patterns nested in (or containing) one already taken and
 *   patterns with less than half of their rows not yet covered, up to NumSeeds patterns.
 * - diffpatterns(Split, A, B, WeightColumn, Threshold=0.05, MaxDimensions, wildcards…): closed
 *   patterns over the rows of sets A and B whose shares in A and B differ by at least Threshold,
 *   keeping a pattern only when no nested or containing pattern differs more in the same
 *   direction; by the absolute difference descending.
 * - diffpatterns_text(Text, Condition, MinTokens=1, Threshold=0.05, MaxTokens=20): the same over
 *   the first MaxTokens whitespace-separated tokens (attribute = position), patterns with at least
 *   MinTokens tokens, written with `*` for free positions (and a trailing `*` when matching rows go
 *   on), by the signed difference (true minus false) descending, as the page's example.
 * Percentages are rounded to two decimals. Wildcards: the first custom wildcard of a column's type
 * stands for "any value" (default null, which a string column shows as empty).
 */
import type { EvaluateNode, PExpr } from '../../plan/nodes.js';
import type { KqlValue, ScalarType } from '../../types.js';
import { tableFromValues } from '../build.js';
import { keyOf } from '../compare.js';
import { type ExecContext, unsupported } from '../context.js';
import { physicalRow, type Relation, relationOf, rowCountOf } from '../relation.js';
import { isSubPattern, type MinedPattern, mineClosedPatterns } from './patternMining.js';
import { argEvaluator } from './timeline.js';

/** An optional plugin argument: undefined when absent or written as '~'. */
function optional(input: Relation, ctx: ExecContext, e: PExpr | undefined): KqlValue | undefined {
  if (e === undefined) return undefined;
  const v = argEvaluator(input, ctx).scalar(e);
  return v === '~' || v === null ? undefined : v;
}

const num = (v: KqlValue | undefined): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined;

const pct = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((10000 * part) / whole) / 100);

/** Items of the attribute columns: ids for (attribute, value), and each row's cells. */
interface Items {
  readonly cells: Int32Array[];
  readonly values: KqlValue[];
  readonly attrOf: number[];
}

function itemize(rows: readonly (readonly KqlValue[])[], attributes: number): Items {
  const ids = new Map<string, number>();
  const values: KqlValue[] = [];
  const attrOf: number[] = [];
  const cells = rows.map((row) => {
    const c = new Int32Array(attributes).fill(-1);
    for (let a = 0; a < attributes; a++) {
      const v = row[a] ?? null;
      if (v === null) continue;
      const key = `${a}|${keyOf(v)}`;
      let id = ids.get(key);
      if (id === undefined) {
        id = values.length;
        ids.set(key, id);
        values.push(v);
        attrOf.push(a);
      }
      c[a] = id;
    }
    return c;
  });
  return { cells, values, attrOf };
}

/** The attribute columns of a pattern plugin and the wildcard of each output column. */
interface Attributes {
  /** Input column index of each output attribute column (in output order). */
  readonly inputIndex: number[];
  /** Whether the output column is an attribute the patterns may fix (not the weight column). */
  readonly mined: boolean[];
  readonly wildcard: KqlValue[];
}

function attributes(
  node: EvaluateNode,
  input: Relation,
  ctx: ExecContext,
  fixed: number,
  wildFrom: number,
  weight: PExpr | undefined,
): Attributes {
  const names = input.table.schema.columns.map((c) => c.name);
  const outCols = node.schema.columns.slice(fixed);
  const byType = new Map<ScalarType, KqlValue>();
  for (const w of node.args.slice(wildFrom)) {
    const v = optional(input, ctx, w);
    if (v !== undefined && !byType.has(w.type)) byType.set(w.type, v);
  }
  const weightIndex = weight?.kind === 'Column' ? names.indexOf(weight.name ?? '') : -1;
  const inputIndex = outCols.map((c) => names.indexOf(c.name));
  return {
    inputIndex,
    mined: inputIndex.map((i) => i >= 0 && i !== weightIndex),
    wildcard: outCols.map((c) => byType.get(c.type) ?? null),
  };
}

function weightsOf(input: Relation, ctx: ExecContext, weight: PExpr | undefined): (r: number) => number {
  if (weight === undefined || (weight.kind !== 'Column' && optional(input, ctx, weight) === undefined)) return () => 1;
  const w = argEvaluator(input, ctx).row(weight);
  return (r) => num(w(r) ?? 0) ?? 0;
}

/** The attribute values of each input row (only mined attributes; others null). */
function attributeRows(input: Relation, attrs: Attributes, rowsOf: readonly number[]): KqlValue[][] {
  return rowsOf.map((r) =>
    attrs.inputIndex.map((ci, a) => (attrs.mined[a] ? (input.table.columns[ci]?.get(r) ?? null) : null)),
  );
}

function patternCells(items: Items, p: MinedPattern, attrs: Attributes): KqlValue[] {
  const out = [...attrs.wildcard];
  for (const it of p.items) out[items.attrOf[it] as number] = items.values[it] as KqlValue;
  return out;
}

const sumOf = (rows: readonly number[], w: readonly number[]) => rows.reduce((s, r) => s + (w[r] as number), 0);

export function basket(node: EvaluateNode, input: Relation, ctx: ExecContext): Relation {
  const threshold = num(optional(input, ctx, node.args[0])) ?? 0.05;
  const maxDims = num(optional(input, ctx, node.args[2])) ?? 5;
  const weight = node.args[1];
  const attrs = attributes(node, input, ctx, 3, 3, weight);
  const physical = Array.from({ length: rowCountOf(input) }, (_, i) => physicalRow(input, i));
  const wf = weightsOf(input, ctx, weight);
  const w = physical.map(wf);
  const total = w.reduce((s, x) => s + x, 0);
  const items = itemize(attributeRows(input, attrs, physical), attrs.inputIndex.length);
  const mined = mineClosedPatterns(
    items.cells,
    attrs.inputIndex.length,
    (rows) => sumOf(rows, w) >= threshold * total,
    maxDims,
    ctx,
  );
  const rows = mined
    .map((p, order) => ({ p, order, count: sumOf(p.rows, w) }))
    .sort((a, b) => b.count - a.count || a.p.items.length - b.p.items.length || a.order - b.order)
    .map((x, i) => [i, x.count, pct(x.count, total), ...patternCells(items, x.p, attrs)]);
  return relationOf(tableFromValues(node.schema, rows, ctx));
}

export function autocluster(node: EvaluateNode, input: Relation, ctx: ExecContext): Relation {
  const sizeWeight = Math.min(1, Math.max(0, num(optional(input, ctx, node.args[0])) ?? 0.5));
  const seeds = num(optional(input, ctx, node.args[2])) ?? 25;
  const weight = node.args[1];
  const attrs = attributes(node, input, ctx, 3, 3, weight);
  const physical = Array.from({ length: rowCountOf(input) }, (_, i) => physicalRow(input, i));
  const w = physical.map(weightsOf(input, ctx, weight));
  const total = w.reduce((s, x) => s + x, 0);
  const dims = attrs.mined.filter(Boolean).length;
  const items = itemize(attributeRows(input, attrs, physical), attrs.inputIndex.length);
  const mined = mineClosedPatterns(
    items.cells,
    attrs.inputIndex.length,
    (rows) => sumOf(rows, w) >= 0.05 * total,
    dims,
    ctx,
  );
  const scored = mined
    .map((p, order) => {
      const count = sumOf(p.rows, w);
      const score = (count / total) ** sizeWeight * (p.items.length / Math.max(1, dims)) ** (1 - sizeWeight);
      return { p, order, count, score };
    })
    .sort((a, b) => b.score - a.score || a.order - b.order);
  const covered = new Uint8Array(physical.length);
  const chosen: typeof scored = [];
  for (const s of scored) {
    if (chosen.length >= seeds) break;
    if (chosen.some((c) => isSubPattern(c.p.items, s.p.items) || isSubPattern(s.p.items, c.p.items))) continue;
    const fresh = s.p.rows.reduce((n, r) => n + (covered[r] ? 0 : (w[r] as number)), 0);
    if (fresh * 2 < s.count) continue;
    for (const r of s.p.rows) covered[r] = 1;
    chosen.push(s);
  }
  const rows = chosen.map((x, i) => [i, x.count, pct(x.count, total), ...patternCells(items, x.p, attrs)]);
  return relationOf(tableFromValues(node.schema, rows, ctx));
}

interface DiffCandidate {
  readonly p: MinedPattern;
  readonly a: number;
  readonly b: number;
  /** Share in A minus share in B. */
  readonly diff: number;
  readonly order: number;
}

/** Closed patterns over two sets with a share difference of at least threshold, minus redundant ones. */
function diffPatterns(
  items: Items,
  attributes: number,
  inA: readonly boolean[],
  w: readonly number[],
  threshold: number,
  maxDims: number,
  minItems: number,
  ctx: ExecContext,
): DiffCandidate[] {
  let totalA = 0;
  let totalB = 0;
  inA.forEach((a, r) => {
    if (a) totalA += w[r] as number;
    else totalB += w[r] as number;
  });
  const shares = (rows: readonly number[]) => {
    let a = 0;
    let b = 0;
    for (const r of rows) {
      if (inA[r]) a += w[r] as number;
      else b += w[r] as number;
    }
    return { a, b, sa: totalA ? a / totalA : 0, sb: totalB ? b / totalB : 0 };
  };
  const mined = mineClosedPatterns(
    items.cells,
    attributes,
    (rows) => {
      const s = shares(rows);
      return Math.max(s.sa, s.sb) >= threshold;
    },
    maxDims,
    ctx,
  );
  const candidates: DiffCandidate[] = [];
  mined.forEach((p, order) => {
    const s = shares(p.rows);
    if (p.items.length >= minItems && Math.abs(s.sa - s.sb) >= threshold)
      candidates.push({ p, a: s.a, b: s.b, diff: s.sa - s.sb, order });
  });
  return candidates.filter((c) => {
    ctx.tick();
    return !candidates.some(
      (o) =>
        o !== c &&
        Math.sign(o.diff) === Math.sign(c.diff) &&
        (isSubPattern(o.p.items, c.p.items) || isSubPattern(c.p.items, o.p.items)) &&
        (Math.abs(o.diff) > Math.abs(c.diff) ||
          (Math.abs(o.diff) === Math.abs(c.diff) && o.p.items.length < c.p.items.length)),
    );
  });
}

export function diffpatterns(node: EvaluateNode, input: Relation, ctx: ExecContext): Relation {
  const ev = argEvaluator(input, ctx);
  const [splitExpr, aExpr, bExpr, weight] = node.args;
  if (splitExpr === undefined) return unsupported('diffpatterns() without a split column');
  const valueA = String(ev.scalar(aExpr));
  const valueB = String(ev.scalar(bExpr));
  const threshold = num(optional(input, ctx, node.args[4])) ?? 0.05;
  const maxDims = num(optional(input, ctx, node.args[5])) ?? Number.POSITIVE_INFINITY;
  const attrs = attributes(node, input, ctx, 6, 6, weight);
  const split = ev.row(splitExpr);
  const physical: number[] = [];
  const inA: boolean[] = [];
  for (let i = 0; i < rowCountOf(input); i++) {
    const r = physicalRow(input, i);
    const v = split(r);
    const text = typeof v === 'string' ? v : v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    if (text !== valueA && text !== valueB) continue;
    physical.push(r);
    inA.push(text === valueA);
  }
  const wf = weightsOf(input, ctx, weight);
  const w = physical.map(wf);
  const items = itemize(attributeRows(input, attrs, physical), attrs.inputIndex.length);
  const found = diffPatterns(items, attrs.inputIndex.length, inA, w, threshold, maxDims, 1, ctx);
  const totalA = w.reduce((s, x, r) => s + (inA[r] ? x : 0), 0);
  const totalB = w.reduce((s, x, r) => s + (inA[r] ? 0 : x), 0);
  const rows = found
    .sort((x, y) => Math.abs(y.diff) - Math.abs(x.diff) || x.order - y.order)
    .map((c, i) => {
      const pa = pct(c.a, totalA);
      const pb = pct(c.b, totalB);
      return [i, c.a, c.b, pa, pb, Math.round(Math.abs(pa - pb) * 100) / 100, ...patternCells(items, c.p, attrs)];
    });
  return relationOf(tableFromValues(node.schema, rows, ctx));
}

export function diffpatternsText(node: EvaluateNode, input: Relation, ctx: ExecContext): Relation {
  const ev = argEvaluator(input, ctx);
  const [textExpr, condExpr] = node.args;
  if (textExpr === undefined || condExpr === undefined)
    return unsupported('diffpatterns_text() without a text column and a condition');
  const minTokens = num(optional(input, ctx, node.args[2])) ?? 1;
  const threshold = num(optional(input, ctx, node.args[3])) ?? 0.05;
  const maxTokens = Math.max(1, num(optional(input, ctx, node.args[4])) ?? 20);
  const text = ev.row(textExpr);
  const cond = ev.row(condExpr);
  const tokens: string[][] = [];
  const inA: boolean[] = [];
  for (let i = 0; i < rowCountOf(input); i++) {
    ctx.tick();
    const r = physicalRow(input, i);
    const t = text(r);
    const c = cond(r);
    if (typeof t !== 'string' || typeof c !== 'boolean') continue;
    tokens.push(t.split(/\s+/).filter((x) => x !== ''));
    inA.push(c);
  }
  const rowsOfTokens = tokens.map((ts) => Array.from({ length: maxTokens }, (_, k) => ts[k] ?? null));
  const items = itemize(rowsOfTokens, maxTokens);
  const w = tokens.map(() => 1);
  const found = diffPatterns(items, maxTokens, inA, w, threshold, Number.POSITIVE_INFINITY, minTokens, ctx);
  const totalTrue = inA.filter(Boolean).length;
  const totalFalse = inA.length - totalTrue;
  const rows = found
    .sort((x, y) => y.diff - x.diff || x.order - y.order)
    .map((c) => {
      const words: string[] = Array.from({ length: maxTokens }, () => '*');
      let last = -1;
      for (const it of c.p.items) {
        const pos = items.attrOf[it] as number;
        words[pos] = String(items.values[it]);
        last = Math.max(last, pos);
      }
      const goesOn = c.p.rows.some((r) => (tokens[r] as string[]).length > last + 1);
      const pattern = [...words.slice(0, last + 1), ...(goesOn && last + 1 < maxTokens ? ['*'] : [])].join(' ');
      return [c.a, c.b, pct(c.a, totalTrue), pct(c.b, totalFalse), pattern];
    });
  return relationOf(tableFromValues(node.schema, rows, ctx));
}
