/**
 * What a target lacks, found by the engine before anything is sent: the query is parsed and bound
 * against the built-in schemas, and the engine's cloud-only diagnostics (KQL501 functions, KQL502
 * tables, see src/kql/semantics/cloud.ts) say which product a name belongs to. A function of another
 * product (FileProfile() on ADX, _GetWatchlist() on Defender) is an error: the query is not sent. A
 * table of another product is a warning (it may have been ingested there). Syntax errors are errors.
 */
import { bind, type Diagnostic, parse } from '../kql/engine.js';
import { schemaCatalog } from '../telemetry/schemas.js';
import type { TargetKind } from './types.js';

const PRODUCTS: Readonly<Record<Exclude<TargetKind, 'local'>, { readonly has: string; readonly label: string }>> = {
  adx: { has: 'Azure Data Explorer', label: 'Azure Data Explorer' },
  'log-analytics': { has: 'Microsoft Sentinel / Log Analytics', label: 'Log Analytics' },
  defender: { has: 'Microsoft Defender XDR', label: 'Defender XDR advanced hunting' },
};

export function targetDiagnostics(kind: TargetKind, address: string, text: string): Diagnostic[] {
  if (kind === 'local') return [];
  const product = PRODUCTS[kind];
  const parsed = parse(text);
  const syntax = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (syntax.length > 0) return syntax;
  const bound = bind(parsed, { catalog: schemaCatalog() });
  const out: Diagnostic[] = [];
  for (const d of bound.diagnostics) {
    if (d.code !== 'KQL501' && d.code !== 'KQL502') continue;
    if (d.message.includes(product.has)) continue;
    const name = /'([^']+)'/.exec(d.message)?.[1] ?? '?';
    const owner = /only in (.+?)(?:, not locally|;)/.exec(d.message)?.[1] ?? 'another product';
    out.push(
      d.code === 'KQL501'
        ? {
            ...d,
            severity: 'error',
            message: `${name}() exists only in ${owner}; ${address} (${product.label}) lacks it.`,
          }
        : {
            ...d,
            severity: 'warning',
            message: `Table '${name}' belongs to ${owner}; ${address} has it only if it was ingested there.`,
          },
    );
  }
  return out;
}
