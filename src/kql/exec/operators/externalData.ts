/**
 * ExternalData: reads only local files listed (or under directories listed) in
 * options.allowFiles, as CSV, TSV or JSON lines. URLs and anything else fail with KQL606; the
 * network is never touched.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIAG } from '../../diagnostics.js';
import type { ExternalDataNode } from '../../plan/nodes.js';
import type { KqlValue } from '../../types.js';
import { tableFromValues } from '../build.js';
import { type ExecContext, ExecError } from '../context.js';
import { type Relation, relationOf } from '../relation.js';
import { delimitedRows, jsonLineRows } from './textFormats.js';

/** The real path of an allowed local file, or undefined. */
function allowedPath(uri: string, allow: readonly string[]): string | undefined {
  let path: string;
  if (/^file:\/\//i.test(uri)) {
    try {
      path = fileURLToPath(uri);
    } catch {
      return undefined;
    }
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) return undefined;
  else path = uri;
  const real = realOrUndefined(resolve(path));
  if (real === undefined) return undefined;
  for (const entry of allow) {
    const root = realOrUndefined(resolve(entry));
    if (root === undefined) continue;
    const rel = relative(root, real);
    if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) return real;
  }
  return undefined;
}

function realOrUndefined(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

function formatOf(node: ExternalDataNode, path: string): 'csv' | 'tsv' | 'json' | undefined {
  const f =
    (node.format ?? node.properties.format ?? '').toLowerCase() || path.split('.').pop()?.toLowerCase() || 'csv';
  if (f === 'csv' || f === 'txt') return 'csv';
  if (f === 'tsv' || f === 'tsve') return 'tsv';
  if (f === 'json' || f === 'multijson' || f === 'jsonl' || f === 'ndjson') return 'json';
  return undefined;
}

export function runExternalData(node: ExternalDataNode, ctx: ExecContext): Relation {
  const allow = ctx.options.allowFiles ?? [];
  const skipFirst =
    (node.properties.ignorefirstrecord ?? node.properties.ignoreFirstRecord ?? '').toLowerCase() === 'true';
  const rows: KqlValue[][] = [];
  for (const uri of node.uris) {
    const path = allowedPath(uri, allow);
    if (path === undefined) throw new ExecError(DIAG.externalDataDenied(uri));
    const format = formatOf(node, path);
    if (format === undefined) throw new ExecError(DIAG.unsupportedLocally(`externaldata format '${node.format}'`));
    const text = readFileSync(path, 'utf8');
    const got =
      format === 'json'
        ? jsonLineRows(text, node.schema)
        : delimitedRows(text, format === 'tsv' ? '\t' : ',', node.schema, skipFirst);
    rows.push(...got);
    ctx.checkRows(rows.length);
  }
  return relationOf(tableFromValues(node.schema, rows, ctx));
}
