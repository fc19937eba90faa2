/**
 * Sigma YAML → SigmaDocument[] (one per YAML document: detection rules, correlation rules,
 * filters). Scalars keep their written text: Sigma compares values as strings, so `0x10` stays
 * `0x10` and `007` stays `007`; only `true`/`false` (for `exists`) and `null` keep their type.
 * Never throws: YAML errors and structural problems come back as diagnostics or as `problems` on
 * the document (a rule with problems stays in the catalog as "not convertible").
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from 'yaml';
import { parseCondition } from './condition.js';
import type {
  Cond,
  FieldMatch,
  Search,
  SigmaDocument,
  SigmaLevel,
  SigmaLogsource,
  SigmaMeta,
  SigmaScalar,
  SigmaStatus,
} from './types.js';

export type Plain = SigmaScalar | readonly Plain[] | { readonly [key: string]: Plain };

export interface SigmaParseError {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

export interface SigmaParseResult {
  readonly documents: readonly SigmaDocument[];
  readonly errors: readonly SigmaParseError[];
}

const MAX_NODES = 100_000;

class TooLarge extends Error {}

/** YAML node → plain value with scalars as written (see the file comment). */
function toPlain(node: Node | null | undefined, budget: { n: number }): Plain {
  if (--budget.n < 0) throw new TooLarge();
  if (node == null) return null;
  if (isAlias(node)) throw new TooLarge();
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return null;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'number' || typeof v === 'bigint') return node.source ?? String(v);
    if (v instanceof Date) return node.source ?? v.toISOString().slice(0, 10);
    return String(v);
  }
  if (isSeq(node)) return node.items.map((i) => toPlain(i as Node, budget));
  if (isMap(node)) {
    const out: Record<string, Plain> = {};
    for (const pair of node.items) {
      const k = toPlain(pair.key as Node, budget);
      out[k === null ? '' : String(k)] = toPlain(pair.value as Node, budget);
    }
    return out;
  }
  return null;
}

const isObj = (v: Plain | undefined): v is { readonly [key: string]: Plain } =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

export function looksLikeSigma(text: string): boolean {
  return /^(detection|correlation|logsource)\s*:/m.test(text) && /^title\s*:/m.test(text);
}

