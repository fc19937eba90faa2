/**
 * Scalar expressions: syntax → typed, resolved PExpr. Columns resolve against the operator's input
 * row, then `let` names, then enclosing rows (sub-queries). Calls are checked against the function
 * library's signatures. Errors become diagnostics and an error placeholder (a dynamic null), so one
 * mistake does not cascade into many.
 */
import { DIAG, suggest } from '../diagnostics.js';
import {
  aggregateOutputNames,
  allFunctionNames,
  binaryResultType,
  getAggregate,
  getScalarFunction,
  type OperatorName,
  refusal,
} from '../library/index.js';
import type { ParamKind } from '../library/types.js';
import type { PAggregate, PConst, PExpr } from '../plan/nodes.js';
import type { Binary, Call, Expr, ListTest, Span } from '../syntax/ast.js';
import { isNumericType, type KqlDynamic, type KqlValue, type ScalarType } from '../types.js';
import { cloudOnlyFunction } from './cloud.js';
import { report } from './report.js';
import { type ExprEnv, findColumn, type RowType } from './scope.js';
import { bindSpecialCall } from './special-calls.js';
import { bindTabularOperand, isTabularExpr, isTabularSyntax } from './tabular.js';
import { inlineScalarFunction } from './user-functions.js';

const TWO_VARIABLE: ReadonlySet<string> = new Set(['covariance', 'covariancep', 'covarianceif', 'covariancepif']);

export const ERROR_EXPR: PConst = { kind: 'Const', type: 'dynamic', value: null };

export function constant(type: ScalarType, value: KqlValue): PConst {
  return { kind: 'Const', type, value };
}

export function isConst(e: PExpr): e is PConst {
  return e.kind === 'Const';
}

export function bindScalar(e: Expr, env: ExprEnv): PExpr {
  switch (e.kind) {
    case 'Literal':
      return constant(e.type, e.value);
    case 'NameRef':
      return bindName(e.name, e.span, env);
    case 'MemberAccess':
      return bindMember(e, env);
    case 'IndexAccess': {
      const target = bindScalar(e.target, env);
      const index = bindScalar(e.index, env);
      return { kind: 'Call', type: 'dynamic', fn: '[]', args: [target, index] };
    }
    case 'Call':
      return bindCall(e, env);
    case 'Unary': {
      const operand = bindScalar(e.operand, env);
      if (e.op === '+') return operand;
      if (operand.kind === 'Const' && typeof operand.value === 'number') return constant(operand.type, -operand.value);
      if (operand.kind === 'Const' && typeof operand.value === 'bigint') return constant(operand.type, -operand.value);
      return { kind: 'Call', type: operand.type, fn: '-unary', args: [operand] };
    }
    case 'Binary':
      return bindBinary(e, env);
    case 'ListTest':
      return bindListTest(e, env);
    case 'Between': {
      const left = bindScalar(e.left, env);
      const low = bindScalar(e.low, env);
      const high = bindScalar(e.high, env);
      const op = e.negated ? '!between' : 'between';
      for (const bound of [low, high]) {
        // only the upper bound may be a timespan (`dt between (start .. 1d)`)
        const spanLow = bound === low && left.type === 'datetime' && low.type === 'timespan';
        if (untyped(left) || untyped(bound) || (binaryResultType(op, left.type, bound.type) && !spanLow)) continue;
        report(env.ctx, DIAG.operatorTypes(op, left.type, bound.type), e.span);
        break;
      }
      return { kind: 'Call', type: 'bool', fn: e.negated ? '!between' : 'between', args: [left, low, high] };
    }
    case 'Paren':
      return bindScalar(e.expr, env);
    case 'Star':
      report(env.ctx, DIAG.unexpectedToken("'*'"), e.span);
      return ERROR_EXPR;
    case 'Missing':
      return ERROR_EXPR;
    default: {
      if (isTabularSyntax(e)) {
        report(env.ctx, DIAG.notAScalar('tabular expression'), e.span);
        return ERROR_EXPR;
      }
      const never: never = e;
      return never;
    }
  }
}

