/**
 * `kqlhunt serve`: the SOC-feed web app. Loads the rule packs and telemetry (the demo fleet when no
 * --data is given), runs a first hunt and serves the site on 127.0.0.1 unless told otherwise.
 */
import type { Command } from 'commander';
import { UsageError } from '../exit.js';
import { collect, parseCount } from '../options.js';
import { normalizeRuleSpecs } from '../rule-specs.js';
import { DB_OPTION } from '../store.js';
import { AUTH_OPTION, TARGET_OPTION, type TargetFlags, targetOption } from '../target.js';

interface ServeFlags extends TargetFlags {
  readonly host: string;
  readonly port: string;
  readonly db?: string;
  readonly data?: string[];
  readonly rules?: string[];
}

const HELP = `
With no --rules the whole catalog is served (the bundled packs, registered on first use, and every
source added with "kqlhunt rules import"); with --target the web app's hunts run there (docs/targets.md); with no --data a small demo fleet is generated on
first use (into the user data directory) and loaded. Runs, findings and triage are kept in the
store (--db, the same file \`kqlhunt hunt\` uses by default), so they survive a restart. The
server binds 127.0.0.1 unless --host says otherwise: the app has no authentication, so only expose
it on a trusted network. It runs until Ctrl-C (SIGINT) or SIGTERM.

Exit status: 0 stopped by SIGINT/SIGTERM, 1 the server failed while closing, 2 bad usage (bad
--port, the address is in use or not allowed), 3 internal error.

Examples:
  $ kqlhunt serve
  $ kqlhunt serve --port 8080 --data ./export/ --rules rmm --rules ./my-rules/
  $ kqlhunt serve --db ./soc.db
  $ kqlhunt serve --target adx://https://mycluster.westeurope.kusto.windows.net/Security --auth cli`;

export function registerServe(program: Command): void {
  program
    .command('serve')
    .summary('serve the SOC-feed web app')
    .description('Serve the rule feed, rule pages, coverage, hunts and a KQL playground.')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--port <port>', 'TCP port (0 picks a free one)', '7300')
    .option(...DB_OPTION)
    .option('--data <path>', 'telemetry file or directory (repeatable; default: a generated demo fleet)', collect)
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
      const log = (line: string) => process.stderr.write(`${line}\n`);
      const { boot } = await import('../../web/boot.js');
      const { buildServer } = await import('../../web/server.js');
      const state = await boot({
        ...(flags.data ? { data: flags.data } : {}),
        ...(flags.rules ? { rules: normalizeRuleSpecs(flags.rules) } : {}),
        ...(flags.db ? { db: flags.db } : {}),
        ...(target ? { target } : {}),
        log,
      });
      const app = buildServer(state);
      const address = await app.listen({ host: flags.host, port }).catch((e: NodeJS.ErrnoException) => {
        state.close();
        // A taken or forbidden address is the caller's to fix, not a bug.
        if (e.code === 'EADDRINUSE' || e.code === 'EACCES' || e.code === 'EADDRNOTAVAIL')
          throw new UsageError(`cannot listen on ${flags.host}:${port}: ${e.code}`);
        throw e;
      });
      process.stdout.write(`kqlhunt is serving ${state.rules.length} rules at ${address}/\n`);
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
