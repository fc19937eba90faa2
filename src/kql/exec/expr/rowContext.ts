/**
 * Window functions over the serialized row stream: row_number, prev, next, row_cumsum,
 * row_rank_dense, row_rank_min. The library flags them `rowContext`; they need the position of the
 * current row in the operator's output order, which the operator loop keeps in a RowCursor.
 * Stateful ones (row_number, row_cumsum, ranks) assume rows are evaluated once each, in order.
 */
import { DIAG } from '../../diagnostics.js';
import { type Long, longAdd } from '../../long.js';
import type { PCall, PExpr } from '../../plan/nodes.js';
import type { KqlValue } from '../../types.js';
import { keyOf } from '../compare.js';
import { ExecError } from '../context.js';
import type { Evaluator } from './columns.js';

export interface RowCursor {
  /** Position of the current row in output order. */
  pos: number;
  /** Physical rows in output order (undefined = identity). */
  rows: Int32Array | undefined;
  /** Number of rows in the stream. */
  count: number;
}

const ROW_CONTEXT_FNS = new Set(['row_number', 'prev', 'next', 'row_cumsum', 'row_rank_dense', 'row_rank_min']);

export function isRowContextFn(fn: string): boolean {
  return ROW_CONTEXT_FNS.has(fn);
}

export function compileRowContextCall(
  call: PCall,
  cursor: RowCursor | undefined,
  compileArg: (e: PExpr) => Evaluator,
): Evaluator {
  if (cursor === undefined) {
    throw new ExecError(
      DIAG.runtime(`${call.fn}() needs serialized rows: add '| serialize' or '| sort' before this operator.`),
    );
  }
  const args = call.args.map(compileArg);
  const arg = (i: number): Evaluator | undefined => args[i];
  switch (call.fn) {
    case 'row_number':
      return rowNumber(arg(0), arg(1));
    case 'row_cumsum':
      return call.args[0]?.type === 'long' || call.args[0]?.type === 'int'
        ? longCumsum(arg(0) ?? (() => null), arg(1))
        : rowCumsum(arg(0) ?? (() => null), arg(1));
    case 'prev':
    case 'next':
      return shifted(cursor, call.fn === 'prev' ? -1 : 1, arg(0) ?? (() => null), arg(1), arg(2));
    case 'row_rank_dense':
    case 'row_rank_min':
      return rowRank(call.fn === 'row_rank_dense', arg(0) ?? (() => null), arg(1));
    default:
      throw new ExecError(DIAG.unsupportedLocally(`Function '${call.fn}'`));
  }
}

function rowNumber(start: Evaluator | undefined, restart: Evaluator | undefined): Evaluator {
  let n = 0;
  let first = true;
  return (r) => {
    const s = start === undefined ? 1 : Number(start(r) ?? 1);
    if (first || (restart !== undefined && restart(r) === true)) {
      n = s;
      first = false;
    } else n++;
    return n;
  };
}

function rowCumsum(term: Evaluator, restart: Evaluator | undefined): Evaluator {
  let sum: number | bigint | null = null;
  return (r) => {
    const v = term(r);
    if (restart !== undefined && restart(r) === true) sum = null;
    if (typeof v === 'number') sum = typeof sum === 'number' ? sum + v : v;
    else if (typeof v === 'bigint') sum = typeof sum === 'bigint' ? sum + v : v;
    return sum ?? (typeof v === 'bigint' ? 0n : 0);
  };
}

/** row_cumsum of longs: exact, wrapping around as long arithmetic does (long.ts). */
function longCumsum(term: Evaluator, restart: Evaluator | undefined): Evaluator {
  let sum: Long | null = null;
  return (r) => {
    const v = term(r);
    if (restart !== undefined && restart(r) === true) sum = null;
    if (typeof v === 'number' || typeof v === 'bigint') sum = sum === null ? v : longAdd(sum, v);
    return sum ?? 0;
  };
}

function shifted(
  cursor: RowCursor,
  dir: -1 | 1,
  value: Evaluator,
  offset: Evaluator | undefined,
  dflt: Evaluator | undefined,
): Evaluator {
  return (r) => {
    const off = offset === undefined ? 1 : Number(offset(r) ?? 1);
    const p = cursor.pos + dir * off;
    if (p < 0 || p >= cursor.count) return dflt === undefined ? null : dflt(r);
    const phys = cursor.rows === undefined ? p : (cursor.rows[p] as number);
    return value(phys);
  };
}

/** Dense rank counts distinct runs; min rank is the position where the current run started. */
function rowRank(dense: boolean, term: Evaluator, restart: Evaluator | undefined): Evaluator {
  let prevKey: string | undefined;
  let rank = 0;
  let position = 0;
  return (r) => {
    // A true restart argument starts a new partition: ranks count from 1 again.
    if (restart !== undefined && restart(r) === true) {
      prevKey = undefined;
      rank = 0;
      position = 0;
    }
    position++;
    const key = keyOf(term(r) as KqlValue);
    if (key !== prevKey) {
      rank = dense ? rank + 1 : position;
      prevKey = key;
    }
    return rank;
  };
}
