/**
 * Parse and parse+bind throughput over the whole hunting corpus (318 real queries), using the
 * built engine in dist/. Reports queries per second and how many queries had errors (a fast
 * engine that rejects everything is not fast).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const name = 'parse+bind corpus';

export async function run(ctx) {
  const engine = await import(pathToFileURL(join(ctx.dist, 'kql', 'engine.js')).href);
  const schemas = await import(pathToFileURL(join(ctx.dist, 'telemetry', 'schemas.js')).href);
  const catalog = schemas.schemaCatalog();
  const queries = readFileSync(join(ctx.shared, 'corpus', 'hunting_queries.public.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l).query);
  const bytes = queries.reduce((n, q) => n + q.length, 0);

  let parseErrors = 0;
  let bindErrors = 0;
  const parseAll = () => {
    parseErrors = 0;
    for (const q of queries) if (engine.parse(q).diagnostics.some((d) => d.severity === 'error')) parseErrors++;
  };
  const bindAll = () => {
    bindErrors = 0;
    for (const q of queries) {
      const bound = engine.bind(engine.parse(q), { catalog });
      if (bound.diagnostics.some((d) => d.severity === 'error')) bindErrors++;
    }
  };
  const p = await ctx.timeIt(parseAll);
  const b = await ctx.timeIt(bindAll);
  const qps = (t) => (queries.length * 1000) / t.msPerRun;
  return [
    {
      metric: 'parse',
      value: qps(p),
      unit: 'queries/s',
      note: `${parseErrors}/${queries.length} with errors; ${(((bytes / 1024 / p.msPerRun) * 1000) / 1024).toFixed(1)} MB/s`,
    },
    { metric: 'parse+bind', value: qps(b), unit: 'queries/s', note: `${bindErrors}/${queries.length} with errors` },
  ];
}
