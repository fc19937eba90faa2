/**
 * parse / parse-where / parse-kv. The pattern becomes one RE2 regular expression with a group per
 * capture (built here, once), so the executor only matches and converts.
 */
import type { OperatorParam, ParseKvOp, ParseOp } from '../../syntax/ast.js';
import type { ColumnSchema, ScalarType } from '../../types.js';
import { exprEnv, paramText } from '../operators.js';
import { bindScalar } from '../scalar.js';
import { rowType } from '../scope.js';
import type { Bound, TabEnv } from '../tabular.js';

/** Escapes text for use as a literal inside an RE2 pattern. */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/**
 * Regex-mode text parts are regex, but only the pattern's columns may capture: `(x)` in a text
 * part becomes `(?:x)` so capture numbers stay aligned with the columns.
 */
export function nonCapturing(regex: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < regex.length; i++) {
    const ch = regex[i]!;
    if (ch === '\\') {
      out += ch + (regex[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    out += ch === '(' && !inClass && regex[i + 1] !== '?' ? '(?:' : ch;
  }
  return out;
}

function capturePattern(
  type: ScalarType,
  mode: 'simple' | 'regex' | 'relaxed',
  last: boolean,
  nextIsText: boolean,
): string {
  if (mode === 'relaxed' && (type === 'int' || type === 'long' || type === 'real' || type === 'decimal')) {
    // Relaxed: text that is not a number leaves the capture null and the rest still parses, so the
    // number is optional and whatever stands before the next literal is skipped.
    const n = type === 'int' || type === 'long' ? '(-?\\d+)?' : '(-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)?';
    return n + (last ? '.*' : nextIsText ? '.*?' : '');
  }
  if (mode === 'simple') {
    if (type === 'int' || type === 'long') return '(-?\\d+)';
    if (type === 'real' || type === 'decimal') return '(-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)';
  }
  // regex mode is plain regex semantics: captures are greedy unless the U flag swaps them;
  // simple/relaxed captures stop at the first occurrence of the text that follows.
  if (mode === 'regex') {
    if (type === 'int' || type === 'long') return '(-?\\d+)';
    if (type === 'real' || type === 'decimal') return '(-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)';
    return '(.*)';
  }
  return last ? '(.*)' : '(.*?)';
}

export function buildParseRegex(parts: ParseOp['parts'], mode: 'simple' | 'regex' | 'relaxed'): string {
  let out = '';
  parts.forEach((p, i) => {
    const last = parts.slice(i + 1).every((q) => q.kind !== 'Text');
    if (p.kind === 'Text') out += mode === 'regex' ? nonCapturing(p.text) : escapeRegex(p.text);
    else if (p.kind === 'Wildcard') out += last || mode === 'regex' ? '.*' : '.*?';
    else out += capturePattern(p.type?.type ?? 'string', mode, last, parts[i + 1]?.kind === 'Text');
  });
  return `^${out}`;
}

function param(params: readonly OperatorParam[], name: string): string | undefined {
  const p = params.find((x) => x.name === name);
  return p ? paramText(p.value) : undefined;
}

export function bindParse(op: ParseOp, input: Bound, env: TabEnv): Bound {
  const kind = (param(op.params, 'kind') ?? 'simple').toLowerCase();
  const mode = kind === 'regex' ? 'regex' : kind === 'relaxed' ? 'relaxed' : 'simple';
  const source = bindScalar(op.source, exprEnv(env, input.row));
  const columns: ColumnSchema[] = [...input.row.columns];
  const passThrough = columns.map((_, i) => i);
  const captureColumns: number[] = [];
  for (const p of op.parts) {
    if (p.kind !== 'Capture') continue;
    const col = { name: p.name.name, type: p.type?.type ?? 'string' };
    let at = columns.findIndex((c) => c.name === col.name);
    if (at >= 0) {
      columns[at] = col;
      passThrough[at] = -1;
    } else {
      at = columns.length;
      columns.push(col);
      passThrough.push(-1);
    }
    captureColumns.push(at);
  }
  return {
    plan: {
      kind: 'Parse',
      schema: { columns },
      input: input.plan,
      source,
      mode,
      regex: buildParseRegex(op.parts, mode),
      flags: param(op.params, 'flags') ?? '',
      captureColumns,
      passThrough,
      dropUnmatched: op.where,
    },
    row: rowType(columns, input.row.open),
  };
}

export function bindParseKv(op: ParseKvOp, input: Bound, env: TabEnv): Bound {
  const source = bindScalar(op.source, exprEnv(env, input.row));
  const keys = op.columns.map((c) => ({ name: c.name.name, type: c.type.type ?? 'string' }));
  const columns: ColumnSchema[] = [...input.row.columns, ...keys];
  const greedy = (param(op.properties, 'greedy') ?? 'false').toLowerCase() === 'true';
  return {
    plan: {
      kind: 'ParseKv',
      schema: { columns },
      input: input.plan,
      source,
      keys,
      pairDelimiter: param(op.properties, 'pair_delimiter'),
      kvDelimiter: param(op.properties, 'kv_delimiter'),
      quote: param(op.properties, 'quote'),
      escape: param(op.properties, 'escape'),
      greedy,
      regex: param(op.properties, 'regex'),
      passThrough: input.row.columns.map((_, i) => i),
    },
    row: rowType(columns, input.row.open),
  };
}
