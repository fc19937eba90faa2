/**
 * Where a rule's query sits in its file. Engine diagnostics are relative to the query text; lint
 * output and the catalog place them in the file by adding this anchor.
 */
import type { QueryAnchor, Rule } from './model.js';

/**
 * Finds the query in a Sentinel YAML file: `query: |` (block scalar: text starts on the next line
 * at its indentation) or `query: text` on one line. Markdown: the n-th ```kql/```kusto fence.
 */
export function queryAnchor(fileText: string, rule: Pick<Rule, 'format' | 'source'>): QueryAnchor | undefined {
  const lines = fileText.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (rule.format === 'markdown') {
    let n = -1;
    for (let i = 0; i < lines.length; i++) {
      if (/^\s*```\s*(kql|kusto)\b/i.test(lines[i]!) && ++n === (rule.source.block ?? 0))
        return { line: i + 1, indent: 0 };
    }
    return undefined;
  }
  for (let i = 0; i < lines.length; i++) {
    const m = /^query\s*:\s*(.*)$/.exec(lines[i]!);
    if (!m) continue;
    const rest = m[1]!.trim();
    if (rest !== '' && !/^[|>]/.test(rest)) return { line: i, indent: lines[i]!.indexOf(rest) };
    for (let j = i + 1; j < lines.length; j++) {
      if (lines[j]!.trim() === '') continue;
      return { line: j, indent: /^\s*/.exec(lines[j]!)![0].length };
    }
  }
  return undefined;
}

/** A query-relative position (1-based line and column) moved into the file. */
export function filePosition(
  anchor: QueryAnchor | undefined,
  line: number,
  column: number,
): { line: number; column: number } {
  return anchor ? { line: anchor.line + line, column: anchor.indent + column } : { line, column };
}
