/** `kqlhunt explain`: prints one stage's intermediate form (syntax tree, bound query, plan). */
import type { Command } from 'commander';
import { plan, printPlan, printSchema, printSyntaxTree } from '../../kql/engine.js';
import { schemaCatalog } from '../../telemetry/schemas.js';
import { analyze, internalDiagnostic } from '../analyze.js';
import { colorsFor, formatDiagnosticsText, hasErrors } from '../diagnostics-output.js';
import { EXIT_OK, EXIT_QUERY_ERRORS } from '../exit.js';
import { readQueryFile } from '../io.js';
import { parseChoice } from '../options.js';

const STAGES = ['syntax', 'bound', 'plan'] as const;

const HELP = `
Stages: syntax = the parser's tree with spans; bound = the typed logical plan the binder builds
(columns resolved, types known); plan = that plan after rewrites (constant folding, pushdown).
Diagnostics go to stderr. Exit status: 0 ok, 1 the query has errors, 2 bad usage.

Examples:
  $ kqlhunt explain --stage syntax rule.kql
  $ echo 'print x = 1 + 2' | kqlhunt explain --stage plan`;

export function registerExplain(program: Command): void {
  program
    .command('explain')
    .summary('print the syntax tree, bound query or plan of a query')
    .description('Show how the engine understands a query, stage by stage.')
    .argument('[file]', 'query file, or - (the default) for stdin')
    .option('--stage <stage>', STAGES.join('|'), 'plan')
    .addHelpText('after', HELP)
    .action(async (file: string | undefined, opts: { stage?: string }) => {
      const stage = parseChoice('--stage', opts.stage, STAGES, 'plan');
      process.exitCode = await runExplain(file, stage);
    });
}

async function runExplain(file: string | undefined, stage: (typeof STAGES)[number]): Promise<number> {
  const source = await readQueryFile(file);
  const catalog = stage === 'syntax' ? undefined : schemaCatalog();
  const analysis = analyze(source.text, catalog);
  let diagnostics = analysis.diagnostics;
  let output: string | undefined;
  try {
    output = await render(stage, analysis);
  } catch (e) {
    diagnostics = [...diagnostics, internalDiagnostic(e)];
  }
  if (output !== undefined) process.stdout.write(`${output}\n`);
  process.stderr.write(formatDiagnosticsText(diagnostics, source.name, source.text, colorsFor(process.stderr)));
  return hasErrors(diagnostics) ? EXIT_QUERY_ERRORS : EXIT_OK;
}

async function render(
  stage: (typeof STAGES)[number],
  analysis: ReturnType<typeof analyze>,
): Promise<string | undefined> {
  switch (stage) {
    case 'syntax': {
      if (!analysis.parsed) return undefined;
      return printSyntaxTree(analysis.parsed.query);
    }
    case 'bound': {
      const root = analysis.bound?.root;
      return root ? printPlan(root) : schemaLine(analysis);
    }
    case 'plan': {
      if (!analysis.bound) return undefined;
      const planned = plan(analysis.bound);
      return planned.plan ? printPlan(planned.plan) : undefined;
    }
    default: {
      const never: never = stage;
      return String(never);
    }
  }
}

function schemaLine(analysis: ReturnType<typeof analyze>): string | undefined {
  const schema = analysis.bound?.schema;
  return schema ? `result ${printSchema(schema)}` : undefined;
}
