/**
 * One parse per query text: a hunt parses each rule's query for the load projection, again to run
 * it and again to explain an empty result; these share one parse (the engine never modifies a
 * parse result, so it can serve several binds). Bounded: a long-running server forgets everything
 * after MAX_ENTRIES distinct texts and starts over.
 */
import { type ParseResult, parse } from '../kql/engine.js';

const MAX_ENTRIES = 4096;
const memo = new Map<string, ParseResult>();

export function parsedQuery(text: string): ParseResult {
  let parsed = memo.get(text);
  if (parsed === undefined) {
    if (memo.size >= MAX_ENTRIES) memo.clear();
    parsed = parse(text);
    memo.set(text, parsed);
  }
  return parsed;
}
