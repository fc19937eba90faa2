/**
 * Sigma rule file → catalog rules. Each detection rule becomes one Rule with format 'sigma': its
 * KQL when it converts, otherwise an empty query and `sigma.conversion` saying why (the rule keeps
 * its place in the catalog). Correlation rules convert with the detection rules of the same file;
 * by default (Sigma `generate: false`) those detection rules are then not separate rules.
 * Sigma filter documents are not rules and are reported as such. Never throws.
 */
import { tableInfo, tableSchema } from '../../telemetry/schemas.js';
import { at, RULE_DIAG, type RuleDiagnostic } from '../diagnostics.js';
import type { DataConnector, LoadResult, Rule, RuleSource, Severity, SigmaFacts } from '../model.js';
import { UNCHECKED } from '../model.js';
import { convertDetection } from './convert.js';
import { convertCorrelation } from './correlation.js';
import { parseSigma } from './parse.js';
import type { SigmaCorrelationRule, SigmaDetectionRule, SigmaDocument, SigmaLevel } from './types.js';

/** The notice every bundled Sigma rule carries (Detection Rule License 1.1 asks to keep it). */
export const DRL_NOTICE = 'Detection Rule License (DRL) 1.1';

const TACTIC_NAMES: Readonly<Record<string, string>> = {
  reconnaissance: 'Reconnaissance',
  'resource-development': 'ResourceDevelopment',
  'initial-access': 'InitialAccess',
  execution: 'Execution',
  persistence: 'Persistence',
  'privilege-escalation': 'PrivilegeEscalation',
  'defense-evasion': 'DefenseEvasion',
  'credential-access': 'CredentialAccess',
  discovery: 'Discovery',
  'lateral-movement': 'LateralMovement',
  collection: 'Collection',
  'command-and-control': 'CommandAndControl',
  exfiltration: 'Exfiltration',
  impact: 'Impact',
};

const SEVERITY_OF_LEVEL: Readonly<Record<SigmaLevel, Severity>> = {
  informational: 'Informational',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'High',
};

export interface SigmaLoadOptions {
  /** Licence recorded on rules that name none (a pack's notice). */
  readonly defaultLicense?: string;
  /** Web address of the upstream rule file. */
  readonly upstreamUrl?: string;
}

export function loadSigmaYaml(text: string, source: RuleSource, options: SigmaLoadOptions = {}): LoadResult {
  const parsed = parseSigma(text);
  const diagnostics: RuleDiagnostic[] = parsed.errors.map((e) =>
    at(RULE_DIAG.yamlSyntax(e.message), source.path, e.line, e.column),
  );
  const docs = parsed.documents;
  const correlations = docs.filter((d): d is SigmaCorrelationRule => d.type === 'correlation');
  const referenced = new Set(correlations.flatMap((c) => c.correlation.rules));
  const rules: Rule[] = [];
  for (const [i, doc] of docs.entries()) {
    if (doc.type === 'filter') {
      diagnostics.push(at(RULE_DIAG.sigmaFilter(doc.title), source.path));
      continue;
    }
    if (doc.type === 'detection' && correlations.length > 0 && isReferenced(doc, referenced)) continue;
    const rule =
      doc.type === 'detection'
        ? detectionRule(doc, source, docs.length > 1 ? i : undefined, options)
        : correlationRule(doc, docs, source, i, options);
    rules.push(rule);
  }
  if (rules.length === 0 && diagnostics.length === 0) diagnostics.push(at(RULE_DIAG.emptyFile(), source.path));
  return { rules, diagnostics };
}

function isReferenced(doc: SigmaDetectionRule, referenced: ReadonlySet<string>): boolean {
  return (doc.id !== undefined && referenced.has(doc.id)) || (doc.name !== undefined && referenced.has(doc.name));
}

function detectionRule(
  doc: SigmaDetectionRule,
  source: RuleSource,
  index: number | undefined,
  options: SigmaLoadOptions,
): Rule {
  const c = convertDetection(doc);
  const conversion: SigmaFacts['conversion'] = c.ok
    ? { status: 'converted', table: c.table, notes: c.notes }
    : { status: 'not convertible', reason: c.reason };
  return baseRule(doc, source, index, options, {
    query: c.ok ? c.query : '',
    tables: c.ok ? [c.table] : [],
    logsource: doc.logsource,
    conversion,
  });
}

