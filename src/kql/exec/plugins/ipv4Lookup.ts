/**
 * ipv4_lookup(LookupTable, SourceIPv4Key, IPv4LookupRangeKey [, return_unmatched]): appends the
 * lookup row whose CIDR range (or single address) contains the source address.
 * Args: [source ip expr, lookup range column (by name in the lookup table), return_unmatched?].
 */
import type { EvaluateNode } from '../../plan/nodes.js';
import type { ColumnSchema, KqlValue } from '../../types.js';
import { tableFromValues } from '../build.js';
import { coerceValue } from '../coerce.js';
import { type ExecContext, unsupported } from '../context.js';
import { compileExpr } from '../expr/compile.js';
import { materialize, physicalRow, type Relation, relationOf, rowCountOf } from '../relation.js';

function parseIp(text: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return (
    (((parts[0] as number) * 256 + (parts[1] as number)) * 256 + (parts[2] as number)) * 256 + (parts[3] as number)
  );
}

function parseRange(text: string): { lo: number; hi: number } | null {
  const [addr, bitsText] = text.trim().split('/');
  const base = parseIp(addr ?? '');
  if (base === null) return null;
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) return null;
  const size = 2 ** (32 - bits);
  const lo = Math.floor(base / size) * size;
  return { lo, hi: lo + size - 1 };
}

export function ipv4Lookup(node: EvaluateNode, input: Relation, ctx: ExecContext): Relation {
  const lookupPlan = node.tables[0];
  const [sourceExpr, rangeExpr, unmatchedExpr] = node.args;
  if (lookupPlan === undefined || sourceExpr === undefined || rangeExpr === undefined) {
    return unsupported('ipv4_lookup() with these arguments');
  }
  const lookup = materialize(ctx.run(lookupPlan));
  const rangeEv = compileExpr(rangeExpr, { table: lookup, ctx });
  const ranges: { lo: number; hi: number; row: number }[] = [];
  for (let r = 0; r < lookup.rowCount; r++) {
    const range = parseRange(coerceValue(rangeEv(r), 'string') as string);
    if (range) ranges.push({ ...range, row: r });
  }
  // Most specific (smallest) range first.
  ranges.sort((a, b) => a.hi - a.lo - (b.hi - b.lo));
  const keepUnmatched = unmatchedExpr?.kind === 'Const' && unmatchedExpr.value === true;
  const sourceEv = compileExpr(sourceExpr, { table: input.table, ctx });
  const rows: KqlValue[][] = [];
  for (let i = 0; i < rowCountOf(input); i++) {
    ctx.tick();
    const r = physicalRow(input, i);
    const ip = parseIp(coerceValue(sourceEv(r), 'string') as string);
    const hit = ip === null ? undefined : ranges.find((x) => ip >= x.lo && ip <= x.hi);
    if (hit === undefined && !keepUnmatched) continue;
    const left = input.table.columns.map((c) => c.get(r));
    const right = lookup.columns.map((c) => (hit === undefined ? null : c.get(hit.row)));
    rows.push([...left, ...right]);
  }
  const names = new Set(input.table.schema.columns.map((c) => c.name));
  const columns: ColumnSchema[] = [
    ...input.table.schema.columns,
    ...lookup.schema.columns.map((c) => (names.has(c.name) ? { ...c, name: `${c.name}1` } : c)),
  ];
  const schema = node.schema.columns.length === columns.length ? node.schema : { columns };
  return relationOf(tableFromValues(schema, rows, ctx));
}
