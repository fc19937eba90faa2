/**
 * Operator dispatch: one handler per plan node kind (a Record, so a missing kind is a compile
 * error). Every operator output is checked against the row budget and the clock.
 */
import type { PlanNode } from '../plan/nodes.js';
import type { ExecContext } from './context.js';
import { runAggregate } from './operators/aggregate.js';
import { runCount } from './operators/count.js';
import { runDistinct } from './operators/distinct.js';
import { runEvaluate } from './operators/evaluate.js';
import { runExternalData } from './operators/externalData.js';
import { runFilter } from './operators/filter.js';
import { runFork } from './operators/fork.js';
import { runGetSchema } from './operators/getSchema.js';
import { runGraphToTable, runGraphValue } from './operators/graph.js';
import { runGraphMatch } from './operators/graphMatch.js';
import { runImplicitInput } from './operators/implicitInput.js';
import { runJoin } from './operators/join.js';
import { runLimit } from './operators/limit.js';
import { runMakeSeries } from './operators/makeSeries.js';
import { runMaterialize, runMaterializedRef } from './operators/materialize.js';
import { runMvApply } from './operators/mvApply.js';
import { runMvExpand } from './operators/mvExpand.js';
import { runParse } from './operators/parse.js';
import { runParseKv } from './operators/parseKv.js';
import { runPartition } from './operators/partition.js';
import { runProject } from './operators/project.js';
import { runRange } from './operators/range.js';
import { runRender } from './operators/render.js';
import { runSample, runSampleDistinct } from './operators/sample.js';
import { runScan, runScanOperator } from './operators/scan.js';
import { runSerialize } from './operators/serialize.js';
import { runSort, runTop } from './operators/sort.js';
import { runTopHitters } from './operators/topHitters.js';
import { runTopNested } from './operators/topNested.js';
import { runUnion } from './operators/union.js';
import { runReduce } from './operators/unsupported.js';
import { runValues } from './operators/values.js';
import { type Relation, rowCountOf } from './relation.js';

type Handlers = {
  readonly [K in PlanNode['kind']]: (node: Extract<PlanNode, { kind: K }>, ctx: ExecContext) => Relation;
};

const HANDLERS: Handlers = {
  Scan: runScan,
  Values: runValues,
  Range: runRange,
  ImplicitInput: runImplicitInput,
  Filter: runFilter,
  Project: runProject,
  Aggregate: runAggregate,
  Sort: runSort,
  Top: runTop,
  Limit: runLimit,
  Distinct: runDistinct,
  Join: runJoin,
  Union: runUnion,
  MvExpand: runMvExpand,
  MvApply: runMvApply,
  Parse: runParse,
  ParseKv: runParseKv,
  Count: runCount,
  Serialize: runSerialize,
  Sample: runSample,
  SampleDistinct: runSampleDistinct,
  TopNested: runTopNested,
  TopHitters: runTopHitters,
  MakeSeries: runMakeSeries,
  Partition: runPartition,
  ScanOperator: runScanOperator,
  Reduce: runReduce,
  Evaluate: runEvaluate,
  GetSchema: runGetSchema,
  Materialize: runMaterialize,
  MaterializedRef: runMaterializedRef,
  ExternalData: runExternalData,
  Render: runRender,
  Fork: runFork,
  MakeGraph: runGraphValue,
  GraphMarkComponents: runGraphValue,
  GraphToTable: runGraphToTable,
  GraphMatch: runGraphMatch,
};

export function runNode(node: PlanNode, ctx: ExecContext): Relation {
  ctx.check();
  const handler = HANDLERS[node.kind] as (n: PlanNode, c: ExecContext) => Relation;
  const rel = handler(node, ctx);
  ctx.checkRows(rowCountOf(rel));
  return rel;
}

/** Records every materialize() node by id so a reference met first can compute it. */
export function collectMaterialized(node: PlanNode, into: Map<number, PlanNode>, seen = new Set<object>()): void {
  if (seen.has(node)) return;
  seen.add(node);
  if (node.kind === 'Materialize' && !into.has(node.id)) into.set(node.id, node);
  for (const child of childrenOf(node)) collectMaterialized(child, into, seen);
}

function childrenOf(node: PlanNode): readonly PlanNode[] {
  const out: PlanNode[] = [];
  for (const value of Object.values(node)) {
    if (isPlanNode(value)) out.push(value);
    else if (Array.isArray(value)) {
      for (const v of value) {
        if (isPlanNode(v)) out.push(v);
        else if (v !== null && typeof v === 'object' && isPlanNode((v as { plan?: unknown }).plan)) {
          out.push((v as { plan: PlanNode }).plan);
        }
      }
    }
  }
  return out;
}

function isPlanNode(v: unknown): v is PlanNode {
  return v !== null && typeof v === 'object' && 'kind' in v && 'schema' in v;
}
