/**
 * Query analysis shared by check and explain: parse, then optionally bind, never throwing. An
 * exception from an engine stage is a bug, reported as an internal diagnostic (KQL901) so a batch
 * keeps going.
 */
import { type BoundQuery, bind, type Catalog, DIAG, type Diagnostic, type ParseResult, parse } from '../kql/engine.js';

export interface Analysis {
  readonly parsed: ParseResult | undefined;
  readonly bound: BoundQuery | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

export function internalDiagnostic(e: unknown): Diagnostic {
  const message = e instanceof Error ? e.message : String(e);
  return { ...DIAG.internal(message), line: 1, column: 1, length: 0, offset: 0 };
}

export function analyze(text: string, catalog: Catalog | undefined): Analysis {
  let parsed: ParseResult;
  try {
    parsed = parse(text);
  } catch (e) {
    return { parsed: undefined, bound: undefined, diagnostics: [internalDiagnostic(e)] };
  }
  if (!catalog) return { parsed, bound: undefined, diagnostics: parsed.diagnostics };
  try {
    const bound = bind(parsed, { catalog });
    return { parsed, bound, diagnostics: mergeDiagnostics(parsed.diagnostics, bound.diagnostics) };
  } catch (e) {
    return { parsed, bound: undefined, diagnostics: [...parsed.diagnostics, internalDiagnostic(e)] };
  }
}

/** The binder repeats the parse diagnostics; keep each one once, in stage order. */
export function mergeDiagnostics(first: readonly Diagnostic[], second: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => `${d.code}@${d.offset}+${d.length}:${d.message}`;
  const seen = new Set(first.map(key));
  return [...first, ...second.filter((d) => !seen.has(key(d)))];
}
