/**
 * The typed syntax walker (syntax/walk.ts) must reach every node a reflective walk over the
 * tree's properties reaches: checked on every corpus and conformance query, so a node kind or a
 * child field missing from `childNodes` fails here.
 */
import { describe, expect, it } from 'vitest';
import { type AnyNode, nodesOfKind, parse, walkSyntax } from '../../../src/kql/engine.js';
import { readJsonl } from '../../helpers/shared-data.js';

/** Parse-pattern parts carry a kind but are not tree nodes (their name/type children are). */
const NOT_NODES = new Set(['Text', 'Capture', 'Wildcard']);

function reflectiveNodes(root: unknown): Set<object> {
  const out = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      stack.push(...v);
      continue;
    }
    const kind = (v as { kind?: unknown }).kind;
    if (typeof kind === 'string' && 'span' in v && !NOT_NODES.has(kind)) out.add(v);
    for (const [k, child] of Object.entries(v)) if (k !== 'span' && k !== 'opSpan') stack.push(child);
  }
  return out;
}

function typedNodes(root: AnyNode): Set<object> {
  const out = new Set<object>();
  walkSyntax(root, (n) => {
    out.add(n);
  });
  return out;
}

describe('typed syntax walker', () => {
  const queries = [
    ...readJsonl<{ query: string }>('corpus/hunting_queries.public.jsonl'),
    ...readJsonl<{ query: string }>('conformance/kql_doc_examples.public.jsonl'),
    ...readJsonl<{ query: string }>('conformance/kusto_engine_cases.public.jsonl'),
  ].map((q) => q.query);

  it('visits exactly the nodes a reflective walk finds, on every public query', () => {
    const mismatches: string[] = [];
    let total = 0;
    for (const q of queries) {
      const tree = parse(q).query;
      const want = reflectiveNodes(tree);
      const got = typedNodes(tree);
      total += got.size;
      const missing = [...want].filter((n) => !got.has(n)).map((n) => (n as AnyNode).kind);
      if (missing.length > 0 || got.size !== want.size)
        mismatches.push(`${[...new Set(missing)].join(',')}: ${q.slice(0, 60)}`);
    }
    expect(mismatches).toEqual([]);
    expect(total).toBeGreaterThan(30_000);
  });

  it('walks in source order, parents first, and can skip a subtree', () => {
    const tree = parse('T | where a == 1 and strlen(b) > 2 | extend c = tolower(d)').query;
    const names: string[] = [];
    walkSyntax(tree, (n) => {
      if (n.kind === 'NameRef') names.push(n.name);
      return n.kind === 'Extend' ? 'skip' : undefined;
    });
    expect(names).toEqual(['T', 'a', 'b']);
    expect(nodesOfKind(tree, 'Call').map((c) => c.name.name)).toEqual(['strlen', 'tolower']);
  });

  it('walks a very long and-chain without recursion', () => {
    const q = `T | where ${Array.from({ length: 5000 }, (_, i) => `a${i} == ${i}`).join(' and ')}`;
    expect(nodesOfKind(parse(q).query, 'Binary').length).toBeGreaterThan(5000);
  });
});
