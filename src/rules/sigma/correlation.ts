/**
 * Sigma correlation rules → KQL: `event_count`, `value_count`, `value_sum`, `value_avg`,
 * `temporal` and two-rule `temporal_ordered`, over detection rules of the same file. Each
 * referenced rule's query is a `let`; they are unioned with a `SigmaRule` column and grouped by
 * the group-by fields and `bin(SigmaTime, timespan)` (SigmaTime: each table's own time column,
 * Timestamp on Defender XDR, TimeGenerated on Log Analytics). KQL bins have fixed boundaries, so a burst
 * that straddles a boundary is split (the specification asks to say so): each conversion notes it.
 * Chained correlations and `value_percentile` are refused with a reason.
 */
import { tableInfo, tableSchema } from '../../telemetry/schemas.js';
import { bagAccess, convertDetection } from './convert.js';
import { kqlString } from './kql.js';
import type { FieldTarget, LogsourceMapping } from './mapping/index.js';
import type { SigmaCorrelationRule, SigmaDetectionRule, SigmaDocument } from './types.js';

export type CorrelationResult =
  | { readonly ok: true; readonly query: string; readonly tables: readonly string[]; readonly notes: readonly string[] }
  | { readonly ok: false; readonly reason: string };

const OPS: Readonly<Record<string, string>> = { gt: '>', gte: '>=', lt: '<', lte: '<=', eq: '==', neq: '!=' };

const BIN_NOTE =
  'Events are grouped in fixed time bins of the timespan, so a burst that straddles a bin boundary is counted in two bins.';