function correlationRule(
  doc: SigmaCorrelationRule,
  all: readonly SigmaDocument[],
  source: RuleSource,
  index: number,
  options: SigmaLoadOptions,
): Rule {
  const c = convertCorrelation(doc, all);
  const conversion: SigmaFacts['conversion'] = c.ok
    ? { status: 'converted', table: c.tables.join(', '), notes: c.notes }
    : { status: 'not convertible', reason: c.reason };
  return baseRule(doc, source, all.length > 1 ? index : undefined, options, {
    query: c.ok ? c.query : '',
    tables: c.ok ? c.tables : [],
    logsource: {},
    conversion,
  });
}

/** The data connector of each table (Defender XDR tables: MicrosoftThreatProtection), tables grouped by connector. */
function connectorsOf(tables: readonly string[]): DataConnector[] {
  const by = new Map<string, string[]>();
  for (const t of tables) {
    const id = tableInfo(t)?.connector ?? 'MicrosoftThreatProtection';
    by.set(id, [...(by.get(id) ?? []), t]);
  }
  return [...by].map(([connectorId, dataTypes]) => ({ connectorId, dataTypes }));
}

/** Defender XDR rows name the host DeviceName; Log Analytics Windows tables name it Computer. */
function hostColumn(table: string): string {
  const cols = tableSchema(table)?.columns ?? [];
  return cols.some((c) => c.name === 'DeviceName') || !cols.some((c) => c.name === 'Computer')
    ? 'DeviceName'
    : 'Computer';
}

function baseRule(
  doc: SigmaDetectionRule | SigmaCorrelationRule,
  source: RuleSource,
  index: number | undefined,
  options: SigmaLoadOptions,
  x: {
    query: string;
    tables: readonly string[];
    logsource: SigmaFacts['logsource'];
    conversion: SigmaFacts['conversion'];
  },
): Rule {
  const tactics = [
    ...new Set(doc.tags.map((t) => TACTIC_NAMES[t.replace(/^attack\./, '')]).filter((t): t is string => !!t)),
  ];
  const techniques = [
    ...new Set(
      doc.tags
        .map((t) => /^attack\.(t\d{4}(?:\.\d{3})?)$/.exec(t)?.[1])
        .filter((t): t is string => !!t)
        .map((t) => t.toUpperCase()),
    ),
  ];
  const connectors: DataConnector[] = connectorsOf(x.tables);
  const license = doc.license ?? options.defaultLicense;
  const sigma: SigmaFacts = {
    ...(doc.id ? { id: doc.id } : {}),
    ...(doc.status ? { status: doc.status } : {}),
    ...(doc.level ? { level: doc.level } : {}),
    logsource: x.logsource,
    ...(doc.author ? { author: doc.author } : {}),
    ...(doc.date ? { date: doc.date } : {}),
    ...(doc.modified ? { modified: doc.modified } : {}),
    falsepositives: doc.falsepositives,
    ...(license ? { license } : {}),
    ...(options.upstreamUrl ? { upstreamUrl: options.upstreamUrl } : {}),
    conversion: x.conversion,
  };
  const id = doc.id ?? `sigma:${source.path}${index !== undefined ? `#${index}` : ''}`;
  return {
    id,
    name: doc.title,
    description: doc.description,
    kind: 'hunting',
    format: 'sigma',
    query: x.query,
    tactics,
    techniques,
    requiredDataConnectors: connectors,
    tables: [...x.tables].sort(),
    ...(doc.level ? { severity: SEVERITY_OF_LEVEL[doc.level] } : {}),
    entityMappings: x.tables.length
      ? [{ entityType: 'Host', fieldMappings: [{ identifier: 'HostName', columnName: hostColumn(x.tables[0]!) }] }]
      : [],
    customDetails: {},
    tags: doc.tags,
    references: doc.references,
    source: index !== undefined ? { ...source, block: index } : source,
    sigma,
    extra: {},
    lint: UNCHECKED,
  };
}
