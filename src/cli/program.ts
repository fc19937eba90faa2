/**
 * The `kqlhunt` program. Each subcommand lives in commands/; this file wires them, maps every
 * failure onto the documented exit codes (exit.ts) and keeps stack traces away from users unless
 * KQLHUNT_DEBUG is set.
 */
import { Command, CommanderError } from 'commander';
import { TargetError } from '../targets/types.js';
import { registerCheck } from './commands/check.js';
import { registerData } from './commands/data.js';
import { registerDemo } from './commands/demo.js';
import { registerExplain } from './commands/explain.js';
import { registerFindings } from './commands/findings.js';
import { registerGenerate } from './commands/generate.js';
import { registerHunt } from './commands/hunt.js';
import { registerQuery } from './commands/query.js';
import { registerRules } from './commands/rules.js';
import { registerRuns } from './commands/runs.js';
import { registerServe } from './commands/serve.js';
import { registerTest } from './commands/test.js';
import { EXIT_INTERNAL, EXIT_OK, EXIT_TARGET, EXIT_USAGE, UsageError } from './exit.js';
import { VERSION } from './version.js';

export { VERSION };

const HELP = `
Exit status: 0 success, 1 the query has errors or the work failed (diagnostics or a report
were printed), 2 bad usage (unknown option or id, unreadable file, invalid value), 3 internal
error, 4 a remote --target failed (connection, credentials, throttling, timeout). hunt differs:
1 it has findings, 3 a rule failed. Each command's --help lists its own.

Examples:
  $ kqlhunt demo                                   run a hunting rule on a built-in sample
  $ kqlhunt check rule.kql                         syntax and schema diagnostics
  $ kqlhunt query --data ./export/ --file rule.kql --now 2024-05-01T00:00:00Z
  $ kqlhunt explain --stage plan rule.kql          how the engine will run it
  $ kqlhunt generate --out ./fleet --devices 50    synthetic telemetry to practise on
  $ kqlhunt data inspect ./export/                 what an export holds
  $ kqlhunt hunt --rules rmm --data ./export/      run the bundled RMM pack, store findings
  $ kqlhunt findings list --state new              triage what the hunts found
  $ kqlhunt rules import ./my-rules/               add rules to the catalog
  $ kqlhunt serve                                  the SOC-feed web app on 127.0.0.1
  $ kqlhunt test rmm --format junit --out r.xml    run the tests rules carry (CI)

Run "kqlhunt <command> --help" for each command's options and examples.`;

export function buildProgram(): Command {
  const program = new Command('kqlhunt')
    .description('Run real KQL threat-hunting rules locally on exported telemetry.')
    .version(VERSION)
    .showHelpAfterError('(add --help for usage and examples)')
    .exitOverride()
    .addHelpText('after', HELP);
  program.configureHelp({ sortSubcommands: false });
  registerDemo(program);
  registerQuery(program);
  registerCheck(program);
  registerExplain(program);
  registerData(program);
  registerGenerate(program);
  registerHunt(program);
  registerRuns(program);
  registerFindings(program);
  registerRules(program);
  registerServe(program);
  registerTest(program);
  // exitOverride is not inherited by commands added before it on some versions; set it on each.
  for (const cmd of allCommands(program)) cmd.exitOverride();
  return program;
}

function allCommands(cmd: Command): Command[] {
  return cmd.commands.flatMap((c) => [c, ...allCommands(c)]);
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (e) {
    return exitCodeFor(e);
  }
}

function exitCodeFor(e: unknown): number {
  if (e instanceof CommanderError) {
    // help and version "errors" are successful exits; commander has already printed the message.
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')
      return EXIT_OK;
    return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  }
  if (e instanceof UsageError) {
    process.stderr.write(`kqlhunt: ${e.message}\n`);
    return EXIT_USAGE;
  }
  if (e instanceof TargetError) {
    process.stderr.write(`kqlhunt: ${e.failure.code} ${e.message}\n`);
    return EXIT_TARGET;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  process.stderr.write(`kqlhunt: internal error: ${err.message}\n`);
  if (process.env.KQLHUNT_DEBUG) process.stderr.write(`${err.stack ?? ''}\n`);
  else process.stderr.write('(set KQLHUNT_DEBUG=1 for details; please report this with the command you ran)\n');
  return EXIT_INTERNAL;
}
