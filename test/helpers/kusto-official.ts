/**
 * Microsoft's official KQL parser (Kusto.Language, the Bridge.NET build in
 * @kusto/language-service-next) for differential tests. The build is a browser-style script that
 * defines globals (`Bridge`, `Kusto`, `System`), so it is loaded once with require.
 */
import { createRequire } from 'node:module';

export interface OfficialDiagnostic {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly start: number;
  readonly length: number;
}

interface BridgeDiagnostic {
  readonly Code: string;
  readonly Severity: string;
  readonly Message: string;
  readonly Start: number;
  readonly Length: number;
}

/** A .NET IReadOnlyList as Bridge exposes it: a JS array for arrays, Count/getItem for lists. */
type BridgeList<T> = readonly T[] | { readonly Count: number; getItem(i: number): T };

interface KustoGlobal {
  readonly Language: {
    readonly KustoCode: {
      Parse(text: string): { GetSyntaxDiagnostics(): BridgeList<BridgeDiagnostic> };
    };
  };
}

let kusto: KustoGlobal | undefined;

function load(): KustoGlobal {
  if (!kusto) {
    const require = createRequire(import.meta.url);
    require('@kusto/language-service-next/bridge.js');
    require('@kusto/language-service-next/Kusto.Language.Bridge.js');
    kusto = (globalThis as unknown as { Kusto: KustoGlobal }).Kusto;
  }
  return kusto;
}

function toArray<T>(list: BridgeList<T>): T[] {
  if (Array.isArray(list)) return [...(list as readonly T[])];
  const l = list as { readonly Count: number; getItem(i: number): T };
  return Array.from({ length: l.Count }, (_, i) => l.getItem(i));
}

/** Syntax diagnostics only (no binding): what decides accept/reject for the differential test. */
export function officialSyntaxDiagnostics(text: string): OfficialDiagnostic[] {
  const code = load().Language.KustoCode.Parse(text);
  return toArray(code.GetSyntaxDiagnostics()).map((d) => ({
    code: d.Code,
    severity: String(d.Severity),
    message: d.Message,
    start: d.Start,
    length: d.Length,
  }));
}

export function officialSyntaxErrors(text: string): OfficialDiagnostic[] {
  return officialSyntaxDiagnostics(text).filter((d) => d.severity === 'Error');
}
