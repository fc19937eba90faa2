/**
 * `kqlhunt demo` (what `npm start` runs until the web app lands): runs the SyncroMSP
 * create-process hunting rule on a tiny built-in DeviceProcessEvents sample and shows the findings.
 */
import type { Command } from 'commander';
import { parseDatetime, runQuery } from '../../kql/engine.js';
import { internalDiagnostic } from '../analyze.js';
import { colorsFor, formatDiagnosticsText } from '../diagnostics-output.js';
import { EXIT_OK, EXIT_QUERY_ERRORS } from '../exit.js';
import { helpText } from '../help.js';
import { formatResult } from '../result-output.js';

/** The instant the sample is replayed at: `now(-5d)` in the rule then covers the sample's days. */
export const DEMO_NOW = '2024-05-06T00:00:00Z';

/** Five processes on three devices: two Syncro ones on WS-01, one on WS-02, two unrelated ones. */
const SAMPLE = `let DeviceProcessEvents = datatable(Timestamp:datetime, DeviceId:string, DeviceName:string,
    FileName:string, ProcessVersionInfoCompanyName:string, ProcessVersionInfoProductName:string, ReportId:long)
[
    datetime(2024-05-02T09:14:00Z), 'd-01', 'ws-01.contoso.local', 'Syncro.Service.exe', 'Servably, Inc.', 'Syncro', 101,
    datetime(2024-05-03T10:02:00Z), 'd-01', 'ws-01.contoso.local', 'Syncro.App.Runner.exe', 'Servably, Inc.', 'Syncro', 102,
    datetime(2024-05-04T22:47:00Z), 'd-02', 'ws-02.contoso.local', 'SyncroLive.Agent.exe', 'Servably, Inc.', 'Syncro Live', 201,
    datetime(2024-05-04T08:00:00Z), 'd-03', 'ws-03.contoso.local', 'chrome.exe', 'Google LLC', 'Google Chrome', 301,
    datetime(2024-04-20T08:00:00Z), 'd-02', 'ws-02.contoso.local', 'Syncro.Service.exe', 'Servably, Inc.', 'Syncro', 202
];
`;

/** The rule's query exactly as Azure-Sentinel ships it (Remote Management and Monitoring tool - SyncroMSP - Create Process). */
export const SYNCRO_RULE = `let Time_start = now(-5d);
let Time_end = now();
//
DeviceProcessEvents
| where Timestamp between (Time_start..Time_end)
| where ProcessVersionInfoCompanyName has 'Servably, Inc.'
and ProcessVersionInfoProductName has 'Syncro'
| summarize FirstSeen=min(Timestamp), LastSeen=max(Timestamp),
Report=make_set(ReportId), Count=count() by DeviceId, DeviceName`;

export const DEMO_QUERY = `${SAMPLE}${SYNCRO_RULE}`;

const INTRO = `kqlhunt runs real KQL hunting rules locally, on your own exported telemetry.

This demo runs the rule "Remote Management and Monitoring tool - SyncroMSP - Create Process"
(ATT&CK T1219) on a five-event DeviceProcessEvents sample, with now() = ${DEMO_NOW}:

${SYNCRO_RULE}

Findings (one row per device):
`;

const OUTRO = `
The event from 2024-04-20 is outside the rule's 5-day window and chrome.exe is not Syncro, so two
devices are reported. Next: kqlhunt query --data <export> --file <rule.kql>; kqlhunt --help.
`;

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .summary('run the SyncroMSP hunting rule on a built-in sample')
    .description('A two-second tour: runs a real hunting rule on a tiny built-in dataset.')
    .addHelpText(
      'after',
      helpText({
        notes: 'Needs no data or setup: the sample is part of the program. Next steps are printed at the end.',
        exit: '0 the rule ran and its findings were printed, 1 the engine could not run it (diagnostics on stderr).',
        examples: ['kqlhunt demo', 'npm start'],
      }),
    )
    .action(() => {
      process.exitCode = runDemo();
    });
}

function runDemo(): number {
  process.stdout.write(INTRO);
  const now = parseDatetime(DEMO_NOW) ?? undefined;
  let outcome: ReturnType<typeof runQuery>;
  try {
    outcome = runQuery(DEMO_QUERY, now === undefined ? {} : { now });
  } catch (e) {
    outcome = { result: undefined, diagnostics: [internalDiagnostic(e)] };
  }
  if (!outcome.result || outcome.diagnostics.some((d) => d.severity === 'error')) {
    process.stderr.write(formatDiagnosticsText(outcome.diagnostics, '<demo>', DEMO_QUERY, colorsFor(process.stderr)));
    process.stderr.write('The engine cannot run the demo query yet (see the diagnostics above).\n');
    return EXIT_QUERY_ERRORS;
  }
  process.stdout.write(formatResult(outcome.result, 'table'));
  process.stdout.write(OUTRO);
  return EXIT_OK;
}
