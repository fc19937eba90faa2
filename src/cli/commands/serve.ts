/**
 * `kqlhunt serve`: the SOC-feed web app. Loads the rule packs and telemetry (the demo fleet when no
 * --data is given), runs a first hunt and serves the site on 127.0.0.1 unless told otherwise.
 */
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import type { Command } from 'commander';
import { isLoopbackHost, isWildcardHost } from '../../web/security.js';
import { UsageError } from '../exit.js';
import { collect, parseCount, tableOption } from '../options.js';
import { normalizeRuleSpecs } from '../rule-specs.js';
import { DB_OPTION } from '../store.js';
import { AUTH_OPTION, TARGET_OPTION, type TargetFlags, targetOption } from '../target.js';

interface ServeFlags extends TargetFlags {
  readonly host: string;
  readonly allowHost?: string[];
  readonly port: string;
  readonly db?: string;
  readonly data?: string[];
  readonly table?: string;
  readonly rules?: string[];
  readonly dataRoot?: string[];
}

const HELP = `
With no --rules the whole catalog is served (the bundled packs, registered on first use, and every
source added with "kqlhunt rules import"); with --target the web app's hunts run there (docs/targets.md); with no --data a small demo fleet is generated on
first use (into the user data directory) and loaded. Runs, findings and triage are kept in the
store (--db, the same file \`kqlhunt hunt\` uses by default), so they survive a restart. The
server binds 127.0.0.1 unless --host says otherwise. On any other address it prints a warning and
requires an access token (printed in the URL once; set KQLHUNT_TOKEN to choose it): the app has no
user accounts, so only expose it on a trusted network. Requests whose Host or Origin is not one of
the server's own names (loopback, --host, --allow-host) are refused with 403. The port is checked
before the data is loaded and the first hunt runs. Ad-hoc queries (playground, /api/query) run in
worker threads: 10 s, 512 MiB and 5,000,000 rows per query, a pool sized to the CPU cores and a
queue of 8 (then HTTP 503, code KQL607). The hunts page runs a pack or a rule on the server's data,
a demo fleet of a chosen size, a file or folder under the --data paths or a --data-root folder
(nothing outside them, symlinks and '..' resolved), or uploaded telemetry files (64 MiB in all,
deleted when the hunt is over). It runs until Ctrl-C (SIGINT) or SIGTERM.

Exit status: 0 stopped by SIGINT/SIGTERM, 1 the server failed while closing, 2 bad usage (bad
--port, the address is in use or not allowed, a --data-root that is not a folder), 3 internal error.

Examples:
  $ kqlhunt serve
  $ kqlhunt serve --port 8080 --data ./export/ --rules rmm --rules ./my-rules/
  $ kqlhunt serve --db ./soc.db
  $ kqlhunt serve --port 0 --data-root /tmp
  $ kqlhunt serve --port 0 --host 127.0.0.1
  $ kqlhunt serve --target adx://https://mycluster.westeurope.kusto.windows.net/Security --auth cli`;

export function registerServe(program: Command): void {
  program
    .command('serve')
    .summary('serve the SOC-feed web app')
    .description('Serve the rule feed, rule pages, coverage, hunts and a KQL playground.')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--port <port>', 'TCP port (0 picks a free one)', '7300')
    .option('--allow-host <name>', 'another host name clients may use to reach the server (repeatable)', collect)
    .option(...DB_OPTION)
    .option('--data <path>', 'telemetry file or directory (repeatable; default: a generated demo fleet)', collect)
    .option(
      '--data-root <dir>',
      'a folder whose files web hunts may read (repeatable; the --data paths are allowed too)',
      collect,
    )
    .option('--table <name>', 'load files without a table in their name or columns into this table')
    .option(
      '--rules <pack|dir>',
      'bundled pack name or rule directory (repeatable; default: every bundled pack)',
      collect,
    )
    .option(...TARGET_OPTION)
    .option(...AUTH_OPTION)
    .addHelpText('after', HELP)
    .action(async (flags: ServeFlags) => {
      const port = parseCount('--port', flags.port, 0);
      if (port === undefined || port > 65_535) throw new UsageError('--port must be between 0 and 65535');
      const target = await targetOption(flags);
      for (const dir of flags.dataRoot ?? []) {
        const s = await stat(dir).catch(() => undefined);
        if (!s?.isDirectory()) throw new UsageError(`--data-root: ${dir} is not a folder`);
      }
      const log = (line: string) => process.stderr.write(`${line}\n`);
      // Before loading data and hunting (which can take minutes): is the address usable at all?
      await probeAddress(flags.host, port);
      const exposed = !isLoopbackHost(flags.host);
      const accessToken = exposed ? process.env.KQLHUNT_TOKEN || randomBytes(18).toString('base64url') : undefined;
      if (exposed) log(exposureWarning(flags.host));
      const { boot } = await import('../../web/boot.js');
      const { buildServer } = await import('../../web/server.js');
      const state = await boot({
        ...(flags.data ? { data: flags.data } : {}),
        ...tableOption(flags.table),
        ...(flags.rules ? { rules: normalizeRuleSpecs(flags.rules) } : {}),
        ...(flags.db ? { db: flags.db } : {}),
        ...(target ? { target } : {}),
        log,
      });
      const app = buildServer(state, {
        host: flags.host,
        ...(flags.allowHost ? { allowedHosts: flags.allowHost } : {}),
        ...(accessToken ? { accessToken } : {}),
        dataRoots: [...(flags.data ?? []), ...(flags.dataRoot ?? [])],
      });
      await app.listen({ host: flags.host, port }).catch((e: NodeJS.ErrnoException) => {
        state.close();
        // A taken or forbidden address is the caller's to fix, not a bug.
        if (e.code === 'EADDRINUSE' || e.code === 'EACCES' || e.code === 'EADDRNOTAVAIL')
          throw new UsageError(`cannot listen on ${flags.host}:${port}: ${e.code}`);
        throw e;
      });
      const bound = app.server.address();
      const actualPort = typeof bound === 'object' && bound ? bound.port : port;
      const url = servedUrl(flags.host, actualPort, accessToken);
      process.stdout.write(`kqlhunt is serving ${state.rules.length} rules at ${url}\n`);
      const stop = () => {
        // Close the store after the server so an in-flight triage write still commits.
        app.close().then(
          () => {
            state.close();
            process.exit(0);
          },
          () => process.exit(1),
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

/** Binds and releases the address, so a taken or forbidden port is reported before any work. */
async function probeAddress(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE' || e.code === 'EACCES' || e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND')
        reject(new UsageError(`cannot listen on ${host}:${port}: ${e.code}`));
      else reject(e);
    });
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/** The warning `serve` prints when it binds an address other machines can reach. */
export function exposureWarning(host: string): string {
  return `warning: serving on ${host}, reachable from other machines; the app has no user accounts, so an access token is required (it is in the URL below)`;
}

/** The URL `serve` prints: the address clients can use, with the access token when there is one. */
export function servedUrl(host: string, port: number, token: string | undefined): string {
  return `http://${urlHost(host)}:${port}/${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

/**
 * How the printed URL names the host: a wildcard bind (0.0.0.0, ::) by this machine's first
 * external IPv4 address (else its name), so the URL works from other machines; IPv6 in brackets.
 */
function urlHost(host: string): string {
  if (isWildcardHost(host)) {
    const external = Object.values(networkInterfaces())
      .flatMap((l) => l ?? [])
      .find((a) => a.family === 'IPv4' && !a.internal);
    return external?.address ?? hostname();
  }
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
