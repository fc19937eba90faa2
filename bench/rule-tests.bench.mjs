/**
 * `kqlhunt test rmm` in process: collecting the RMM pack's rules and tests (parse + schema
 * validation) and running every test (dataset build, tuned query, expectations).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const name = 'rmm pack tests';

export async function run(ctx) {
  const imp = (p) => import(pathToFileURL(join(ctx.dist, p)).href);
  const { collectTests } = await imp('hunts/tests/collect.js');
  const { runSuite } = await imp('hunts/tests/suite.js');
  let tests = 0;
  const collect = await ctx.timeIt(async () => {
    await collectTests(['rmm']);
  });
  const { files } = await collectTests(['rmm']);
  const suite = await ctx.timeIt(
    async () => {
      const r = await runSuite(files);
      tests = r.cases.length;
      if (r.counts.pass !== tests) throw new Error(`${tests - r.counts.pass} pack test(s) did not pass`);
    },
    { minRuns: 2 },
  );
  return [
    { metric: 'collect (parse + validate)', value: collect.msPerRun, unit: 'ms', note: `${files.length} rule files` },
    { metric: 'run all tests', value: suite.msPerRun, unit: 'ms', note: `${tests} tests` },
    { metric: 'per test', value: suite.msPerRun / tests, unit: 'ms' },
  ];
}
