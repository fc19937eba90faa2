/**
 * The tuned query: the rule's KQL with one `| where not(<exclusion>)` line per enabled exclusion,
 * inserted at the pipeline's exclusion point (see pipeline.ts). Everything else in the text is left
 * byte-identical, so the tuned rule diffs cleanly against upstream and exports as plain KQL.
 */
import type { Diagnostic } from '../../kql/engine.js';
import { compileExclusion } from './compile.js';
import { EXC_DIAG, excAt } from './diagnostics.js';
import { parseExclusion } from './parser.js';
import { pipelineShape } from './pipeline.js';
import type { Exclusion } from './types.js';

export interface ExclusionCompileResult {
  readonly id: string;
  /** The KQL predicate, when the exclusion parsed and every field mapped. */
  readonly kql: string | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

export interface TunedQuery {
  readonly text: string;
  /** The table exclusion fields were mapped against. */
  readonly table: string | undefined;
  /** Offset in the original query where the exclusion lines were inserted. */
  readonly insertAt: number;
  /** The inserted text (empty when nothing applied). */
  readonly inserted: string;
  /** One entry per exclusion passed in (disabled ones carry no KQL and are not inserted). */
  readonly results: readonly ExclusionCompileResult[];
}

/** Compiles one exclusion expression for `table`. */
export function compileForTable(expression: string, table: string | undefined): Omit<ExclusionCompileResult, 'id'> {
  const parsed = parseExclusion(expression);
  if (!parsed.expr) return { kql: undefined, diagnostics: parsed.diagnostics };
  if (!table) return { kql: undefined, diagnostics: [excAt(EXC_DIAG.noTable(), expression, 0, 0)] };
  const compiled = compileExclusion(expression, parsed.expr, table);
  return { kql: compiled.kql, diagnostics: [...parsed.diagnostics, ...compiled.diagnostics] };
}

/** One line per exclusion: a comment naming it, then the filter (the comment never shares a line with query text). */
export function exclusionLines(items: readonly { readonly id: string; readonly kql: string }[]): string {
  return items.map((x) => `\n// kqlhunt exclusion: ${x.id.replace(/[\r\n]+/g, ' ')}\n| where not(${x.kql})`).join('');
}

/** Inserts every enabled exclusion that compiles into `query`. */
export function tuneQuery(query: string, exclusions: readonly Exclusion[], tableOverride?: string): TunedQuery {
  const shape = pipelineShape(query);
  const table = tableOverride ?? shape?.table;
  const results: ExclusionCompileResult[] = exclusions.map((x) =>
    x.enabled ? { id: x.id, ...compileForTable(x.expression, table) } : { id: x.id, kql: undefined, diagnostics: [] },
  );
  if (!shape) return { text: query, table, insertAt: query.length, inserted: '', results };
  const applied = results.filter((r): r is ExclusionCompileResult & { kql: string } => r.kql !== undefined);
  const inserted = exclusionLines(applied);
  return {
    text: query.slice(0, shape.insertAt) + inserted + query.slice(shape.insertAt),
    table,
    insertAt: shape.insertAt,
    inserted,
    results,
  };
}
