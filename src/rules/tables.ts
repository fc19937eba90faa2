/**
 * Which tables a query reads: names in tabular position of the engine's syntax tree (the source
 * of a pipeline, `union`/`find`/`search` inputs, `join`/`lookup` right sides, `table('x')`),
 * minus names the query binds itself (`let`, function parameters).
 *
 * While the engine's parser is still a stub (it returns no statements), a lexical scan stands in
 * so that catalogs are not empty; it is used only in that case.
 */
import { type AnyNode, type Expr, parse, type Query, walkSyntax } from '../kql/engine.js';

function unwrap(expr: Expr): Expr {
  let e = expr;
  while (e.kind === 'Paren') e = e.expr;
  return e;
}

/** The table name an expression in tabular position names, if it is a bare name or table('x'). */
function tabularName(expr: Expr): string | undefined {
  const e = unwrap(expr);
  if (e.kind === 'NameRef') return e.name;
  if (e.kind === 'Call' && e.name.name === 'table' && e.target === undefined) {
    const arg = e.args[0];
    if (arg?.kind === 'Literal' && typeof arg.value === 'string') return arg.value;
  }
  return undefined;
}

/** Expressions in tabular position directly under `node`. */
function tabularSlots(node: AnyNode): readonly Expr[] {
  switch (node.kind) {
    case 'ExprStatement':
      return [node.expr];
    case 'Let':
      return node.value.kind === 'FunctionDecl' ? [] : [node.value];
    case 'Pipe':
      return [node.source];
    case 'Join':
    case 'Lookup':
      return [node.right];
    case 'Union':
    case 'Find':
    case 'Search':
      return node.tables;
    default:
      return [];
  }
}

/** Tables referenced by a parsed query (syntax tree walk). */
export function tablesOfTree(query: Query): string[] {
  const bound = new Set<string>();
  const found = new Set<string>();
  walkSyntax(query, (node) => {
    if (node.kind === 'Let' || node.kind === 'Param') bound.add(node.name.name);
    for (const slot of tabularSlots(node)) {
      const name = tabularName(slot);
      if (name !== undefined) found.add(name);
    }
  });
  return [...found].filter((n) => !bound.has(n) && !n.startsWith('$') && !n.includes('*')).sort();
}

/** Tables referenced by query text. */
export function tablesOfQuery(text: string): string[] {
  const parsed = parse(text);
  if (parsed.query.statements.length > 0) return tablesOfTree(parsed.query);
  return hasCode(text) ? tablesByScan(text) : [];
}

function hasCode(text: string): boolean {
  return stripCommentsAndStrings(text).trim().length > 0;
}

/** Blanks out comments and string literals so the scan below sees only code. */
function stripCommentsAndStrings(text: string): string {
  return text.replace(/\/\/[^\n]*|@?'(?:[^'\\\n]|\\.)*'|@?"(?:[^"\\\n]|\\.)*"/g, (m) => ' '.repeat(m.length));
}

/**
 * Interim lexical stand-in: a capitalised name at the very start of a line, or after `;`, `(` or
 * `=`, that a pipe, `;` or `)` follows. Indented lines are skipped (they continue `by` lists).
 */
function tablesByScan(text: string): string[] {
  const code = stripCommentsAndStrings(text);
  const lets = new Set([...code.matchAll(/\blet\s+([A-Za-z_]\w*)/g)].map((m) => m[1] as string));
  const found = new Set<string>();
  for (const m of code.matchAll(/(?:^|(?:;|(?<!\w)\(|=)[ \t]*)([A-Z]\w*)\s*(?=\||;|\)|$(?![\s\S]))/gm)) {
    const name = m[1] as string;
    if (!lets.has(name)) found.add(name);
  }
  return [...found].sort();
}