export function parseSigma(text: string): SigmaParseResult {
  const lineCounter = new LineCounter();
  const errors: SigmaParseError[] = [];
  const documents: SigmaDocument[] = [];
  const docs = parseAllDocuments(text.replace(/^\uFEFF/, ''), { lineCounter, prettyErrors: false, uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    for (const e of doc.errors) {
      const pos = lineCounter.linePos(e.pos[0]);
      errors.push({ message: e.message.split('\n')[0] ?? e.message, line: pos.line, column: pos.col });
    }
    if (doc.errors.length > 0) continue;
    let data: Plain;
    try {
      data = toPlain(doc.contents as Node, { n: MAX_NODES });
    } catch {
      errors.push({ message: 'the document uses YAML aliases or is too large', line: 1, column: 1 });
      continue;
    }
    if (data === null) continue;
    if (!isObj(data)) {
      errors.push({ message: 'the document is not a mapping of rule fields', line: 1, column: 1 });
      continue;
    }
    const d = buildDocument(data);
    if (d) documents.push(d);
    else
      errors.push({ message: "the document has neither 'detection', 'correlation' nor 'filter'", line: 1, column: 1 });
  }
  return { documents, errors };
}

const str = (v: Plain | undefined): string | undefined =>
  v === null || v === undefined ? undefined : typeof v === 'object' ? undefined : String(v);

const strList = (v: Plain | undefined): string[] => {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v.map(str).filter((x): x is string => x !== undefined && x !== '');
  const s = str(v as Plain);
  return s ? [s] : [];
};

const STATUSES = new Set(['stable', 'test', 'experimental', 'deprecated', 'unsupported']);
const LEVELS = new Set(['informational', 'low', 'medium', 'high', 'critical']);

function meta(d: { readonly [key: string]: Plain }): SigmaMeta {
  const status = str(d.status)?.toLowerCase();
  const level = str(d.level)?.toLowerCase();
  const m: SigmaMeta = {
    title: str(d.title) ?? '(untitled Sigma rule)',
    description: str(d.description) ?? '',
    references: strList(d.references ?? d.reference),
    falsepositives: strList(d.falsepositives),
    tags: strList(d.tags).map((t) => t.toLowerCase()),
    ...(str(d.id) ? { id: str(d.id) } : {}),
    ...(str(d.name) ? { name: str(d.name) } : {}),
    ...(status && STATUSES.has(status) ? { status: status as SigmaStatus } : {}),
    ...(level && LEVELS.has(level) ? { level: level as SigmaLevel } : {}),
    ...(str(d.author) ? { author: str(d.author) } : {}),
    ...(str(d.date) ? { date: str(d.date) } : {}),
    ...(str(d.modified) ? { modified: str(d.modified) } : {}),
    ...(str(d.license) ? { license: str(d.license) } : {}),
  };
  return m;
}

function logsource(v: Plain | undefined): SigmaLogsource {
  if (!isObj(v)) return {};
  const l: { category?: string; product?: string; service?: string } = {};
  for (const k of ['category', 'product', 'service'] as const) {
    const s = str(v[k]);
    if (s) l[k] = s.toLowerCase();
  }
  return l;
}

function buildDocument(d: { readonly [key: string]: Plain }): SigmaDocument | undefined {
  if (isObj(d.correlation)) {
    const c = d.correlation;
    const problems: string[] = [];
    const type = str(c.type) ?? '';
    if (!type) problems.push("the correlation has no 'type'");
    const rules = strList(c.rules);
    if (rules.length === 0) problems.push("the correlation names no 'rules'");
    const aliases: Record<string, Record<string, string>> = {};
    if (isObj(c.aliases))
      for (const [k, v] of Object.entries(c.aliases)) {
        if (!isObj(v)) continue;
        aliases[k] = Object.fromEntries(Object.entries(v).map(([r, f]) => [r, str(f) ?? '']));
      }
    return {
      type: 'correlation',
      ...meta(d),
      correlation: {
        type,
        rules,
        groupBy: strList(c['group-by']),
        ...(str(c.timespan) ? { timespan: str(c.timespan) } : {}),
        condition: isObj(c.condition) ? (c.condition as Record<string, unknown>) : {},
        aliases,
      },
      problems,
    };
  }
  if (isObj(d.filter) && !isObj(d.detection)) {
    const f = d.filter;
    const problems: string[] = [];
    const { searches, conditions } = detection(f, problems, new Set(['rules', 'condition']));
    return {
      type: 'filter',
      ...meta(d),
      logsource: logsource(d.logsource),
      rules: strList(f.rules),
      searches,
      conditions,
      problems,
    };
  }
  if (d.detection === undefined) return undefined;
  const problems: string[] = [];
  if (!isObj(d.detection)) {
    problems.push("'detection' is not a mapping");
    return {
      type: 'detection',
      ...meta(d),
      logsource: logsource(d.logsource),
      searches: new Map(),
      conditions: [],
      problems,
    };
  }
  const { searches, conditions } = detection(d.detection, problems, new Set(['condition', 'timeframe']));
  if (d.detection.timeframe !== undefined)
    problems.push("'timeframe' in the detection is the obsolete aggregation syntax");
  return { type: 'detection', ...meta(d), logsource: logsource(d.logsource), searches, conditions, problems };
}

function detection(
  det: { readonly [key: string]: Plain },
  problems: string[],
  reserved: ReadonlySet<string>,
): { searches: Map<string, Search>; conditions: Cond[] } {
  const searches = new Map<string, Search>();
  for (const [name, value] of Object.entries(det)) {
    if (reserved.has(name)) continue;
    const s = search(name, value, problems);
    if (s) searches.set(name, s);
  }
  const conditions: Cond[] = [];
  const raw = det.condition;
  const texts = Array.isArray(raw) ? raw.map(str) : [str(raw)];
  if (raw === undefined || raw === null) problems.push("the detection has no 'condition'");
  for (const t of texts) {
    if (t === undefined) {
      problems.push('a condition is not a string');
      continue;
    }
    const r = parseCondition(t);
    if (r.ok) conditions.push(r.cond);
    else problems.push(r.error);
  }
  return { searches, conditions };
}

function splitKey(key: string): { field: string | undefined; modifiers: string[] } {
  const parts = key.split('|');
  const field = parts[0] === '' ? undefined : parts[0];
  return {
    field,
    modifiers: parts
      .slice(1)
      .map((m) => m.trim())
      .filter((m) => m !== ''),
  };
}

function scalarList(v: Plain, where: string, problems: string[]): SigmaScalar[] {
  const list = Array.isArray(v) ? v : [v];
  const out: SigmaScalar[] = [];
  for (const x of list as Plain[]) {
    if (x !== null && typeof x === 'object') {
      problems.push(`${where}: a value is a ${Array.isArray(x) ? 'list' : 'mapping'}, not a string or number`);
      continue;
    }
    out.push(x);
  }
  return out;
}

function mapItems(name: string, m: { readonly [key: string]: Plain }, problems: string[]): FieldMatch[] {
  return Object.entries(m).map(([key, value]) => {
    const { field, modifiers } = splitKey(key);
    return { field, modifiers, values: scalarList(value, `'${name}' field '${key}'`, problems) };
  });
}

function search(name: string, value: Plain, problems: string[]): Search | undefined {
  if (isObj(value)) {
    const items = mapItems(name, value, problems);
    // A map whose only key is `|mod` is a keyword list with modifiers (`'|all': [...]`).
    if (items.length === 1 && items[0]!.field === undefined) return { kind: 'keywords', item: items[0]! };
    return { kind: 'map', items };
  }
  if (Array.isArray(value)) {
    const list = value as readonly Plain[];
    if (list.length > 0 && list.every(isObj)) {
      return { kind: 'maps', maps: list.map((m) => mapItems(name, m as { readonly [key: string]: Plain }, problems)) };
    }
    if (list.every((x) => x === null || typeof x !== 'object'))
      return { kind: 'keywords', item: { field: undefined, modifiers: [], values: list as SigmaScalar[] } };
    problems.push(`search identifier '${name}' mixes mappings and plain values`);
    return undefined;
  }
  if (value === null) {
    problems.push(`search identifier '${name}' is empty`);
    return undefined;
  }
  return { kind: 'keywords', item: { field: undefined, modifiers: [], values: [value as SigmaScalar] } };
}
