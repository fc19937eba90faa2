#!/usr/bin/env node
/**
 * Generates src/telemetry/schemas.generated.ts from the shared schema facts:
 *   ../shared/data/mde_schema.json, ../shared/data/schemas/{*.json,defender_docs/*.json,azure_monitor_docs/*.json}
 *
 * Usage: node scripts/gen-schemas.mjs [sharedDataDir] [outFile]
 *
 * Merge policy (documented in docs/telemetry.md):
 * - Defender XDR tables: base = defender_docs (documentation order), else mde_schema.json, else the
 *   Azure-Sentinel CustomTables copy. Columns the base lacks are appended from mde_schema.json, then
 *   from the Sentinel copy (TimeGenerated, TenantId, SourceSystem, Type, MachineGroup, …), so both
 *   Defender-style (`Timestamp`) and Sentinel-style (`TimeGenerated`) queries bind.
 * - Type conflicts: the base wins, except string-vs-dynamic where dynamic wins (Sentinel stores
 *   AdditionalFields/LoggedOnUsers as dynamic and real queries index into them: `AdditionalFields.x`).
 * - Sentinel tables: azure_monitor_docs.
 * Only facts (names, types) are taken; the output is re-creatable by re-running this script.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = resolve(process.argv[2] ?? join(here, '../../shared/data'));
const outFile = resolve(process.argv[3] ?? join(here, '../src/telemetry/schemas.generated.ts'));

/** Kusto type spellings seen in the sources → the engine's ScalarType names. */
const TYPE_MAP = {
  bool: 'bool',
  boolean: 'bool',
  int: 'int',
  long: 'long',
  real: 'real',
  double: 'real',
  decimal: 'decimal',
  string: 'string',
  datetime: 'datetime',
  timespan: 'timespan',
  guid: 'guid',
  dynamic: 'dynamic',
};

const MTP = 'MicrosoftThreatProtection';
/** Sentinel data connector ids per Sentinel table (first = primary; AMA-based successor second). */
const SENTINEL_CONNECTORS = {
  SecurityEvent: ['SecurityEvents', 'WindowsSecurityEvents'],
  SigninLogs: ['AzureActiveDirectory'],
  AuditLogs: ['AzureActiveDirectory'],
  AzureActivity: ['AzureActivity'],
  OfficeActivity: ['Office365'],
  CommonSecurityLog: ['CEF', 'CefAma'],
  Syslog: ['Syslog', 'SyslogAma'],
};

const SOURCES = {
  mde: {
    file: 'data/mde_schema.json',
    origin: 'MicrosoftDocs/defender-docs advanced-hunting table reference (facts only)',
    license: 'CC-BY-4.0',
  },
  defender: {
    origin: 'MicrosoftDocs/defender-docs defender-xdr/advanced-hunting-<table>-table.md',
    license: 'CC-BY-4.0',
  },
  monitor: { origin: 'MicrosoftDocs/azure-reference-other azure-monitor-ref/tables/<table>.md', license: 'CC-BY-4.0' },
  sentinel: {
    origin: 'Azure/Azure-Sentinel .script/tests/KqlvalidationsTests/CustomTables/<table>.json',
    license: 'MIT',
  },
};

function lowerKeys(obj) {
  const out = {};
  for (const [k, v] of Object.entries(obj)) out[k.toLowerCase()] = v;
  return out;
}

function normType(t, where) {
  const n = TYPE_MAP[String(t).toLowerCase()];
  if (!n) throw new Error(`unknown type ${t} in ${where}`);
  return n;
}

/** Reads one `{Name, Properties:[{Name, Type}]}` file, keys case-insensitive, BOM/CRLF tolerant. */
function readSchemaFile(path) {
  const raw = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const doc = lowerKeys(JSON.parse(raw));
  const seen = new Set();
  const columns = [];
  for (const p of doc.properties ?? []) {
    const c = lowerKeys(p);
    if (seen.has(c.name)) continue; // IdentityInfo.json lists UACFlags twice
    seen.add(c.name);
    columns.push({ name: c.name, type: normType(c.type, path) });
  }
  return { name: doc.name ?? basename(path, '.json'), columns, source: doc.source };
}

function readDir(dir) {
  const out = {};
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith('.json')) continue;
    const s = readSchemaFile(join(dir, f));
    out[s.name] = { ...s, file: join(dir, f) };
  }
  return out;
}

const rel = (p) => `data/${p.slice(dataDir.length + 1).replaceAll('\\', '/')}`;

function mergeInto(base, extra) {
  const byName = new Map(base.map((c, i) => [c.name, i]));
  const added = [];
  for (const c of extra) {
    const i = byName.get(c.name);
    if (i === undefined) {
      byName.set(c.name, base.length);
      base.push({ ...c });
      added.push(c.name);
    } else if (base[i].type === 'string' && c.type === 'dynamic') {
      base[i] = { ...base[i], type: 'dynamic' };
    }
  }
  return added;
}

