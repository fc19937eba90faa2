/**
 * ipv6_lookup(LookupTable, SourceIPv6Key, IPv6LookupRangeKey [, return_unmatched]): joins each input
 * row with the lookup row whose IPv6 prefix (or single address) contains the source address.
 * Args: [source ip expr (input row), range expr (lookup row), return_unmatched]. Output: the lookup
 * columns, then the input columns, as the engine orders them.
 */
import { parseIPv6Words } from '../../library/ip.js';
import type { EvaluateNode } from '../../plan/nodes.js';
import type { KqlValue } from '../../types.js';
import { tableFromValues } from '../build.js';
import { coerceValue } from '../coerce.js';
import { type ExecContext, unsupported } from '../context.js';
import { resolveColumnIndex } from '../expr/columns.js';
import { compileExpr } from '../expr/compile.js';
import { materialize, physicalRow, type Relation, relationOf, rowCountOf } from '../relation.js';

const ALL = (1n << 128n) - 1n;

function wordsToBigInt(words: readonly number[]): bigint {
  let n = 0n;
  for (const w of words) n = (n << 16n) | BigInt(w);
  return n;
}

/** An address as a 128-bit number, or null. */
export function parseIPv6(text: string): bigint | null {
  const words = parseIPv6Words(text);
  return words === null ? null : wordsToBigInt(words);
}

/** `addr/prefix` (or a single address) → inclusive range; IPv4 prefixes count within ::ffff:0:0/96. */
export function parseIPv6Range(text: string): { lo: bigint; hi: bigint } | null {
  const slash = text.indexOf('/');
  const addrText = (slash < 0 ? text : text.slice(0, slash)).trim();
  const base = parseIPv6(addrText);
  if (base === null) return null;
  let bits = slash < 0 ? 128 : Number(text.slice(slash + 1).trim());
  if (!Number.isInteger(bits) || bits < 0 || bits > 128) return null;
  if (slash >= 0 && /^\d+\.\d+\.\d+\.\d+$/.test(addrText)) bits = Math.min(128, 96 + bits);
  const hostMask = (1n << BigInt(128 - bits)) - 1n;
  const lo = base & (ALL ^ hostMask);
  return { lo, hi: lo | hostMask };
}

export function ipv6Lookup(node: EvaluateNode, input: Relation, ctx: ExecContext): Relation {
  const lookupPlan = node.tables[0];
  const [sourceExpr, rangeExpr, unmatchedExpr] = node.args;
  if (lookupPlan === undefined || sourceExpr === undefined || rangeExpr === undefined) {
    return unsupported('ipv6_lookup() with these arguments');
  }
  const lookup = materialize(ctx.run(lookupPlan));
  const rangeEv = compileExpr(rangeExpr, { table: lookup, ctx });
  const ranges: { lo: bigint; hi: bigint; row: number }[] = [];
  for (let r = 0; r < lookup.rowCount; r++) {
    const range = parseIPv6Range(coerceValue(rangeEv(r), 'string') as string);
    if (range) ranges.push({ ...range, row: r });
  }
  // Most specific (smallest) range first.
  ranges.sort((a, b) => {
    const d = a.hi - a.lo - (b.hi - b.lo);
    return d < 0n ? -1 : d > 0n ? 1 : 0;
  });
  const keepUnmatched = unmatchedExpr?.kind === 'Const' && unmatchedExpr.value === true;
  const sourceEv = compileExpr(sourceExpr, { table: input.table, ctx });
  // Output columns by name: the lookup's first, then the input's.
  const sources = node.schema.columns.map((c, i) => {
    const l = resolveColumnIndex(lookup, { kind: 'Column', type: c.type, index: i, name: c.name });
    if (l >= 0) return { side: 'lookup' as const, index: l };
    return {
      side: 'input' as const,
      index: resolveColumnIndex(input.table, { kind: 'Column', type: c.type, index: -1, name: c.name }),
    };
  });
  const rows: KqlValue[][] = [];
  for (let i = 0; i < rowCountOf(input); i++) {
    ctx.tick();
    const r = physicalRow(input, i);
    const ip = parseIPv6(coerceValue(sourceEv(r), 'string') as string);
    const hit = ip === null ? undefined : ranges.find((x) => ip >= x.lo && ip <= x.hi);
    if (hit === undefined && !keepUnmatched) continue;
    rows.push(
      sources.map((s) => {
        if (s.index < 0) return null;
        if (s.side === 'input') return input.table.columns[s.index]?.get(r) ?? null;
        return hit === undefined ? null : (lookup.columns[s.index]?.get(hit.row) ?? null);
      }),
    );
  }
  return relationOf(tableFromValues(node.schema, rows, ctx));
}
