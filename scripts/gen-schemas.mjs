#!/usr/bin/env node
/**
 * Generates src/telemetry/schemas.generated.ts from the shared schema catalog:
 *   ../shared/data/schemas/catalog/<Table>.json (+ index.json for the names without a schema)
 *
 * Usage: node scripts/gen-schemas.mjs [sharedDataDir] [outFile]
 *
 * The catalog already merged its sources (Defender XDR advanced-hunting docs, Azure Monitor table
 * reference, Azure-Sentinel CustomTables); its README says how. Policy applied here (documented in
 * docs/telemetry.md):
 * - Column type: the catalog's (first source's), except string-vs-dynamic where dynamic wins: the
 *   Sentinel copy stores AdditionalFields/LoggedOnUsers as dynamic and real queries index into them.
 * - Alternative spellings of a column in another source (IdentityInfo AccountUpn / AccountUPN) are
 *   kept as columns of their own, right after the canonical one, and marked as its alias: Kusto
 *   column names are case-sensitive and rules of both dialects use them.
 * - Per table: product (Defender XDR | Log Analytics | both), the time column, the Sentinel time
 *   column, which columns only the Sentinel copy has, and the Sentinel data connectors known to fill it.
 *
 * Output is compact (one string per table, decoded lazily by src/telemetry/schemas.ts): 762 tables
 * and 21k columns as object literals would cost the CLI's start-up time.
 * Only facts (names, types) are taken; the output is re-creatable by re-running this script.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = resolve(process.argv[2] ?? join(here, '../../shared/data'));
const outFile = resolve(process.argv[3] ?? join(here, '../src/telemetry/schemas.generated.ts'));
const catalogDir = join(dataDir, 'schemas/catalog');

/** Engine type → one-letter code used in the compact encoding (decoded in src/telemetry/schemas.ts). */
const TYPE_CODE = {
  string: 's',
  int: 'i',
  long: 'l',
  real: 'r',
  bool: 'b',
  datetime: 'd',
  timespan: 't',
  guid: 'g',
  dynamic: 'y',
  decimal: 'm',
};
const PRODUCT_CODE = { 'Defender XDR': 'X', 'Log Analytics': 'L', both: 'B' };

const MTP = 'MicrosoftThreatProtection';
/** Sentinel data connector ids of Log Analytics tables (first = primary; AMA-based successor second). */
const SENTINEL_CONNECTORS = {
  SecurityEvent: ['SecurityEvents', 'WindowsSecurityEvents'],
  SigninLogs: ['AzureActiveDirectory'],
  AuditLogs: ['AzureActiveDirectory'],
  AADNonInteractiveUserSignInLogs: ['AzureActiveDirectory'],
  AADServicePrincipalSignInLogs: ['AzureActiveDirectory'],
  AADManagedIdentitySignInLogs: ['AzureActiveDirectory'],
  AADProvisioningLogs: ['AzureActiveDirectory'],
  AADRiskyUsers: ['AzureActiveDirectory'],
  AADUserRiskEvents: ['AzureActiveDirectory'],
  AzureActivity: ['AzureActivity'],
  OfficeActivity: ['Office365'],
  CommonSecurityLog: ['CEF', 'CefAma'],
  Syslog: ['Syslog', 'SyslogAma'],
  WindowsEvent: ['WindowsForwardedEvents'],
  DnsEvents: ['DNS'],
  AWSCloudTrail: ['AWS', 'AwsS3'],
  ThreatIntelligenceIndicator: ['ThreatIntelligence', 'ThreatIntelligenceTaxii'],
  BehaviorAnalytics: ['BehaviorAnalytics'],
};

/** Source id → what and under which licence (the catalog's README has the details). */
const SOURCE_ORIGIN = {
  'defender-docs': 'MicrosoftDocs/defender-docs',
  'azure-monitor-ref': 'MicrosoftDocs/azure-reference-other',
  'azure-monitor-docs': 'MicrosoftDocs/azure-monitor-docs',
  'azure-monitor-docs-toc': 'MicrosoftDocs/azure-monitor-docs',
  'azure-sentinel-customtables': 'Azure/Azure-Sentinel',
};

function readTable(file) {
  return JSON.parse(readFileSync(join(catalogDir, file), 'utf8').replace(/^\uFEFF/, ''));
}

function columnType(c, where) {
  const all = [c.type, ...Object.values(c.typeBySource ?? {})];
  const t = c.type === 'string' && all.includes('dynamic') ? 'dynamic' : c.type;
  if (!TYPE_CODE[t]) throw new Error(`unknown type ${t} in ${where}`);
  return t;
}

