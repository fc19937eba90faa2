/**
 * Test rows for a converted Sigma rule, generated from its own detection (the rule test format of
 * docs: `fires: true` rows, one per search identifier that can make the condition true, and
 * `fires: false` rows that only a filter excludes). Rows are Defender table rows built through the
 * same mapping the converter uses, in reverse. Candidates are not trusted: the pack generator runs
 * each converted query over its rows with the engine and keeps only tests whose outcome holds.
 */

import { tableInfo, tableSchema } from '../../telemetry/schemas.js';
import { matchIdentifiers } from './condition.js';
import { pipeName, registryHive } from './convert.js';
import { mappingFor } from './mapping/index.js';
import type { FieldTarget, LogsourceMapping } from './mapping/types.js';
import type { Cond, FieldMatch, Piece, Search, SigmaDetectionRule } from './types.js';
import { type Matcher, planField } from './values.js';

export type Row = Record<string, unknown>;

export interface TestCandidate {
  readonly name: string;
  readonly fires: boolean;
  readonly table: string;
  readonly row: Row;
}

export const TEST_TIME = '2024-05-01T10:00:00Z';
const MAX_IDS = 12;

export function candidateTests(rule: SigmaDetectionRule): TestCandidate[] {
  const found = mappingFor(rule.logsource);
  if (!found.ok || rule.problems.length > 0) return [];
  const mapping = found.mapping;
  const names = [...rule.searches.keys()];
  if (names.length > MAX_IDS) return [];
  const cond: Cond = rule.conditions.length === 1 ? rule.conditions[0]! : { kind: 'or', items: rule.conditions };
  const positive = new Set<string>();
  const negative = new Set<string>();
  polarity(cond, true, names, positive, negative);
  const evalWith = (on: ReadonlySet<string>) => evaluate(cond, on, names);
  const out: TestCandidate[] = [];
  const seen = new Set<string>();
  let first: Set<string> | undefined;
  for (const id of names.filter((n) => positive.has(n) && !negative.has(n))) {
    const others = [...positive].filter((n) => n !== id && !negative.has(n));
    const chosen = smallestSatisfying(id, others, evalWith);
    if (!chosen) continue;
    const row = buildRow(rule, mapping, chosen);
    if (!row) continue;
    const key = JSON.stringify(row);
    if (seen.has(key)) continue;
    seen.add(key);
    first ??= chosen;
    out.push({ name: `fires on ${id}`, fires: true, table: mapping.table, row });
  }
  if (first) {
    for (const f of [...negative].filter((n) => !positive.has(n)).slice(0, 3)) {
      const on = new Set([...first, f]);
      if (evalWith(on)) continue;
      const row = buildRow(rule, mapping, on);
      if (!row) continue;
      out.push({ name: `silent when ${f} matches`, fires: false, table: mapping.table, row });
    }
  }
  return out;
}

function polarity(c: Cond, pos: boolean, names: readonly string[], p: Set<string>, n: Set<string>): void {
  switch (c.kind) {
    case 'and':
    case 'or':
      for (const i of c.items) polarity(i, pos, names, p, n);
      return;
    case 'not':
      polarity(c.item, !pos, names, p, n);
      return;
    case 'ref':
      (pos ? p : n).add(c.name);
      return;
    case 'of':
      for (const m of matchIdentifiers(c.pattern, names)) (pos ? p : n).add(m);
      return;
  }
}

function evaluate(c: Cond, on: ReadonlySet<string>, names: readonly string[]): boolean {
  switch (c.kind) {
    case 'and':
      return c.items.every((i) => evaluate(i, on, names));
    case 'or':
      return c.items.some((i) => evaluate(i, on, names));
    case 'not':
      return !evaluate(c.item, on, names);
    case 'ref':
      return on.has(c.name);
    case 'of': {
      const m = matchIdentifiers(c.pattern, names);
      return c.quantifier === 'all' ? m.every((x) => on.has(x)) : m.some((x) => on.has(x));
    }
  }
}

/** The smallest set holding `id` (plus other positive ids) that makes the condition true. */
function smallestSatisfying(
  id: string,
  others: readonly string[],
  holds: (on: ReadonlySet<string>) => boolean,
): Set<string> | undefined {
  const n = others.length;
  const masks = Array.from({ length: 1 << n }, (_, i) => i).sort((a, b) => bits(a) - bits(b) || a - b);
  for (const mask of masks) {
    const on = new Set([id, ...others.filter((_, i) => mask & (1 << i))]);
    if (holds(on)) return on;
  }
  return undefined;
}

