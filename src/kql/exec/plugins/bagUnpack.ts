/**
 * bag_unpack(col [, prefix]): one column per property seen in the bag column (data-dependent
 * schema), dynamic typed, replacing the bag column; rows lacking a property get null.
 */

import type { EvaluateNode } from '../../plan/nodes.js';
import { type ColumnSchema, DynReal, type KqlDynamic, type KqlValue, type ScalarType } from '../../types.js';
import { buildColumn } from '../build.js';
import type { ExecContext } from '../context.js';
import { compileExpr } from '../expr/compile.js';
import { gatherColumn } from '../gather.js';
import { materialize, type Relation, relationOf } from '../relation.js';
import type { Column } from '../table.js';

export function bagUnpack(node: EvaluateNode, input: Relation, ctx: ExecContext): Relation {
  const table = materialize(input);
  const source = node.args[0];
  if (source === undefined) return relationOf(table);
  const prefixValue = node.args[1]?.kind === 'Const' ? node.args[1].value : '';
  const prefix = typeof prefixValue === 'string' ? prefixValue : '';
  const ev = compileExpr(source, { table, ctx });
  const bags: ({ readonly [k: string]: KqlDynamic } | undefined)[] = [];
  const names: string[] = [];
  const seen = new Set<string>();
  for (let r = 0; r < table.rowCount; r++) {
    ctx.tick();
    const v = ev(r);
    const bag =
      v !== null && typeof v === 'object' && !Array.isArray(v)
        ? (v as { readonly [k: string]: KqlDynamic })
        : undefined;
    bags.push(bag);
    if (bag === undefined) continue;
    for (const k of Object.keys(bag)) {
      if (seen.has(k)) continue;
      seen.add(k);
      names.push(k);
    }
  }
  // The engine emits unpacked columns in ordinal name order, not first-seen order.
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const dropped = source.kind === 'Column' ? source.name : undefined;
  const keep = table.schema.columns.map((c, i) => ({ c, i })).filter(({ c }) => c.name !== dropped);
  const identity = Int32Array.from({ length: table.rowCount }, (_, i) => i);
  const schemaCols: ColumnSchema[] = keep.map(({ c }) => c);
  const columns: Column[] = keep.map(({ i }) => gatherColumn(table.columns[i] as Column, identity));
  for (const name of names) {
    const full = `${prefix}${name}`;
    if (schemaCols.some((c) => c.name === full)) continue;
    const type = inferType(bags, name);
    schemaCols.push({ name: full, type });
    columns.push(buildColumn(type, table.rowCount, (r) => toType(bags[r]?.[name] ?? null, type), ctx));
  }
  return relationOf({ schema: { columns: schemaCols }, columns, rowCount: table.rowCount });
}

/**
 * The engine types an unpacked column by its values: all integers → long, all numbers → real,
 * all strings → string, all booleans → bool; anything mixed or nested stays dynamic.
 */
function inferType(bags: readonly ({ readonly [k: string]: KqlDynamic } | undefined)[], name: string): ScalarType {
  let kind: ScalarType | undefined;
  for (const bag of bags) {
    const v = bag?.[name];
    if (v === undefined || v === null) continue;
    const t: ScalarType =
      typeof v === 'string'
        ? 'string'
        : typeof v === 'boolean'
          ? 'bool'
          : typeof v === 'number'
            ? Number.isInteger(v)
              ? 'long'
              : 'real'
            : v instanceof DynReal
              ? 'real'
              : 'dynamic';
    if (kind === undefined) kind = t;
    else if (kind !== t) {
      if ((kind === 'long' && t === 'real') || (kind === 'real' && t === 'long')) kind = 'real';
      else return 'dynamic';
    }
  }
  return kind ?? 'dynamic';
}

function toType(v: KqlDynamic, type: ScalarType): KqlValue {
  if (v === null) return type === 'string' ? '' : null;
  return v as KqlValue;
}
