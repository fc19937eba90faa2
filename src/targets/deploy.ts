/**
 * `rules deploy`: a catalog rule as a Sentinel scheduled analytics rule (ARM PUT of
 * Microsoft.SecurityInsights/alertRules, kind Scheduled) or a Defender XDR custom detection rule
 * (Graph POST security/rules/detectionRules), with the tuned query (enabled exclusions compiled in).
 * The request is built here and sent through Microsoft's SDK pipeline (@azure/core-rest-pipeline
 * for ARM, the Graph client for Defender), or only printed with --dry-run.
 */
import type { TokenCredential } from '@azure/core-auth';
import { ruleWindow } from '../hunts/window.js';
import { bind, parse } from '../kql/engine.js';
import { isoOf, parseDuration } from '../rules/duration.js';
import type { EntityMapping, Rule } from '../rules/model.js';
import { schemaCatalog } from '../telemetry/schemas.js';
import type { TargetAddress } from './address.js';
import { classify } from './failures.js';
import { TargetError } from './types.js';

/** The ARM API version of Microsoft.SecurityInsights alert rules used for the PUT. */
export const SECURITY_INSIGHTS_API = '2024-03-01';
/** Sentinel's bounds: queryPeriod 5 minutes .. 14 days, queryFrequency 5 minutes .. 14 days and ≤ period. */
const MIN_S = 300;
const MAX_S = 14 * 86_400;

export interface DeployRequest {
  readonly method: 'PUT' | 'POST';
  readonly url: string;
  readonly body: Record<string, unknown>;
  /** Problems found before sending (the request is still printed with --dry-run). */
  readonly problems: readonly string[];
}

export interface DeployOptions {
  /** The query to deploy (the tuned query); default the rule's query. */
  readonly query?: string;
  readonly frequency?: string;
  readonly period?: string;
  readonly enabled?: boolean;
}

const SEVERITY = { Informational: 'Informational', Low: 'Low', Medium: 'Medium', High: 'High' } as const;
const TRIGGER = { gt: 'GreaterThan', lt: 'LessThan', eq: 'Equal', ne: 'NotEqual' } as const;

/** Output columns of the query (bound against the built-in schemas), for entity mappings and checks. */
export function outputColumns(query: string): string[] {
  const bound = bind(parse(query), { catalog: schemaCatalog() });
  return bound.schema?.columns.map((c) => c.name) ?? [];
}

/** Common columns → Sentinel entities, used when the rule maps none. */
const DEFAULT_MAPPINGS: readonly { column: string; entityType: string; identifier: string }[] = [
  { column: 'DeviceName', entityType: 'Host', identifier: 'HostName' },
  { column: 'AccountName', entityType: 'Account', identifier: 'Name' },
  { column: 'AccountUpn', entityType: 'Account', identifier: 'FullName' },
  { column: 'RemoteIP', entityType: 'IP', identifier: 'Address' },
  { column: 'RemoteUrl', entityType: 'URL', identifier: 'Url' },
  { column: 'SHA256', entityType: 'FileHash', identifier: 'Value' },
];

function entityMappings(rule: Rule, columns: readonly string[]): EntityMapping[] {
  const have = new Set(columns);
  if (rule.entityMappings.length > 0)
    return rule.entityMappings
      .map((m) => ({ ...m, fieldMappings: m.fieldMappings.filter((f) => have.has(f.columnName)) }))
      .filter((m) => m.fieldMappings.length > 0);
  const byType = new Map<string, { identifier: string; columnName: string }[]>();
  for (const d of DEFAULT_MAPPINGS)
    if (have.has(d.column) && !byType.has(d.entityType))
      byType.set(d.entityType, [{ identifier: d.identifier, columnName: d.column }]);
  return [...byType].map(([entityType, fieldMappings]) => ({ entityType, fieldMappings }));
}

function seconds(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const d = parseDuration(text);
  if (!d)
    throw new TargetError({
      kind: 'protocol',
      code: 'TGT010',
      message: `${option}: '${text}' is not a duration (1h, 5d, PT1H)`,
    });
  return d.seconds;
}

const clamp = (s: number) => Math.min(MAX_S, Math.max(MIN_S, s));