function bits(x: number): number {
  let c = 0;
  for (let v = x; v; v &= v - 1) c++;
  return c;
}

/** Per column, the value constraints gathered from the chosen selections. */
type Wants = Map<string, Matcher[][]>;

function buildRow(rule: SigmaDetectionRule, mapping: LogsourceMapping, on: ReadonlySet<string>): Row | undefined {
  const items: FieldMatch[] = [];
  for (const name of [...rule.searches.keys()].filter((n) => on.has(n))) {
    const picked = pickItems(rule.searches.get(name)!);
    if (!picked) return undefined;
    items.push(...picked);
  }
  const row: Row = {
    ...baseRow(mapping.table),
    ...(mapping.actionTypes ? { ActionType: mapping.actionTypes[0] } : {}),
    ...mapping.defaults,
  };
  const bag: Record<string, unknown> = {};
  const bags: Record<string, Record<string, unknown>> = { AdditionalFields: bag };
  if (mapping.filter?.includes('FileOperation')) bag.FileOperation = 'File created';
  // Predicates first: they can set ActionType, which decides where iff() fields land.
  const ordered = [...items].sort((a, b) => rank(mapping, a) - rank(mapping, b));
  const wants: Wants = new Map();
  for (const item of ordered) {
    const planned = planField(item);
    if (!planned.ok) return undefined;
    const plan = planned.plan;
    const field = plan.field;
    if (field === undefined) return undefined;
    if (plan.neq) return undefined;
    const t = targetOf(mapping, field);
    if (!t) return undefined;
    const chosen = plan.all ? plan.matchers.map((alts) => alts[0]!) : [plan.matchers[0]![0]!];
    if ('predicates' in t) {
      const m = chosen[0]!;
      const text = m.kind === 'pattern' ? sample(m.pieces) : undefined;
      const p = text !== undefined ? t.predicates[text.toLowerCase()] : undefined;
      if (!p) return undefined;
      const at = /^ActionType == "(\w+)"$/.exec(p);
      if (at) row.ActionType = at[1];
      continue;
    }
    if ('hashes' in t) {
      const m = chosen[0]!;
      const text = m.kind === 'pattern' ? sample(m.pieces) : '';
      const hit = /^([A-Za-z0-9]+)=([0-9A-Fa-f]+)$/.exec(text ?? '');
      const column = hit ? t.hashes[hit[1]!.toUpperCase()] : undefined;
      if (!column || !hit) return undefined;
      row[column] = hit[2];
      continue;
    }
    const key =
      'column' in t ? `c:${t.column}` : 'bag' in t ? `b:${t.of ?? ''}:${t.bag}` : 'expr' in t ? `e:${field}` : '';
    if (!key) return undefined;
    const list = wants.get(key) ?? [];
    list.push(chosen);
    wants.set(key, list);
    const value = valueFor(list.flat(), t, field);
    if (value === undefined) return undefined;
    const into = 'bag' in t ? (t.of ?? 'AdditionalFields') : 'AdditionalFields';
    bags[into] ??= {};
    if (!place(row, bags[into], t, value)) return undefined;
  }
  for (const [column, values] of Object.entries(bags)) if (Object.keys(values).length > 0) row[column] = values;
  return row;
}

/** The time and host columns of a generated row: Defender's Timestamp/DeviceName, Log Analytics' TimeGenerated/Computer. */
function baseRow(table: string): Row {
  const schema = tableSchema(table);
  const has = (c: string) => schema?.columns.some((x) => x.name === c) ?? false;
  const time = tableInfo(table)?.timeColumn ?? 'Timestamp';
  const host = has('DeviceName') ? 'DeviceName' : has('Computer') ? 'Computer' : 'DeviceName';
  return { [time]: TEST_TIME, [host]: 'pc1' };
}

function rank(mapping: LogsourceMapping, item: FieldMatch): number {
  const t = item.field ? targetOf(mapping, item.field) : undefined;
  return t && 'predicates' in t ? 0 : 1;
}