/** Resolves a bare name: input column, `let` scalar, enclosing row column, or an open row's column. */
export function bindName(name: string, span: Span, env: ExprEnv): PExpr {
  const idx = findColumn(env.row, name);
  if (idx >= 0) {
    const col = env.row.columns[idx]!;
    return { kind: 'Column', type: col.type, index: idx, name };
  }
  const sym = env.scope.lookup(name);
  if (sym?.kind === 'scalar') return sym.expr;
  if (sym?.kind === 'tabular') {
    report(env.ctx, DIAG.notAScalar(name), span);
    return ERROR_EXPR;
  }
  if (sym?.kind === 'function' && sym.decl.params.length === 0 && !sym.decl.isView) {
    return inlineScalarFunction(sym, [], span, env);
  }
  for (let depth = 0; depth < env.outer.length; depth++) {
    const outerRow = env.outer[depth]!;
    const oi = findColumn(outerRow, name);
    if (oi >= 0) return { kind: 'OuterColumn', type: outerRow.columns[oi]!.type, depth: depth + 1, index: oi, name };
  }
  if (env.row.open) return { kind: 'Column', type: 'dynamic', index: -1, name };
  if (name === '$left' || name === '$right') {
    report(env.ctx, DIAG.leftRightOutsideJoin(name), span);
    return ERROR_EXPR;
  }
  const candidates = [...env.row.columns.map((c) => c.name), ...env.scope.names()];
  const hint = suggest(name, candidates);
  if (env.row.columns.length > 0 || env.outer.length > 0) {
    report(env.ctx, DIAG.unknownColumn(name, describeRow(env.row), hint), span);
  } else {
    report(env.ctx, DIAG.unknownName(name, hint), span);
  }
  return ERROR_EXPR;
}

export function describeRow(row: RowType): string {
  return row.label ?? 'the input of this operator';
}

function bindMember(e: Extract<Expr, { kind: 'MemberAccess' }>, env: ExprEnv): PExpr {
  if (e.target.kind === 'NameRef' && (e.target.name === '$left' || e.target.name === '$right')) {
    const sides = env.joinSides;
    if (!sides) {
      report(env.ctx, DIAG.leftRightOutsideJoin(e.target.name), e.target.span);
      return ERROR_EXPR;
    }
    const row = e.target.name === '$left' ? sides.left : sides.right;
    const idx = findColumn(row, e.name.name);
    if (idx < 0) {
      if (row.open) return { kind: 'Column', type: 'dynamic', index: -1, name: e.name.name };
      report(
        env.ctx,
        DIAG.unknownColumn(
          e.name.name,
          `the ${e.target.name === '$left' ? 'left' : 'right'} side of the join`,
          suggest(
            e.name.name,
            row.columns.map((c) => c.name),
          ),
        ),
        e.name.span,
      );
      return ERROR_EXPR;
    }
    return { kind: 'Column', type: row.columns[idx]!.type, index: idx, name: e.name.name };
  }
  const target = bindScalar(e.target, env);
  return { kind: 'Call', type: 'dynamic', fn: '.', args: [target, constant('string', e.name.name)] };
}

function bindBinary(e: Binary, env: ExprEnv): PExpr {
  if (e.op === 'and' || e.op === 'or') {
    const args: PExpr[] = [];
    const flatten = (x: Expr) => {
      if (x.kind === 'Binary' && x.op === e.op) {
        flatten(x.left);
        flatten(x.right);
      } else {
        const b = bindScalar(x, env);
        expectBool(b, x.span, env);
        args.push(b);
      }
    };
    flatten(e);
    return e.op === 'and' ? { kind: 'And', type: 'bool', args } : { kind: 'Or', type: 'bool', args };
  }
  let left = bindScalar(e.left, env);
  let right = bindScalar(e.right, env);
  // Real rules compare bools with numbers (`IsLocalAdmin == 1`); Kusto compares them as 0/1.
  if (isComparison(e.op) && isNumericType(left.type) !== isNumericType(right.type)) {
    if (left.type === 'bool' && isNumericType(right.type)) left = boolAsNumber(left);
    else if (right.type === 'bool' && isNumericType(left.type)) right = boolAsNumber(right);
  }
  if (e.op === '==' || e.op === '!=') [left, right] = alignForEquality(left, right);
  if (!isComparison(e.op) && (untyped(left) || untyped(right))) {
    const call: PExpr = { kind: 'Call', type: 'dynamic', fn: e.op, args: [left, right] };
    UNTYPED.add(call);
    return call;
  }
  const type = binaryType(e.op, left, right, e.opSpan, env);
  return { kind: 'Call', type, fn: e.op, args: [left, right] };
}