export function sentinelRequest(
  rule: Rule,
  addr: Extract<TargetAddress, { kind: 'sentinel' }>,
  o: DeployOptions = {},
): DeployRequest {
  const query = o.query ?? rule.query;
  const problems: string[] = [];
  // Period: --period, the rule's, else its own ago()/now(-…) lookback, else a day.
  const lookback = ruleWindow(query, schemaCatalog(), 0n)?.lookback;
  const periodS = clamp(
    seconds(o.period, '--period') ??
      rule.queryPeriod?.seconds ??
      (lookback !== undefined ? Number(lookback / 10_000_000n) : 86_400),
  );
  const frequencyS = Math.min(
    periodS,
    clamp(seconds(o.frequency, '--frequency') ?? rule.queryFrequency?.seconds ?? Math.min(periodS, 86_400)),
  );
  const columns = outputColumns(query);
  const techniques = [...new Set(rule.techniques.map((t) => t.split('.')[0]!))];
  const subTechniques = rule.techniques.filter((t) => t.includes('.'));
  const mappings = entityMappings(rule, columns);
  if (mappings.length === 0) problems.push('no entity mapping: the query returns none of the mapped columns');
  const url =
    `${addr.endpoint}/subscriptions/${encodeURIComponent(addr.subscription)}/resourceGroups/${encodeURIComponent(addr.resourceGroup)}` +
    `/providers/Microsoft.OperationalInsights/workspaces/${encodeURIComponent(addr.workspace)}` +
    `/providers/Microsoft.SecurityInsights/alertRules/${encodeURIComponent(rule.id)}?api-version=${SECURITY_INSIGHTS_API}`;
  return {
    method: 'PUT',
    url,
    problems,
    body: {
      kind: 'Scheduled',
      properties: {
        displayName: rule.name,
        description: rule.description,
        severity: SEVERITY[rule.severity ?? 'Medium'],
        enabled: o.enabled ?? true,
        query,
        queryFrequency: isoOf(frequencyS),
        queryPeriod: isoOf(periodS),
        triggerOperator: TRIGGER[rule.triggerOperator ?? 'gt'],
        triggerThreshold: rule.triggerThreshold ?? 0,
        suppressionDuration: isoOf(Math.max(frequencyS, 3600)),
        suppressionEnabled: false,
        tactics: [...rule.tactics],
        techniques,
        ...(subTechniques.length ? { subTechniques } : {}),
        entityMappings: mappings,
        ...(Object.keys(rule.customDetails).length ? { customDetails: rule.customDetails } : {}),
        ...(rule.version ? { templateVersion: rule.version } : {}),
        eventGroupingSettings: { aggregationKind: 'SingleAlert' },
      },
    },
  };
}

/** Defender schedules: 0 (continuous), 1H, 3H, 12H, 24H. */
function defenderPeriod(frequencyS: number): string {
  for (const [s, p] of [
    [3600, '1H'],
    [3 * 3600, '3H'],
    [12 * 3600, '12H'],
  ] as const)
    if (frequencyS <= s) return p;
  return '24H';
}

export function defenderRequest(
  rule: Rule,
  addr: Extract<TargetAddress, { kind: 'defender' }>,
  o: DeployOptions = {},
): DeployRequest {
  const query = o.query ?? rule.query;
  const columns = outputColumns(query);
  const problems: string[] = [];
  // Custom detections need the event's time and id, and an entity column to raise the alert on.
  for (const c of ['Timestamp', 'ReportId'])
    if (!columns.includes(c))
      problems.push(`Defender custom detections need a ${c} column in the result; the query returns none`);
  const assets = [
    ...(columns.includes('DeviceId')
      ? [{ '@odata.type': '#microsoft.graph.security.impactedDeviceAsset', identifier: 'deviceId' }]
      : []),
    ...(columns.includes('AccountObjectId')
      ? [{ '@odata.type': '#microsoft.graph.security.impactedUserAsset', identifier: 'accountObjectId' }]
      : []),
  ];
  if (assets.length === 0) problems.push('no impacted asset: the query returns neither DeviceId nor AccountObjectId');
  const frequencyS = seconds(o.frequency, '--frequency') ?? rule.queryFrequency?.seconds ?? 86_400;
  return {
    method: 'POST',
    url: `${addr.endpoint}/beta/security/rules/detectionRules`,
    problems,
    body: {
      displayName: rule.name,
      isEnabled: o.enabled ?? true,
      queryCondition: { queryText: query },
      schedule: { period: defenderPeriod(frequencyS) },
      detectionAction: {
        alertTemplate: {
          title: rule.name,
          description: rule.description,
          severity: (rule.severity ?? 'Medium').toLowerCase(),
          category: rule.tactics[0] ?? 'SuspiciousActivity',
          mitreTechniques: [...rule.techniques],
          recommendedActions: null,
          impactedAssets: assets,
        },
        organizationalScope: null,
        responseActions: [],
      },
    },
  };
}

/** Sends the request through the SDK; returns the created resource's id. */
export async function sendDeploy(
  req: DeployRequest,
  addr: Extract<TargetAddress, { kind: 'sentinel' | 'defender' }>,
  credential: TokenCredential,
): Promise<string> {
  try {
    if (addr.kind === 'defender') {
      const { graphClient } = await import('./defender.js');
      const client = await graphClient(addr.endpoint, credential);
      const created = (await client.api(req.url).post(req.body)) as { id?: string };
      return String(created?.id ?? '');
    }
    const p = await import('@azure/core-rest-pipeline');
    const pipeline = p.createPipelineFromOptions({ retryOptions: { maxRetries: 3 } });
    pipeline.addPolicy(p.bearerTokenAuthenticationPolicy({ credential, scopes: `${addr.endpoint}/.default` }));
    const request = p.createPipelineRequest({
      url: req.url,
      method: req.method,
      headers: p.createHttpHeaders({ 'content-type': 'application/json' }),
      body: JSON.stringify(req.body),
    });
    const res = await pipeline.sendRequest(p.createDefaultHttpClient(), request);
    if (res.status !== 200 && res.status !== 201)
      throw Object.assign(new Error(`HTTP ${res.status}`), { statusCode: res.status, body: res.bodyAsText });
    const created = JSON.parse(res.bodyAsText ?? '{}') as { id?: string };
    return String(created.id ?? '');
  } catch (e) {
    throw new TargetError(classify(e, addr.text), { cause: e });
  }
}