function targetOf(mapping: LogsourceMapping, field: string): FieldTarget | undefined {
  const t =
    mapping.fields[field] ??
    Object.entries(mapping.fields).find(([k]) => k.toLowerCase() === field.toLowerCase())?.[1] ??
    (mapping.sameNameColumns ? { column: field } : undefined) ??
    (mapping.bagFields ? { bag: field, of: mapping.bagFields, type: 'string' as const } : undefined);
  return t && !('unmapped' in t) ? t : undefined;
}

function pickItems(s: Search): readonly FieldMatch[] | undefined {
  if (s.kind === 'map') return s.items;
  if (s.kind === 'maps') return s.maps[0];
  return undefined;
}

/** A concrete string matching wildcard pieces. */
function sample(pieces: readonly Piece[]): string {
  return pieces
    .map((p) => (p.kind === 'text' ? p.text : p.kind === 'one' ? 'x' : p.kind === 'class' ? p.chars[0]! : ''))
    .join('');
}

/** One value satisfying every matcher of a column (a guess, checked later by running the query). */
function valueFor(ms: readonly Matcher[], t: FieldTarget, field: string): string | number | undefined {
  const starts: string[] = [];
  const middles: string[] = [];
  const ends: string[] = [];
  let exact: string | undefined;
  for (const m of ms) {
    switch (m.kind) {
      case 'pattern': {
        let pieces = [...m.pieces];
        if ('values' in t && t.values === 'registryHive') pieces = registryHive(field, pieces);
        if ('values' in t && t.values === 'pipeName') pieces = pipeName(pieces);
        const lead = pieces[0]?.kind === 'any';
        const trail = pieces[pieces.length - 1]?.kind === 'any';
        const text = sample(pieces);
        if (!lead && !trail) exact = text;
        else if (lead && trail) middles.push(text);
        else if (lead) ends.push(text);
        else starts.push(text);
        break;
      }
      case 'compare':
        return m.op === '>' ? m.value + 1 : m.op === '<' ? m.value - 1 : m.value;
      case 'cidr': {
        const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(m.range);
        if (!v4) return undefined;
        return `${v4[1]}.${v4[2]}.${v4[3]}.${Number(v4[4]) + 1}`;
      }
      case 'exists':
        if (!m.value) return undefined;
        middles.push('x');
        break;
      default:
        return undefined;
    }
  }
  if (exact !== undefined) return exact;
  // The longest prefix/suffix usually contains the shorter ones (`.pfx` and `\\OneDrive\\x.pfx`).
  const longest = (xs: readonly string[]) => xs.reduce((a, b) => (b.length > a.length ? b : a), '');
  return [longest(starts), ...middles, longest(ends)].filter((x) => x !== '').join(' ') || undefined;
}

function numeric(v: string | number): number | undefined {
  if (typeof v === 'number') return v;
  if (/^0x[0-9a-f]+$/i.test(v)) return Number.parseInt(v, 16);
  return /^-?\d+$/.test(v) ? Number(v) : undefined;
}

function place(row: Row, bag: Record<string, unknown>, t: FieldTarget, value: string | number): boolean {
  if ('column' in t) {
    if (t.values === 'registryData') {
      const dword = /^DWORD \(0x([0-9a-f]{8})\)$/i.exec(String(value));
      if (dword) {
        row.RegistryValueType = 'Dword';
        row.RegistryValueData = String(Number.parseInt(dword[1]!, 16));
        return true;
      }
      if (/^Binary Data$/i.test(String(value))) {
        row.RegistryValueType = 'Binary';
        return true;
      }
    }
    if (t.values === 'hexNumber' || /Id$|Port$/.test(t.column)) {
      const n = numeric(value);
      if (n === undefined) return false;
      row[t.column] = n;
      return true;
    }
    row[t.column] = value;
    return true;
  }
  if ('bag' in t) {
    if (t.type === 'long') {
      const n = numeric(value);
      if (n === undefined) return false;
      bag[t.bag] = n;
    } else bag[t.bag] = value;
    return true;
  }
  if ('expr' in t) {
    const inv = t.inverse;
    if ('split' in inv) {
      const s = String(value);
      const at = s.lastIndexOf('\\');
      row[inv.split[0]] = at < 0 ? '' : s.slice(0, at);
      row[inv.split[1]] = at < 0 ? s : s.slice(at + 1);
      return true;
    }
    const column = row.ActionType === inv.when ? inv.then : inv.else;
    row[column] = t.type === 'long' ? numeric(value) : value;
    return row[column] !== undefined;
  }
  return false;
}
