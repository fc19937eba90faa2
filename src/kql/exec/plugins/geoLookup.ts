/**
 * geo_line_lookup and geo_polygon_lookup: join each input point with every lookup line within
 * `radius` meters of it, or every lookup polygon that contains it (or lies within `radius` when
 * one is given). Distances are on the sphere, as geo_distance_point_to_line() measures them.
 * Args: [lookup key (lookup row), longitude, latitude, radius, return_unmatched].
 */

import { closestOnLines } from '../../library/geo/lines.js';
import { distanceToPolygons } from '../../library/geo/polygons.js';
import { type Line, type Polygon, parseLines, parsePolygons, validLonLat } from '../../library/geo/shapes.js';
import { EARTH_RADIUS_M, toVec, type Vec3 } from '../../library/geo/sphere.js';
import type { EvaluateNode } from '../../plan/nodes.js';
import { dynNumber, type KqlValue } from '../../types.js';
import { tableFromValues } from '../build.js';
import { type ExecContext, unsupported } from '../context.js';
import { resolveColumnIndex } from '../expr/columns.js';
import { compileExpr } from '../expr/compile.js';
import { materialize, physicalRow, type Relation, relationOf, rowCountOf } from '../relation.js';

/** Distance in meters from a point to one lookup shape (0 inside a polygon). */
type Measure = (p: Vec3) => number | undefined;

function lineMeasure(lines: readonly Line[]): Measure {
  return (p) => {
    const c = closestOnLines(p, lines);
    return c === undefined ? undefined : c.distance * EARTH_RADIUS_M;
  };
}

function polygonMeasure(polys: readonly Polygon[]): Measure {
  return (p) => distanceToPolygons(polys, p).distance * EARTH_RADIUS_M;
}

export function geoLookup(node: EvaluateNode, input: Relation, ctx: ExecContext): Relation {
  const lookupPlan = node.tables[0];
  const [keyExpr, lonExpr, latExpr, radiusExpr, unmatchedExpr] = node.args;
  if (lookupPlan === undefined || keyExpr === undefined || lonExpr === undefined || latExpr === undefined) {
    return unsupported(`${node.plugin}() with these arguments`);
  }
  const isLine = node.plugin.toLowerCase() === 'geo_line_lookup';
  const radiusValue = radiusExpr === undefined ? null : compileExpr(radiusExpr, { table: input.table, ctx })(0);
  const radius = typeof radiusValue === 'number' ? radiusValue : isLine ? undefined : 0;
  if (radius === undefined || radius < 0) return unsupported(`${node.plugin}() without a non-negative radius`);
  const lookup = materialize(ctx.run(lookupPlan));
  const keyEv = compileExpr(keyExpr, { table: lookup, ctx });
  const shapes: { measure: Measure; row: number }[] = [];
  for (let r = 0; r < lookup.rowCount; r++) {
    const v = keyEv(r);
    const parsed = isLine ? parseLines(v) : parsePolygons(v);
    if (parsed === undefined) continue;
    shapes.push({ measure: isLine ? lineMeasure(parsed as Line[]) : polygonMeasure(parsed as Polygon[]), row: r });
  }
  const keepUnmatched = unmatchedExpr?.kind === 'Const' && unmatchedExpr.value === true;
  const lon = compileExpr(lonExpr, { table: input.table, ctx });
  const lat = compileExpr(latExpr, { table: input.table, ctx });
  const inputWidth = input.table.schema.columns.length;
  const lookupCols = node.schema.columns.map((c, i) =>
    i < inputWidth ? -1 : resolveColumnIndex(lookup, { kind: 'Column', type: c.type, index: -1, name: c.name }),
  );
  const rows: KqlValue[][] = [];
  for (let i = 0; i < rowCountOf(input); i++) {
    ctx.tick();
    const r = physicalRow(input, i);
    const x = dynNumber(lon(r));
    const y = dynNumber(lat(r));
    const point = x !== undefined && y !== undefined && validLonLat(x, y) ? toVec([x, y]) : undefined;
    const hits =
      point === undefined ? [] : shapes.filter((s) => (s.measure(point) ?? Number.POSITIVE_INFINITY) <= radius);
    const left = input.table.columns.map((c) => c.get(r));
    for (const h of hits)
      rows.push([
        ...left,
        ...lookupCols.slice(inputWidth).map((c) => (c < 0 ? null : (lookup.columns[c]?.get(h.row) ?? null))),
      ]);
    if (hits.length === 0 && keepUnmatched) rows.push([...left, ...lookupCols.slice(inputWidth).map(() => null)]);
    ctx.checkRows(rows.length);
  }
  return relationOf(tableFromValues(node.schema, rows, ctx));
}
