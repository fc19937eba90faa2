/**
 * Microsoft's Kusto.Language binder over our table schemas: ParseAndAnalyze with a database whose
 * tables are the built-in Defender XDR device-table schemas, so a query's names and types are checked
 * the way the service checks them (semantic diagnostics, not only syntax).
 */
import { createRequire } from 'node:module';
import { knownTableNames, tableSchema } from '../../src/telemetry/schemas.js';

interface BridgeDiagnostic {
  readonly Code: string;
  readonly Severity: string;
  readonly Message: string;
  readonly Start: number;
}
type BridgeList<T> = readonly T[] | { readonly Count: number; getItem(i: number): T };

// biome-ignore lint/suspicious/noExplicitAny: the Bridge.NET build has no type declarations.
type Any = any;
let globals: Any;

function load(): Any {
  if (globals) return globals;
  const require = createRequire(import.meta.url);
  require('@kusto/language-service-next/bridge.js');
  require('@kusto/language-service-next/Kusto.Language.Bridge.js');
  const g = globalThis as Any;
  const K = g.Kusto.Language;
  const S = K.Symbols;
  const members = new (g.System.Collections.Generic.List$1(S.Symbol).ctor)();
  // The Defender XDR device tables, SecurityEvent and WindowsEvent are what converted rules read; all 700+ tables would only slow this down.
  for (const name of knownTableNames().filter(
    (n) => n.startsWith('Device') || n === 'SecurityEvent' || n === 'WindowsEvent',
  )) {
    const schema = tableSchema(name);
    if (!schema || schema.columns.length === 0) continue;
    const cols = schema.columns.map((c) => `['${c.name}']:${c.type}`).join(', ');
    members.add(S.TableSymbol.From(`(${cols})`).WithName(name));
  }
  globals = { K, state: K.GlobalState.Default.WithDatabase(new S.DatabaseSymbol.$ctor1('db', members, false)) };
  return globals;
}

function toArray<T>(list: BridgeList<T>): T[] {
  if (Array.isArray(list)) return [...(list as readonly T[])];
  const l = list as { readonly Count: number; getItem(i: number): T };
  return Array.from({ length: l.Count }, (_, i) => l.getItem(i));
}

/** Errors Kusto.Language reports for `text` (syntax and binding) against the built-in schemas. */
export function officialBindErrors(text: string): { code: string; message: string; start: number }[] {
  const { K, state } = load();
  const code = K.KustoCode.ParseAndAnalyze(text, state, null);
  return toArray<BridgeDiagnostic>(code.GetDiagnostics())
    .filter((d) => String(d.Severity) === 'Error')
    .map((d) => ({ code: d.Code, message: d.Message, start: d.Start }));
}
