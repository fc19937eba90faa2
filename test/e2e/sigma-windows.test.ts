/**
 * End to end: a hand-written Sigma rule per category, converted by src/rules/sigma, fires on the
 * Sysmon event it describes and stays silent on a near miss — the events (test/fixtures/windows,
 * written by the telemetry side) loaded as .evtx, as evtx_dump-style JSON and as flat Windows-event
 * JSON. Registry rename and WMI are left out: Defender XDR has no table for them (docs/sigma.md).
 * PowerShell script blocks (ps_script) and the System log (service system) convert onto WindowsEvent,
 * where the loader puts events Defender has no table for.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runQuery } from '../../src/kql/engine.js';
import { loadSigmaYaml } from '../../src/rules/sigma/load.js';
import { loadTelemetry } from '../../src/telemetry/load.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'windows');

/** fixture folder → [Sigma category, detection body]. */
const RULES: Readonly<Record<string, readonly [string, string]>> = {
  process_creation: [
    'process_creation',
    "sel:\n    Image|endswith: '\\powershell.exe'\n    CommandLine|contains: ' -enc '",
  ],
  network_connection: [
    'network_connection',
    "sel:\n    Image|endswith: '\\rundll32.exe'\n    Initiated: 'true'\n  filter:\n    DestinationIp|cidr: '10.0.0.0/8'",
  ],
  file_event: [
    'file_event',
    "sel:\n    TargetFilename|contains: '\\Start Menu\\Programs\\Startup\\'\n    TargetFilename|endswith: '.lnk'",
  ],
  file_delete: [
    'file_delete',
    "sel:\n    TargetFilename|startswith: 'C:\\Windows\\System32\\winevt\\Logs\\'\n    TargetFilename|endswith: '.evtx'",
  ],
  file_delete_detected: [
    'file_delete',
    "sel:\n    TargetFilename|startswith: 'C:\\ProgramData\\'\n    TargetFilename|endswith: '.dll'",
  ],
  registry_add: [
    'registry_add',
    "sel:\n    EventType: 'CreateKey'\n    TargetObject|contains: '\\CurrentControlSet\\Services\\'",
  ],
  registry_delete: [
    'registry_delete',
    "sel:\n    EventType: 'DeleteKey'\n    TargetObject|contains: '\\AMSI\\Providers\\'",
  ],
  registry_set: [
    'registry_set',
    "sel:\n    TargetObject|contains: '\\CurrentVersion\\Run\\'\n    Details|contains: '\\Temp\\'",
  ],
  image_load: [
    'image_load',
    "sel:\n    ImageLoaded|endswith: '\\System.Management.Automation.dll'\n  filter:\n    Image|endswith: '\\powershell.exe'",
  ],
  dns_query: ['dns_query', "sel:\n    QueryName|endswith: '.ngrok.io'"],
  pipe_created: ['pipe_created', "sel:\n    PipeName|startswith: '\\postex_'"],
  process_access: ['process_access', "sel:\n    TargetImage|endswith: '\\lsass.exe'\n    GrantedAccess: '0x1010'"],
  create_remote_thread: ['create_remote_thread', "sel:\n    SourceImage|endswith: '\\powershell.exe'"],
  driver_load: ['driver_load', "sel:\n    ImageLoaded|contains: '\\Temp\\'\n    ImageLoaded|endswith: '.sys'"],
  // Channels Defender does not record: the rule converts onto WindowsEvent, the events load there.
  ps_script: [
    'ps_script',
    "sel:\n    ScriptBlockText|contains|all:\n      - 'Net.WebClient'\n      - '.DownloadString('",
  ],
  system: [
    'service: system',
    "sel:\n    Provider_Name: 'Service Control Manager'\n    EventID: 7045\n    ImagePath|contains: '\\AppData\\Local\\Temp\\'",
  ],
};

/** `category` is a Sigma category, or `service: <name>`. */
function ruleText(category: string, body: string): string {
  const condition = body.includes('filter:') ? 'sel and not filter' : 'sel';
  const logsource = category.startsWith('service: ') ? category : `category: ${category}`;
  return `title: e2e ${category.replace(': ', ' ')}\nid: 00000000-0000-4000-8000-000000000001\nlogsource:\n  ${logsource}\n  product: windows\ndetection:\n  ${body}\n  condition: ${condition}\n`;
}

async function rowsOf(query: string, file: string): Promise<number> {
  const { store, report } = await loadTelemetry([file]);
  expect(report.totalRows, file).toBeGreaterThan(0);
  const r = runQuery(query, { provider: store, now: store.overallTimeRange()?.max ?? 0n });
  const err = r.diagnostics.find((d) => d.severity === 'error');
  expect(err, `${file}: ${err?.message}`).toBeUndefined();
  return r.result?.table.rowCount ?? -1;
}

describe('Sigma rules on Sysmon events, every category and format', () => {
  for (const [folder, [category, body]] of Object.entries(RULES)) {
    it(`${folder}: fires on the event, silent on the near miss (.evtx, dump JSON, flat JSON)`, async () => {
      const loaded = loadSigmaYaml(ruleText(category, body), { repository: 'e2e', path: `${folder}.yml` });
      const rule = loaded.rules[0]!;
      expect(rule.sigma?.conversion, JSON.stringify(rule.sigma?.conversion)).toMatchObject({ status: 'converted' });
      if (folder === 'ps_script' || folder === 'system') expect(rule.tables).toEqual(['WindowsEvent']);
      for (const ext of ['evtx', 'dump.json', 'flat.json']) {
        expect(
          await rowsOf(rule.query, join(FIXTURES, folder, `match.${ext}`)),
          `${folder} match.${ext}`,
        ).toBeGreaterThan(0);
        expect(await rowsOf(rule.query, join(FIXTURES, folder, `near-miss.${ext}`)), `${folder} near-miss.${ext}`).toBe(
          0,
        );
      }
    });
  }
});