function build() {
  const files = readdirSync(catalogDir)
    .filter((f) => f.endsWith('.json') && f !== 'index.json')
    .sort();
  const sourceKeys = [];
  const sourceIndex = new Map();
  const tables = [];
  let columnCount = 0;
  for (const file of files) {
    const t = readTable(file);
    const where = `${file}`;
    if (!PRODUCT_CODE[t.product]) throw new Error(`unknown product ${t.product} in ${where}`);
    const seen = new Set();
    const cols = [];
    for (const c of t.columns) {
      if (seen.has(c.name)) continue;
      seen.add(c.name);
      const code = TYPE_CODE[columnType(c, where)];
      cols.push(`${c.name}:${code}${c.sentinelOnly ? '!' : ''}`);
      columnCount++;
      for (const alt of c.altNames ?? []) {
        if (seen.has(alt)) continue;
        seen.add(alt);
        cols.push(`${alt}:${code}~${c.name}`);
        columnCount++;
      }
    }
    const sources = t.sources.map((s) => {
      if (!SOURCE_ORIGIN[s.id]) throw new Error(`unknown source ${s.id} in ${where}`);
      const key = `${s.id}@${s.commit ?? ''}`;
      if (!sourceIndex.has(key)) {
        sourceIndex.set(key, sourceKeys.length);
        sourceKeys.push({ id: s.id, commit: s.commit, license: s.license });
      }
      return `${sourceIndex.get(key)}@${s.path ?? ''}`;
    });
    const connectors =
      t.product === 'Log Analytics'
        ? (SENTINEL_CONNECTORS[t.name] ?? [])
        : [MTP, ...(SENTINEL_CONNECTORS[t.name] ?? [])];
    const flags = `${t.customLog ? 'c' : ''}${t.customTablesOnly ? 't' : ''}${t.logAnalyticsColumnsUnknown ? 'u' : ''}`;
    const encoded = [
      PRODUCT_CODE[t.product],
      t.timeColumn ?? '',
      t.sentinelTimeColumn ?? '',
      flags,
      connectors.join(','),
      sources.join(';'),
      cols.join(','),
    ].join('|');
    tables.push([t.name, encoded]);
  }
  const index = readTable('index.json');
  const withoutSchema = (index.knownTableNamesWithoutSchema?.names ?? []).filter(
    (n) => !tables.some(([name]) => name === n),
  );
  return { tables, sourceKeys, withoutSchema, columnCount };
}

function render({ tables, sourceKeys, withoutSchema }) {
  const lines = [];
  lines.push('// GENERATED by scripts/gen-schemas.mjs — do not edit; re-run `node scripts/gen-schemas.mjs`.');
  lines.push('//');
  lines.push(
    '// Facts only (table names, column names and types), from the schema catalog in ../shared/data/schemas/catalog:',
  );
  lines.push('// - MicrosoftDocs/defender-docs, defender-xdr/advanced-hunting-<table>-table.md — CC BY 4.0');
  lines.push('// - MicrosoftDocs/azure-reference-other (azure-monitor-ref/tables) and azure-monitor-docs — CC BY 4.0');
  lines.push('// - Azure/Azure-Sentinel, .script/tests/KqlvalidationsTests/CustomTables/<table>.json — MIT');
  lines.push(
    '// Attribution: Microsoft Learn documentation, (c) Microsoft, CC BY 4.0; Azure-Sentinel (c) Microsoft, MIT.',
  );
  lines.push('// Encoding (decoded lazily by src/telemetry/schemas.ts): one string per table,');
  lines.push('//   product|timeColumn|sentinelTimeColumn|flags|connectors|sources|columns');
  lines.push('// product X = Defender XDR, L = Log Analytics, B = both; flags c = custom log (_CL), t = only an');
  lines.push('// Azure-Sentinel CustomTables file, u = Log Analytics columns unknown; sources `i@path;…` (i indexes');
  lines.push('// SCHEMA_SOURCES); columns `Name:t` with t one of s i l r b d t g y m (string int long real bool');
  lines.push('// datetime timespan guid dynamic decimal), `!` = only the Sentinel copy has it, `~Other` = an');
  lines.push('// alternative spelling of column Other.');
  lines.push('');
  lines.push('export interface SchemaSourceKey {');
  lines.push('  readonly id: string;');
  lines.push('  readonly repo: string;');
  lines.push('  readonly commit?: string;');
  lines.push('  readonly license: string;');
  lines.push('}');
  lines.push('');
  lines.push('export const SCHEMA_SOURCES: readonly SchemaSourceKey[] = [');
  for (const s of sourceKeys) {
    const license = s.license.startsWith('CC-BY-4.0') ? 'CC-BY-4.0' : s.license;
    const commit = s.commit ? `, commit: '${s.commit}'` : '';
    lines.push(`  { id: '${s.id}', repo: '${SOURCE_ORIGIN[s.id]}'${commit}, license: '${license}' },`);
  }
  lines.push('];');
  lines.push('');
  lines.push('export const ENCODED_TABLES: Readonly<Record<string, string>> = {');
  for (const [name, enc] of tables) lines.push(`  ${name}: ${JSON.stringify(enc)},`);
  lines.push('};');
  lines.push('');
  lines.push('/** Log Analytics tables the Azure Monitor reference names but whose columns the catalog lacks. */');
  lines.push('export const TABLES_WITHOUT_SCHEMA: readonly string[] = [');
  for (let i = 0; i < withoutSchema.length; i += 6) {
    lines.push(
      `  ${withoutSchema
        .slice(i, i + 6)
        .map((n) => `'${n}'`)
        .join(', ')},`,
    );
  }
  lines.push('];');
  lines.push('');
  return lines.join('\n');
}

const result = build();
writeFileSync(outFile, render(result));
console.log(
  `wrote ${outFile}: ${result.tables.length} tables, ${result.columnCount} columns, ${result.withoutSchema.length} names without schema`,
);
