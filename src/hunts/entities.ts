/**
 * Findings from result rows: each row of a rule's result is one finding, identified by the rule
 * and the row's entity columns (the things an analyst triages: a device, an account, a URL, a file).
 * Measures that change between runs (counts, first/last seen, report ids) are not part of the key,
 * so the same entity found again is the same finding.
 */
import { createHash } from 'node:crypto';
import type { Table } from '../kql/engine.js';
import { jsonText, toJsonCell } from '../kql/engine.js';
import type { NewFinding } from '../store/types.js';

/** Entity columns in the order they are shown; a result's keys are those it has. */
export const ENTITY_COLUMNS: readonly string[] = [
  'DeviceId',
  'DeviceName',
  'AccountName',
  'AccountDomain',
  'AccountUpn',
  'AccountSid',
  'InitiatingProcessAccountName',
  'InitiatingProcessAccountUpn',
  'RemoteUrl',
  'RemoteIP',
  'LocalIP',
  'IPAddress',
  'FileName',
  'FolderPath',
  'SHA1',
  'SHA256',
  'MD5',
  'InitiatingProcessFileName',
  'InitiatingProcessSHA1',
  'RegistryKey',
  'Signer',
  'Computer',
  'UserPrincipalName',
];

const ENTITY_SET = new Set(ENTITY_COLUMNS);

/** Column indexes of the entity columns in `table`; empty when it has none. */
export function entityColumns(table: Table): number[] {
  const out: number[] = [];
  table.schema.columns.forEach((c, i) => {
    if (ENTITY_SET.has(c.name)) out.push(i);
  });
  return out;
}

/** Row `r` as a JSON object of cells. */
export function rowObject(table: Table, r: number): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  table.schema.columns.forEach((c, i) => {
    row[c.name] = toJsonCell(table.columns[i]!.get(r), c.type);
  });
  return row;
}

/** Stable finding id: SHA-256 over the rule id and the key cells, 20 hex digits. */
export function findingId(ruleId: string, keys: Readonly<Record<string, unknown>>): string {
  const canonical = jsonText([
    ruleId,
    Object.keys(keys)
      .sort()
      .map((k) => [k, keys[k]]),
  ]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 20);
}

/**
 * One finding per row. Without entity columns the whole row is the key (a rule that projects only
 * measures still yields findings, but they change identity when the measures change).
 */
export function findingsOf(ruleId: string, ruleName: string, table: Table): NewFinding[] {
  const keyCols = entityColumns(table);
  const out: NewFinding[] = [];
  const seen = new Set<string>();
  for (let r = 0; r < table.rowCount; r++) {
    const row = rowObject(table, r);
    const keys: Record<string, unknown> = {};
    if (keyCols.length === 0) Object.assign(keys, row);
    else for (const i of keyCols) keys[table.schema.columns[i]!.name] = row[table.schema.columns[i]!.name];
    const id = findingId(ruleId, keys);
    // Two rows with the same keys (a rule without summarize) are one finding; the last row wins.
    if (seen.has(id)) {
      const k = out.findIndex((f) => f.id === id);
      out[k] = { ...out[k]!, row };
      continue;
    }
    seen.add(id);
    out.push({ id, ruleId, ruleName, keys, row });
  }
  return out;
}
