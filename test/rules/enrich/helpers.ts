/** Seed rules 000 (SyncroMSP Create Process) and 001 (Network Connection) loaded as Rule values. */

import type { Rule } from '../../../src/rules/model.js';
import { loadSentinelYaml } from '../../../src/rules/sentinel-yaml.js';
import { seedYaml } from '../exclusions/helpers.js';

export const NETCONN_SOURCE_URL =
  'https://github.com/Azure/Azure-Sentinel/blob/main/Hunting Queries/Microsoft 365 Defender/RemoteManagementMonitoring/rmm_SyncroMSP_netconn.yaml';

function load(prefix: string, end: RegExp, path: string, url?: string): Rule {
  const text = seedYaml(prefix, end);
  const result = loadSentinelYaml(text, { repository: 'Azure/Azure-Sentinel', path, ...(url ? { url } : {}) });
  const rule = result.rules[0];
  if (!rule) throw new Error(`seed ${prefix} did not load: ${JSON.stringify(result.diagnostics)}`);
  return rule;
}

export function seedCreateProc(): Rule {
  return load(
    '000_',
    /^\| Sentinel Table/,
    'Hunting Queries/Microsoft 365 Defender/RemoteManagementMonitoring/rmm_SyncroMSP_createproc.yaml',
  );
}

export function seedNetConn(): Rule {
  return load(
    '001_',
    /^Required Data Sources/,
    'Hunting Queries/Microsoft 365 Defender/RemoteManagementMonitoring/rmm_SyncroMSP_netconn.yaml',
    NETCONN_SOURCE_URL,
  );
}