export function convertCorrelation(doc: SigmaCorrelationRule, all: readonly SigmaDocument[]): CorrelationResult {
  const fail = (reason: string): CorrelationResult => ({ ok: false, reason });
  if (doc.problems.length > 0) return fail(doc.problems[0]!);
  const c = doc.correlation;
  const type = c.type;
  if (!['event_count', 'value_count', 'value_sum', 'value_avg', 'temporal', 'temporal_ordered'].includes(type))
    return fail(`correlation type '${type}' is not supported`);
  const span = /^(\d+)([smhd])$/.exec(c.timespan ?? '');
  if (!span) return fail(`correlation timespan '${c.timespan ?? ''}' is not a number followed by s, m, h or d`);
  const timespan = `${span[1]}${span[2]}`;

  const members: {
    name: string;
    rule: SigmaDetectionRule;
    query: string;
    mapping: LogsourceMapping;
  }[] = [];
  for (const ref of c.rules) {
    const target = all.find((d) => d.id === ref || d.name === ref);
    if (!target) return fail(`the correlation refers to rule '${ref}', which is not in this file`);
    if (target.type === 'correlation') return fail(`chained correlation (rule '${ref}' is itself a correlation)`);
    if (target.type !== 'detection') return fail(`rule '${ref}' is not a detection rule`);
    const conv = convertDetection(target);
    if (!conv.ok) return fail(`referenced rule '${target.title}' is not convertible: ${conv.reason}`);
    members.push({
      name: target.name ?? target.id ?? ref,
      rule: target,
      query: conv.query.trimEnd(),
      mapping: conv.mapping,
    });
  }

  // Group-by fields (through aliases) → a KQL expression per member.
  const groupExprs: string[][] = [];
  for (const m of members) {
    const row: string[] = [];
    for (const g of c.groupBy) {
      const field = c.aliases[g]?.[m.name] ?? c.aliases[g]?.[m.rule.id ?? ''] ?? g;
      const e = operandOf(m.mapping, field);
      if (!e) return fail(`group-by field '${field}' has no Defender column in rule '${m.rule.title}'`);
      row.push(e);
    }
    groupExprs.push(row);
  }
  const groupNames = c.groupBy.map((g, i) => safeName(g, i));

  let valueField: string | undefined;
  if (['value_count', 'value_sum', 'value_avg'].includes(type)) {
    const f = c.condition.field;
    if (typeof f !== 'string') return fail(`correlation type '${type}' needs 'field' in its condition`);
    valueField = f;
  }
  const lets: string[] = [];
  const parts: string[] = [];
  for (const [i, m] of members.entries()) {
    const time = tableInfo(m.mapping.table)?.timeColumn ?? 'Timestamp';
    const extend = [
      `SigmaRule = ${kqlString(m.name)}`,
      `SigmaTime = ${time}`,
      ...groupNames.map((n, j) => `${n} = ${groupExprs[i]![j]}`),
    ];
    if (valueField) {
      const e = operandOf(m.mapping, valueField);
      if (!e) return fail(`field '${valueField}' has no Defender column in rule '${m.rule.title}'`);
      extend.push(`SigmaValue = ${e}`);
    }
    lets.push(`let rule${i + 1} = ${m.query.split('\n').join('\n    ')}\n    | extend ${extend.join(', ')};`);
    parts.push(`rule${i + 1}`);
  }
  const by = [...groupNames, `Window = bin(SigmaTime, ${timespan})`].join(', ');
  const source = parts.length === 1 ? parts[0]! : `union ${parts.join(', ')}`;
  const cond = (column: string): string | undefined => {
    const terms = Object.entries(c.condition)
      .filter(([k]) => k !== 'field')
      .map(([k, v]) => (OPS[k] && Number.isFinite(Number(v)) ? `${column} ${OPS[k]} ${Number(v)}` : undefined));
    if (terms.length === 0 || terms.some((t) => t === undefined)) return undefined;
    return terms.join(' and ');
  };
  let tail: string;
  switch (type) {
    case 'event_count': {
      const w = cond('EventCount');
      if (!w) return fail('the correlation condition needs gt, gte, lt, lte, eq or neq with a number');
      tail = `| summarize EventCount = count(), FirstSeen = min(SigmaTime), LastSeen = max(SigmaTime) by ${by}\n| where ${w}`;
      break;
    }
    case 'value_count':
    case 'value_sum':
    case 'value_avg': {
      const agg =
        type === 'value_count'
          ? 'dcount(SigmaValue)'
          : type === 'value_sum'
            ? 'sum(todouble(SigmaValue))'
            : 'avg(todouble(SigmaValue))';
      const col = type === 'value_count' ? 'ValueCount' : type === 'value_sum' ? 'ValueSum' : 'ValueAverage';
      const w = cond(col);
      if (!w) return fail('the correlation condition needs gt, gte, lt, lte, eq or neq with a number');
      tail = `| summarize ${col} = ${agg}, EventCount = count(), FirstSeen = min(SigmaTime), LastSeen = max(SigmaTime) by ${by}\n| where ${w}`;
      break;
    }
    case 'temporal': {
      const w = Object.keys(c.condition).length > 0 ? cond('RuleCount') : `RuleCount == ${members.length}`;
      if (!w) return fail('the correlation condition needs gt, gte, lt, lte, eq or neq with a number');
      tail = `| summarize RuleCount = dcount(SigmaRule), Rules = make_set(SigmaRule), FirstSeen = min(SigmaTime), LastSeen = max(SigmaTime) by ${by}\n| where ${w}`;
      break;
    }
    case 'temporal_ordered': {
      if (members.length !== 2) return fail('temporal_ordered with more than two rules is not supported');
      const [a, b] = members.map((m) => kqlString(m.name));
      tail = `| summarize FirstA = minif(SigmaTime, SigmaRule == ${a}), LastB = maxif(SigmaTime, SigmaRule == ${b}), FirstSeen = min(SigmaTime), LastSeen = max(SigmaTime) by ${by}\n| where isnotnull(FirstA) and isnotnull(LastB) and FirstA < LastB`;
      break;
    }
    default:
      return fail(`correlation type '${type}' is not supported`);
  }
  const tables = [
    ...new Set(members.map((m) => convertDetection(m.rule)).flatMap((r) => (r.ok ? [r.table] : []))),
  ].sort();
  return { ok: true, query: `${lets.join('\n')}\n${source}\n${tail}\n`, tables, notes: [BIN_NOTE] };
}

/** The KQL of a field in a member rule's table: its mapping entry, a same-name column, or a bag property. */
function operandOf(mapping: LogsourceMapping, field: string): string | undefined {
  const columns = tableSchema(mapping.table)?.columns ?? [];
  const t: FieldTarget | undefined =
    mapping.fields[field] ??
    (mapping.sameNameColumns && columns.some((c) => c.name === field) ? { column: field } : undefined) ??
    (mapping.bagFields && /^[A-Za-z_][A-Za-z0-9_]*$/.test(field)
      ? { bag: field, of: mapping.bagFields, type: 'string' }
      : undefined);
  if (!t) return undefined;
  if ('column' in t) return t.column;
  if ('expr' in t) return t.expr;
  if ('bag' in t)
    return `${t.type === 'long' ? 'tolong' : 'tostring'}(${bagAccess(t.of ?? 'AdditionalFields', t.bag)})`;
  return undefined;
}

function safeName(field: string, i: number): string {
  const n = field.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(n) ? n : `Group${i + 1}`;
}