function build() {
  const mdeDoc = JSON.parse(readFileSync(join(dataDir, 'mde_schema.json'), 'utf8'));
  const notes = mdeDoc._notes ?? {};
  const mde = {};
  for (const [t, cols] of Object.entries(mdeDoc)) {
    if (t.startsWith('_')) continue;
    mde[t] = cols.map((c) => ({ name: c.name, type: normType(c.type, `mde_schema.json ${t}`) }));
  }
  const defender = readDir(join(dataDir, 'schemas/defender_docs'));
  const monitor = readDir(join(dataDir, 'schemas/azure_monitor_docs'));
  const sentinel = readDir(join(dataDir, 'schemas'));
  const sentinelExtra = (notes.sentinel_extra_columns ?? []).map((c) => ({
    name: c.name,
    type: normType(c.type, 'mde'),
  }));

  const tables = {};
  const info = {};
  const mtpNames = new Set([...Object.keys(defender), ...Object.keys(mde), ...Object.keys(sentinel)]);
  for (const name of [...mtpNames].sort()) {
    const sources = [];
    let columns;
    if (defender[name]) {
      columns = defender[name].columns.map((c) => ({ ...c }));
      sources.push({ ...SOURCES.defender, file: rel(defender[name].file), commit: defender[name].source?.commit });
    } else if (mde[name]) {
      columns = mde[name].map((c) => ({ ...c }));
    } else {
      columns = sentinel[name].columns.map((c) => ({ ...c }));
    }
    if (mde[name]) {
      mergeInto(columns, mde[name]);
      sources.push(SOURCES.mde);
    }
    // Defender advanced hunting's time column; the Sentinel IdentityInfo copy lacks it.
    mergeInto(columns, [{ name: 'Timestamp', type: 'datetime' }]);
    const sentinelOnly = [];
    if (sentinel[name]) {
      sentinelOnly.push(...mergeInto(columns, sentinel[name].columns));
      sources.push({ ...SOURCES.sentinel, file: rel(sentinel[name].file) });
    }
    const extra = sentinelExtra.filter((c) => c.name !== 'MachineGroup' || name.startsWith('Device'));
    sentinelOnly.push(...mergeInto(columns, extra));
    // When the Sentinel copy is the base, its Log Analytics columns are still Sentinel-only.
    const extraNames = new Set(sentinelExtra.map((c) => c.name));
    for (const c of columns) if (extraNames.has(c.name) && !sentinelOnly.includes(c.name)) sentinelOnly.push(c.name);
    tables[name] = columns;
    info[name] = {
      product: 'Defender XDR',
      connector: MTP,
      connectors: [MTP],
      timeColumn: 'Timestamp',
      sentinelOnlyColumns: sentinelOnly,
      sources,
    };
  }
  for (const name of Object.keys(monitor).sort()) {
    if (tables[name]) throw new Error(`table ${name} in two products`);
    const connectors = SENTINEL_CONNECTORS[name];
    if (!connectors) throw new Error(`no Sentinel connector known for ${name}`);
    tables[name] = monitor[name].columns;
    info[name] = {
      product: 'Sentinel',
      connector: connectors[0],
      connectors,
      timeColumn: 'TimeGenerated',
      sentinelOnlyColumns: [],
      sources: [{ ...SOURCES.monitor, file: rel(monitor[name].file), commit: monitor[name].source?.commit }],
    };
  }
  return { tables, info };
}

function render({ tables, info }) {
  const lines = [];
  lines.push('/* eslint-disable */');
  lines.push('// GENERATED by scripts/gen-schemas.mjs — do not edit; re-run `node scripts/gen-schemas.mjs`.');
  lines.push('//');
  lines.push('// Sources (facts only: table names, column names and types):');
  lines.push('// - MicrosoftDocs/defender-docs, defender-xdr/advanced-hunting-<table>-table.md — CC BY 4.0');
  lines.push('// - MicrosoftDocs/azure-reference-other, azure-monitor-ref/tables/<table>.md — CC BY 4.0');
  lines.push('// - Azure/Azure-Sentinel, .script/tests/KqlvalidationsTests/CustomTables/<table>.json — MIT');
  lines.push('// Merge policy: see scripts/gen-schemas.mjs and docs/telemetry.md.');
  lines.push("import type { TableSchema } from '../kql/engine.js';");
  lines.push("import type { TableInfo } from './table-info.js';");
  lines.push('');
  lines.push('export const TABLE_SCHEMAS: Readonly<Record<string, TableSchema>> = {');
  for (const [name, cols] of Object.entries(tables)) {
    lines.push(`  ${name}: {`);
    lines.push('    columns: [');
    for (const c of cols) lines.push(`      { name: ${JSON.stringify(c.name)}, type: '${c.type}' },`);
    lines.push('    ],');
    lines.push('  },');
  }
  lines.push('};');
  lines.push('');
  lines.push('export const TABLE_INFO: Readonly<Record<string, TableInfo>> = {');
  for (const [name, i] of Object.entries(info)) {
    lines.push(`  ${name}: ${JSON.stringify(i)},`);
  }
  lines.push('};');
  lines.push('');
  return lines.join('\n');
}

const result = build();
writeFileSync(outFile, render(result));
const n = Object.keys(result.tables).length;
const cols = Object.values(result.tables).reduce((a, c) => a + c.length, 0);
console.log(`wrote ${outFile}: ${n} tables, ${cols} columns`);