/**
 * `==` / `!=` between types that have no common representation. Kusto accepts every pair
 * (Kusto.Language types them all as bool); `SigninLogs | where ResultType == 0` is the common case:
 * a string column against a number, which Log Analytics answers as a text comparison
 * (`ResultType == "0"`). So a string or guid against anything else compares text (`tostring` of the
 * other side, Kusto's own formatting: `true`, `1.5`, ISO datetimes); a number or bool against a
 * datetime/timespan compares `tolong` of both (ticks, as Kusto's `tolong` gives them).
 * Pairs the comparison operators already convert (numbers, bool/number, string against
 * datetime/timespan/guid constants, anything with dynamic) are left as they are.
 */
function alignForEquality(left: PExpr, right: PExpr): [PExpr, PExpr] {
  const l = left.type;
  const r = right.type;
  if (l === r || l === 'dynamic' || r === 'dynamic' || left === ERROR_EXPR || right === ERROR_EXPR)
    return [left, right];
  if (isNumericType(l) && isNumericType(r)) return [left, right];
  const stringParses = (t: ScalarType) => t === 'datetime' || t === 'timespan' || t === 'guid';
  if ((l === 'string' && stringParses(r)) || (r === 'string' && stringParses(l))) return [left, right];
  if (l === 'string' || r === 'string' || l === 'guid' || r === 'guid') return [asText(left), asText(right)];
  return [asLong(left), asLong(right)];
}

function asText(e: PExpr): PExpr {
  return e.type === 'string' ? e : { kind: 'Call', type: 'string', fn: 'tostring', args: [e] };
}

function asLong(e: PExpr): PExpr {
  return isNumericType(e.type) ? e : { kind: 'Call', type: 'long', fn: 'tolong', args: [e] };
}

function boolAsNumber(e: PExpr): PExpr {
  return { kind: 'Call', type: 'long', fn: 'tolong', args: [e] };
}

function expectBool(b: PExpr, span: Span, env: ExprEnv): void {
  if (b.type !== 'bool' && b.type !== 'dynamic' && b !== ERROR_EXPR) {
    report(env.ctx, DIAG.expectedType('A logical operand', 'bool', b.type), span);
  }
}

/**
 * A value whose type the binder cannot know: an error placeholder, or a column of an open row
 * (a cloud-only table, `bag_unpack` output) resolved by name at run time. Operators do not
 * type-check it, so one unknown schema does not cascade into type errors.
 */
export function untyped(e: PExpr): boolean {
  return e === ERROR_EXPR || (e.kind === 'Column' && e.index < 0) || UNTYPED.has(e);
}

/** Arithmetic over an untyped operand: its type is unknown too (`ErrorColumn - 1h`). */
const UNTYPED = new WeakSet<PExpr>();

function binaryType(op: string, left: PExpr, right: PExpr, span: Span, env: ExprEnv): ScalarType {
  const t = binaryResultType(op as OperatorName, left.type, right.type);
  if (t !== undefined) return t;
  if (untyped(left) || untyped(right)) return isComparison(op) ? 'bool' : 'dynamic';
  report(env.ctx, DIAG.operatorTypes(op, left.type, right.type), span);
  return isComparison(op) ? 'bool' : 'dynamic';
}

function isComparison(op: string): boolean {
  return !['+', '-', '*', '/', '%'].includes(op);
}

