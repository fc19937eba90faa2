/**
 * join and lookup: equality keys from `on Col`, `on $left.A == $right.B` (and `and` chains), kinds,
 * and Kusto's output naming (right-side duplicates get a numeric suffix: `DeviceId1`).
 */
import { DIAG, suggest } from '../../diagnostics.js';
import type { JoinKind, PExpr } from '../../plan/nodes.js';
import type { Expr, JoinOp, LookupOp, OperatorParam } from '../../syntax/ast.js';
import type { ColumnSchema } from '../../types.js';
import { uniqueName } from '../naming.js';
import { exprEnv, paramText } from '../operators.js';
import { report } from '../report.js';
import { bindScalar } from '../scalar.js';
import { findColumn, type RowType, rowType } from '../scope.js';
import { type Bound, bindTabular, errorBound, type TabEnv } from '../tabular.js';

const KIND_ALIASES: Readonly<Record<string, JoinKind>> = {
  innerunique: 'innerunique',
  inner: 'inner',
  leftouter: 'leftouter',
  rightouter: 'rightouter',
  fullouter: 'fullouter',
  outer: 'fullouter',
  leftanti: 'leftanti',
  anti: 'leftanti',
  leftantisemi: 'leftanti',
  rightanti: 'rightanti',
  rightantisemi: 'rightanti',
  leftsemi: 'leftsemi',
  semi: 'leftsemi',
  rightsemi: 'rightsemi',
};

function joinKind(params: readonly OperatorParam[], fallback: JoinKind, env: TabEnv): JoinKind {
  const p = params.find((x) => x.name === 'kind');
  if (!p) return fallback;
  const text = paramText(p.value).toLowerCase();
  const kind = KIND_ALIASES[text];
  if (!kind) {
    report(
      env.ctx,
      DIAG.expected(
        'a join kind (inner, innerunique, leftouter, rightouter, fullouter, leftanti, rightanti, leftsemi, rightsemi)',
        `'${text}'`,
      ),
      p.span,
    );
    return fallback;
  }
  return kind;
}

interface Keys {
  readonly left: PExpr[];
  readonly right: PExpr[];
  readonly rightKeyIndexes: Set<number>;
}

function bindKeys(on: readonly Expr[], left: RowType, right: RowType, env: TabEnv): Keys | undefined {
  const keys: Keys = { left: [], right: [], rightKeyIndexes: new Set() };
  const ok = on.every((e) => addKey(e, left, right, keys, env));
  return ok ? keys : undefined;
}

function sideColumn(row: RowType, name: string, side: string, span: Expr['span'], env: TabEnv): PExpr | undefined {
  const idx = findColumn(row, name);
  if (idx < 0) {
    if (row.open) return { kind: 'Column', type: 'dynamic', index: -1, name };
    report(
      env.ctx,
      DIAG.unknownColumn(
        name,
        `the ${side} side of the join`,
        suggest(
          name,
          row.columns.map((c) => c.name),
        ),
      ),
      span,
    );
    return undefined;
  }
  return { kind: 'Column', type: row.columns[idx]!.type, index: idx, name };
}

function addKey(e: Expr, left: RowType, right: RowType, keys: Keys, env: TabEnv): boolean {
  if (e.kind === 'Paren') return addKey(e.expr, left, right, keys, env);
  if (e.kind === 'NameRef') {
    const l = sideColumn(left, e.name, 'left', e.span, env);
    const r = sideColumn(right, e.name, 'right', e.span, env);
    if (!l || !r) return false;
    keys.left.push(l);
    keys.right.push(r);
    if (r.kind === 'Column') keys.rightKeyIndexes.add(r.index);
    return true;
  }
  if (e.kind === 'Binary' && e.op === 'and')
    return addKey(e.left, left, right, keys, env) && addKey(e.right, left, right, keys, env);
  if (e.kind === 'Binary' && e.op === '==') {
    const sides = { left: rowType(left.columns, left.open), right: rowType(right.columns, right.open) };
    const side = (x: Expr) => (x.kind === 'MemberAccess' && x.target.kind === 'NameRef' ? x.target.name : undefined);
    let l = e.left;
    let r = e.right;
    if (side(l) === '$right' && side(r) === '$left') [l, r] = [r, l];
    if (side(l) === '$left' && side(r) === '$right') {
      const le = bindScalar(l, exprEnv(env, left, { joinSides: sides }));
      const re = bindScalar(r, exprEnv(env, right, { joinSides: sides }));
      keys.left.push(le);
      keys.right.push(re);
      if (re.kind === 'Column') keys.rightKeyIndexes.add(re.index);
      return true;
    }
  }
  report(
    env.ctx,
    DIAG.unsupportedLocally("A join condition other than 'Col' or '$left.A == $right.B' (joined with 'and')"),
    e.span,
  );
  return false;
}

function outputColumns(
  left: RowType,
  right: RowType,
  drop: ReadonlySet<number>,
): { columns: ColumnSchema[]; rightOutput: number[] } {
  const columns: ColumnSchema[] = [...left.columns];
  const taken = new Set(columns.map((c) => c.name));
  const rightOutput: number[] = [];
  right.columns.forEach((c, i) => {
    if (drop.has(i)) return;
    const name = uniqueName(c.name, taken);
    taken.add(name);
    columns.push({ name, type: c.type });
    rightOutput.push(i);
  });
  return { columns, rightOutput };
}

export function bindJoin(op: JoinOp, input: Bound, env: TabEnv): Bound {
  const kind = joinKind(op.params, 'innerunique', env);
  const right = bindTabular(op.right, env);
  const keys = bindKeys(op.on, input.row, right.row, env);
  if (!keys) return errorBound();
  if (kind === 'leftsemi' || kind === 'leftanti' || kind === 'rightsemi' || kind === 'rightanti') {
    const kept = kind.startsWith('left') ? input.row : right.row;
    const rightOutput = kind.startsWith('right') ? right.row.columns.map((_, i) => i) : [];
    return {
      plan: {
        kind: 'Join',
        schema: { columns: kept.columns },
        joinKind: kind,
        left: input.plan,
        right: right.plan,
        leftKeys: keys.left,
        rightKeys: keys.right,
        rightOutput,
      },
      row: rowType(kept.columns, kept.open),
    };
  }
  const { columns, rightOutput } = outputColumns(input.row, right.row, new Set());
  return {
    plan: {
      kind: 'Join',
      schema: { columns },
      joinKind: kind,
      left: input.plan,
      right: right.plan,
      leftKeys: keys.left,
      rightKeys: keys.right,
      rightOutput,
    },
    row: rowType(columns, input.row.open || right.row.open),
  };
}

export function bindLookup(op: LookupOp, input: Bound, env: TabEnv): Bound {
  const kind = joinKind(op.params, 'leftouter', env);
  if (kind !== 'leftouter' && kind !== 'inner') {
    report(env.ctx, DIAG.expected("lookup kind 'leftouter' or 'inner'", `'${kind}'`), op.span);
  }
  const right = bindTabular(op.right, env);
  const keys = bindKeys(op.on, input.row, right.row, env);
  if (!keys) return errorBound();
  const { columns, rightOutput } = outputColumns(input.row, right.row, keys.rightKeyIndexes);
  return {
    plan: {
      kind: 'Join',
      schema: { columns },
      joinKind: kind === 'inner' ? 'inner' : 'leftouter',
      left: input.plan,
      right: right.plan,
      leftKeys: keys.left,
      rightKeys: keys.right,
      rightOutput,
    },
    row: rowType(columns, input.row.open || right.row.open),
  };
}
