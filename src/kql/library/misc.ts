/**
 * Everything else: new_guid, ingestion_time, parse_command_line, parse_xml; the row-context
 * window functions (row_number, prev, next, row_cumsum …) whose entries give the binder their
 * types while the executor evaluates them; and the cloud-only functions real hunting queries call
 * (FileProfile, SeenBy …) so the binder can say "not available locally" (KQL501).
 */
import { randomUUID } from 'node:crypto';
import { stringConv } from './coerce.js';
import { type Compile, defineAll, type Spec, typeOfArg } from './define.js';
import { parseXml } from './xml.js';

/** Windows CommandLineToArgvW rules (backslashes escape quotes only; "" inside quotes is a quote). */
export function parseWindowsCommandLine(cmd: string): string[] {
  const args: string[] = [];
  let cur = '';
  let inQuotes = false;
  let has = false;
  let i = 0;
  while (i < cmd.length) {
    const c = cmd[i] as string;
    if (c === '\\') {
      let n = 0;
      while (cmd[i] === '\\') {
        n++;
        i++;
      }
      if (cmd[i] === '"') {
        cur += '\\'.repeat(Math.floor(n / 2));
        if (n % 2 === 1) {
          cur += '"';
          i++;
        }
      } else cur += '\\'.repeat(n);
      has = true;
      continue;
    }
    if (c === '"') {
      if (inQuotes && cmd[i + 1] === '"') {
        cur += '"';
        i += 2;
        continue;
      }
      inQuotes = !inQuotes;
      has = true;
      i++;
      continue;
    }
    if (!inQuotes && (c === ' ' || c === '\t' || c === '\n' || c === '\r')) {
      if (has) args.push(cur);
      cur = '';
      has = false;
      i++;
      continue;
    }
    cur += c;
    has = true;
    i++;
  }
  if (has) args.push(cur);
  return args;
}

const onString =
  (f: (s: string) => ReturnType<typeof parseXml>): Compile =>
  (types) => {
    const s = stringConv(types[0]);
    return (v) => f(s(v));
  };

const window = (name: string, doc: string, params: Spec['params'], min: number, returns: Spec['returns']): Spec => ({
  name,
  doc,
  params,
  min,
  returns,
  flags: { rowContext: true },
});

/** Functions that exist only inside a Microsoft cloud product, with the product's name. */
export const CLOUD_ONLY_FUNCTIONS: Readonly<Record<string, string>> = {
  FileProfile: 'Microsoft Defender XDR advanced hunting',
  SeenBy: 'Microsoft Defender XDR advanced hunting',
  DeviceFromIP: 'Microsoft Defender XDR advanced hunting',
  AssignedIPAddresses: 'Microsoft Defender XDR advanced hunting',
  _GetWatchlist: 'Microsoft Sentinel',
  _GetWatchlistAlias: 'Microsoft Sentinel',
  workspace: 'Azure Monitor Log Analytics (cross-workspace queries)',
  app: 'Azure Monitor Application Insights (cross-resource queries)',
  resource: 'Azure Monitor (cross-resource queries)',
};

const cloudOnly: Spec[] = Object.entries(CLOUD_ONLY_FUNCTIONS).map(([name, product]) => ({
  name,
  doc: `Available only in ${product}.`,
  params: ['any'],
  min: 0,
  max: 16,
  returns: 'dynamic',
  flags: { cloudOnly: product },
}));

export const miscFunctions = defineAll('other', [
  {
    name: 'new_guid',
    doc: 'A new random guid.',
    params: [],
    returns: 'guid',
    flags: { nondeterministic: true },
    impl: () => randomUUID(),
  },
  {
    name: 'ingestion_time',
    doc: 'Ingestion time of the record; exported telemetry does not carry it, so null.',
    params: [],
    returns: 'datetime',
    impl: () => null,
  },
  {
    name: 'parse_command_line',
    doc: "Splits a command line into an array of arguments ('windows' parsing rules).",
    params: ['string-ish', 'string'],
    min: 1,
    returns: 'dynamic',
    compile: onString(parseWindowsCommandLine),
  },
  {
    name: 'parse_xml',
    doc: 'Parses XML text into a dynamic value (attributes as @name, text as #text).',
    params: ['string-ish'],
    returns: 'dynamic',
    compile: onString(parseXml),
  },
  ...cloudOnly,
]);

export const windowFunctions = defineAll('window', [
  window('row_number', 'Row number in a serialized row set (from 1, or a given start).', ['long', 'bool'], 0, 'long'),
  window(
    'prev',
    'Value of a column in an earlier row of a serialized row set.',
    ['any', 'long', 'any'],
    1,
    typeOfArg(0),
  ),
  window('next', 'Value of a column in a later row of a serialized row set.', ['any', 'long', 'any'], 1, typeOfArg(0)),
  window('row_cumsum', 'Cumulative sum over a serialized row set.', ['numeric', 'bool'], 1, typeOfArg(0)),
  window('row_rank_dense', 'Dense rank of a value in a serialized row set.', ['any', 'bool'], 1, 'long'),
  window('row_rank_min', 'Minimum rank of a value in a serialized row set.', ['any', 'bool'], 1, 'long'),
  window(
    'row_window_session',
    'Session start for each row of a serialized row set.',
    ['datetime', 'timespan', 'timespan', 'bool'],
    3,
    'datetime',
  ),
]);