function bindListTest(e: ListTest, env: ExprEnv): PExpr {
  const left = bindScalar(e.left, env);
  const list = bindList(e.items, env);
  if (!untyped(left) && !binaryResultType(e.op, left.type, 'dynamic')) {
    report(env.ctx, DIAG.operatorTypes(e.op, left.type, 'dynamic'), e.opSpan);
  }
  return { kind: 'Call', type: 'bool', fn: e.op, args: [left, list] };
}

/**
 * The right-hand side of `in`/`has_any`…: a tabular operand becomes a sub-query list; constant
 * items (including dynamic arrays, which Kusto flattens into the list) become one constant array.
 */
export function bindList(items: readonly Expr[], env: ExprEnv): PExpr {
  if (items.length === 1 && isTabularExpr(items[0]!, env)) {
    const sub = bindTabularOperand(items[0]!, env);
    if (!sub) return ERROR_EXPR;
    if (sub.row.columns.length === 0 && !sub.row.open) return ERROR_EXPR;
    return { kind: 'SubqueryList', type: 'dynamic', plan: sub.plan };
  }
  const bound = items.map((x) => bindScalar(x, env));
  if (bound.every(isConst)) {
    const values: KqlDynamic[] = [];
    for (const b of bound) {
      if (b.type === 'dynamic' && Array.isArray(b.value)) values.push(...(b.value as KqlDynamic[]));
      else values.push(b.value as KqlDynamic);
    }
    return constant('dynamic', values);
  }
  return { kind: 'Call', type: 'dynamic', fn: 'pack_array', args: bound };
}

/* ------------------------------------------------------------------------------------------------
 * Calls
 * ---------------------------------------------------------------------------------------------- */

function bindCall(e: Call, env: ExprEnv): PExpr {
  const name = e.name.name;
  const special = bindSpecialCall(e, env);
  if (special !== undefined) return special;

  const sym = env.scope.lookup(name);
  if (sym?.kind === 'function') return inlineScalarFunction(sym, e.args, e.span, env, e.namedArgs);
  if (sym?.kind === 'scalar' && e.args.length === 0) return sym.expr;

  const agg = getAggregate(name);
  if (agg && !getScalarFunction(name)) {
    if (!env.aggregates) {
      report(env.ctx, DIAG.aggregateOutsideSummarize(name), e.name.span);
      return ERROR_EXPR;
    }
    return bindAggregateCall(e, env);
  }

  const fn = getScalarFunction(name);
  if (!fn) {
    const refused = refusal(name);
    if (refused) {
      report(env.ctx, DIAG.notAvailableLocally(`${name}()`, refused.needs, refused.runsIn), e.name.span);
      return ERROR_EXPR;
    }
    const cloud = cloudOnlyFunction(name);
    if (cloud) {
      report(env.ctx, DIAG.cloudOnlyFunction(name, cloud), e.name.span);
      return ERROR_EXPR;
    }
    report(env.ctx, DIAG.unknownFunction(name, suggest(name, allFunctionNames())), e.name.span);
    // Bind the arguments anyway, so mistakes inside them are reported too.
    for (const a of e.args) bindScalar(a, env);
    return ERROR_EXPR;
  }
  if (fn.flags?.cloudOnly) {
    report(env.ctx, DIAG.cloudOnlyFunction(name, fn.flags.cloudOnly), e.name.span);
    return ERROR_EXPR;
  }
  const syntaxArgs = positionalArgs(e);
  const args = syntaxArgs.map((a) => bindScalar(a, env));
  checkArity(name, fn.minArgs, fn.maxArgs, args.length, e.span, env);
  checkArgTypes(name, fn.params, args, syntaxArgs, env);
  const constArgs = args.map((a) => (isConst(a) ? a.value : undefined));
  const argTypes = args.map((a) => a.type);
  let type: ScalarType;
  try {
    type = typeof fn.returns === 'function' ? fn.returns(argTypes, constArgs) : fn.returns;
  } catch {
    type = 'dynamic';
  }
  return { kind: 'Call', type, fn: fn.name, args };
}

