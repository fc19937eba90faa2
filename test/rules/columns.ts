/**
 * Test helper: which columns a simple single-table pack query uses that its table's documented
 * schema lacks. Reads test/fixtures/shared/data/schemas/defender_docs. Names
 * the query defines itself (let names, summarize outputs) and function names are not columns.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED } from './helpers.js';

const DIR = join(SHARED, 'data', 'schemas', 'defender_docs');

export const SCHEMAS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      const doc = JSON.parse(readFileSync(join(DIR, f), 'utf8')) as { Name: string; Properties: { Name: string }[] };
      return [doc.Name, new Set(doc.Properties.map((p) => p.Name))] as const;
    }),
);

export function missingColumns(query: string): string[] {
  const code = query.replace(/\/\/[^\n]*|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g, ' ');
  const defined = new Set([
    ...[...code.matchAll(/\blet\s+(\w+)/g)].map((m) => m[1] as string),
    ...[...code.matchAll(/\b(\w+)\s*=(?!=)/g)].map((m) => m[1] as string),
  ]);
  const table = [...code.matchAll(/^\s*(Device\w+)\s*$/gm)].map((m) => m[1] as string)[0];
  const schema = table ? SCHEMAS.get(table) : undefined;
  if (!table || !schema) return [`unknown table ${table}`];
  const missing = new Set<string>();
  for (const m of code.matchAll(/\b([A-Z]\w*)\b(?!\s*\()/g)) {
    const name = m[1] as string;
    if (name === table || defined.has(name) || schema.has(name)) continue;
    missing.add(`${table}.${name}`);
  }
  return [...missing];
}
