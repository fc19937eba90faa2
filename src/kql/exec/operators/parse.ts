/**
 * Parse / parse-where: the binder supplies an RE2 pattern with one group per capture. Captures are
 * converted to their column types; in simple and regex modes a capture that does not convert makes
 * the row unmatched, in relaxed mode only that capture is null. Unmatched rows get nulls (empty
 * strings), and parse-where drops them.
 */
import type { ParseNode } from '../../plan/nodes.js';
import type { KqlValue } from '../../types.js';
import { buildColumn } from '../build.js';
import { coerceValue, parseText } from '../coerce.js';
import type { ExecContext } from '../context.js';
import { compileExpr } from '../expr/compile.js';
import { gatherColumn, nullColumn } from '../gather.js';
import { physicalRow, type Relation, relationOf, rowCountOf } from '../relation.js';
import type { Column } from '../table.js';
import { compileRegex, firstMatch } from './regex.js';

const CACHE_LIMIT = 50_000;

export function runParse(node: ParseNode, ctx: ExecContext): Relation {
  const input = ctx.run(node.input);
  const re = compileRegex(node.regex, node.flags);
  const source = compileExpr(node.source, { table: input.table, ctx });
  const types = node.captureColumns.map((c) => node.schema.columns[c]?.type ?? 'string');
  // Telemetry strings repeat a lot: parse each distinct text once.
  const cache = new Map<string, KqlValue[] | null>();
  const parseOne = (text: string): KqlValue[] | null => {
    const hit = cache.get(text);
    if (hit !== undefined || cache.has(text)) return hit ?? null;
    const result = captures(re, text, types, node.mode === 'relaxed');
    if (cache.size < CACHE_LIMIT) cache.set(text, result);
    return result;
  };
  const rows: number[] = [];
  const values: (KqlValue[] | null)[] = [];
  for (let i = 0; i < rowCountOf(input); i++) {
    ctx.tick();
    const r = physicalRow(input, i);
    const got = parseOne(coerceValue(source(r), 'string') as string);
    if (got === null && node.dropUnmatched) continue;
    rows.push(r);
    values.push(got);
  }
  const idx = Int32Array.from(rows);
  const columns: Column[] = node.schema.columns.map((col, c) => {
    const k = node.captureColumns.indexOf(c);
    if (k >= 0) return buildColumn(col.type, idx.length, (i) => values[i]?.[k] ?? null, ctx);
    const src = node.passThrough[c] ?? -1;
    const inputCol = src >= 0 ? input.table.columns[src] : undefined;
    return inputCol === undefined ? nullColumn(col.type, idx.length) : gatherColumn(inputCol, idx);
  });
  return relationOf({ schema: node.schema, columns, rowCount: idx.length });
}

function captures(
  re: ReturnType<typeof compileRegex>,
  text: string,
  types: readonly string[],
  relaxed: boolean,
): KqlValue[] | null {
  const groups = firstMatch(re, text, types.length);
  if (groups === null) return null;
  const out: KqlValue[] = [];
  for (let k = 0; k < types.length; k++) {
    const raw = groups[k] ?? null;
    const type = types[k] as Parameters<typeof parseText>[1];
    const v = raw === null ? null : parseText(raw, type);
    if (v === null && raw !== null && raw !== '' && !relaxed) return null;
    out.push(v);
  }
  return out;
}