/**
 * The arguments of a built-in call in written order. Kusto accepts `name = value` arguments in a
 * call (`bin(T5 = Timestamp, 5m)`, `strlen(source = s)`) and passes them by position; the name only
 * names a `by` column (see naming.ts keyName).
 */
export function positionalArgs(e: Call): readonly Expr[] {
  if (e.namedArgs.length === 0) return e.args;
  return [...e.args, ...e.namedArgs.map((n) => n.expr)].sort((a, b) => a.span.start - b.span.start);
}

export function checkArity(name: string, min: number, max: number, got: number, span: Span, env: ExprEnv): boolean {
  if (got >= min && got <= max) return true;
  const expected =
    min === max ? String(min) : max === Number.POSITIVE_INFINITY ? `at least ${min}` : `${min} to ${max}`;
  report(env.ctx, DIAG.wrongArgCount(name, expected, got), span);
  return false;
}

export function checkArgTypes(
  name: string,
  params: readonly ParamKind[],
  args: readonly PExpr[],
  syntax: readonly Expr[],
  env: ExprEnv,
): void {
  for (let i = 0; i < args.length; i++) {
    const kind = params[Math.min(i, params.length - 1)];
    const arg = args[i]!;
    if (kind === undefined || arg === ERROR_EXPR) continue;
    if (!accepts(kind, arg.type)) {
      report(
        env.ctx,
        DIAG.wrongArgType(name, i, describeKind(kind), arg.type),
        syntax[i]?.span ?? { start: 0, end: 0 },
      );
    }
  }
}

/** Whether a parameter of `kind` accepts an argument of type `t` (implicit conversions included). */
export function accepts(kind: ParamKind, t: ScalarType): boolean {
  if (t === 'dynamic' || kind === 'any' || kind === 'dynamic') return true;
  switch (kind) {
    case 'numeric':
      return t === 'int' || t === 'long' || t === 'real' || t === 'decimal';
    case 'summable':
      return t === 'int' || t === 'long' || t === 'real' || t === 'decimal' || t === 'timespan';
    case 'orderable':
      return t !== 'guid';
    case 'string-ish':
      return true;
    case 'datetime-ish':
      return t === 'datetime' || t === 'string';
    case 'int':
    case 'long':
    case 'real':
    case 'decimal':
      return t === 'int' || t === 'long' || t === 'real' || t === 'decimal' || t === 'bool';
    case 'string':
      return true;
    case 'guid':
      return t === 'guid' || t === 'string';
    default:
      return kind === t;
  }
}

function describeKind(kind: ParamKind): string {
  switch (kind) {
    case 'numeric':
      return 'a number';
    case 'summable':
      return 'a number or timespan';
    case 'orderable':
      return 'a comparable value';
    case 'string-ish':
      return 'a string';
    case 'datetime-ish':
      return 'a datetime';
    default:
      return `of type ${kind}`;
  }
}

/** Binds an aggregate call inside summarize: registers it with the sink, returns a column ref. */
export function bindAggregateCall(e: Call, env: ExprEnv, outputName?: string): PExpr {
  const agg = bindAggregate(e, env, outputName);
  if (!agg || !env.aggregates) return ERROR_EXPR;
  return env.aggregates.add(agg);
}

/** Resolves one aggregate call to a PAggregate (outputs named), or undefined after an error. */
export function bindAggregate(
  e: Call,
  env: ExprEnv,
  outputName?: string,
  reserved: ReadonlySet<string> = new Set(),
): PAggregate | undefined {
  const name = e.name.name;
  const agg = getAggregate(name);
  if (!agg) {
    report(env.ctx, DIAG.notAnAggregate(name), e.name.span);
    return undefined;
  }
  // Arguments of an aggregate are row-level expressions: no nested aggregates.
  const argEnv: ExprEnv = { ...env, aggregates: undefined };
  const isArgMinMax = agg.name === 'arg_max' || agg.name === 'arg_min';
  const args: PExpr[] = [];
  const argNames: (string | undefined)[] = [];
  for (const a of e.args) {
    if (a.kind === 'Star') {
      if (!isArgMinMax) {
        report(env.ctx, DIAG.unexpectedToken("'*'"), a.span);
        continue;
      }
      env.row.columns.forEach((c, i) => {
        if (reserved.has(c.name)) return;
        args.push({ kind: 'Column', type: c.type, index: i, name: c.name });
        argNames.push(c.name);
      });
      continue;
    }
    args.push(bindScalar(a, argEnv));
    argNames.push(simpleName(a));
  }
  if (!checkArity(name, agg.minArgs, isArgMinMax ? Number.POSITIVE_INFINITY : agg.maxArgs, e.args.length, e.span, env))
    return undefined;
  const constIdx = new Set(agg.constArgs ?? []);
  const constArgs = args.map((a, i) => (constIdx.has(i) && isConst(a) ? a.value : undefined));
  const argTypes = args.map((a) => a.type);
  let type: ScalarType;
  try {
    type = typeof agg.returns === 'function' ? agg.returns(argTypes, constArgs) : agg.returns;
  } catch {
    type = 'dynamic';
  }
  const firstName = argNames[0];
  if (isArgMinMax) {
    // Output: the maximised expression, then each returned column (duplicates of it dropped).
    const outputs: { name: string; type: ScalarType }[] = [];
    const seen = new Set<string>();
    const first = outputName ?? firstName ?? `${agg.name === 'arg_max' ? 'max' : 'min'}_expr`;
    outputs.push({ name: first, type: args[0]?.type ?? 'dynamic' });
    seen.add(first);
    const rest: PExpr[] = [args[0] ?? ERROR_EXPR];
    for (let i = 1; i < args.length; i++) {
      let n = argNames[i] ?? `${agg.name === 'arg_max' ? 'max' : 'min'}_${firstName ?? 'expr'}_arg${i}`;
      if (seen.has(n)) {
        if (e.args.some((a) => a.kind === 'Star') && n === firstName) continue;
        n = uniqueName(n, seen);
      }
      seen.add(n);
      outputs.push({ name: n, type: args[i]!.type });
      rest.push(args[i]!);
    }
    return { fn: agg.name, args: rest, outputs, constArgs: [] };
  }
  // count(x) counts rows like count() (the engine does not skip nulls); only the name differs.
  const callArgs = agg.name === 'count' ? [] : args;
  let names = aggregateOutputNames(agg, firstName, constArgs);
  // Two-variable statistics name both columns: covariance(x, y) → covariance_x_y.
  if (TWO_VARIABLE.has(agg.name) && names.length === 1 && argNames[1]) names = [`${names[0]}_${argNames[1]}`];
  if (names.length > 1) {
    // percentiles(x, 50, 95) and friends: one output column per requested value.
    const outputs = names.map((n, i) => ({ name: i === 0 && outputName ? outputName : n, type }));
    return { fn: agg.name, args: callArgs, outputs, constArgs: [] };
  }
  const outName = outputName ?? names[0] ?? agg.defaultName(firstName, constArgs);
  // Constant arguments stay in `args` as Const nodes; the executor reads them by position.
  return { fn: agg.name, args: callArgs, outputs: [{ name: outName, type }], constArgs: [] };
}

function uniqueName(base: string, seen: ReadonlySet<string>): string {
  for (let i = 1; ; i++) if (!seen.has(`${base}${i}`)) return `${base}${i}`;
}

/** The column name an expression carries when it is a plain column (or `d.x` → `d_x`). */
export function simpleName(e: Expr): string | undefined {
  switch (e.kind) {
    case 'NameRef':
      return e.name.startsWith('$') ? undefined : e.name;
    case 'MemberAccess': {
      if (e.target.kind === 'NameRef' && (e.target.name === '$left' || e.target.name === '$right')) return e.name.name;
      const base = simpleName(e.target);
      return base ? `${base}_${e.name.name}` : undefined;
    }
    case 'IndexAccess': {
      const base = simpleName(e.target);
      if (base && e.index.kind === 'Literal' && typeof e.index.value === 'string') return `${base}_${e.index.value}`;
      return undefined;
    }
    case 'Paren':
      return simpleName(e.expr);
    default:
      return undefined;
  }
}
