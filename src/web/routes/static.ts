/**
 * The stylesheet and the progressive-enhancement script (compiled into the package, no build step),
 * and Chart.js for the playground's `render` charts: its UMD build read once from node_modules
 * (MIT; no eval, no injected styles, so it runs under the strict CSP as a same-origin script).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { APP_CSS } from '../assets/app-css.js';
import { APP_JS } from '../assets/app-js.js';

interface Asset {
  readonly type: string;
  readonly body: string;
  readonly cache: string;
}

let chartJs: string | undefined;

/** The Chart.js UMD bundle beside the package's resolved entry point. */
function chartBundle(): string {
  chartJs ??= readFileSync(
    join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js'),
    'utf8',
  );
  return chartJs;
}

const ASSETS: Readonly<Record<string, () => Asset>> = {
  'app.css': () => ({ type: 'text/css; charset=utf-8', body: APP_CSS, cache: 'no-cache' }),
  'app.js': () => ({ type: 'text/javascript; charset=utf-8', body: APP_JS, cache: 'no-cache' }),
  'chart.umd.min.js': () => ({ type: 'text/javascript; charset=utf-8', body: chartBundle(), cache: 'max-age=86400' }),
};

export function registerStatic(app: FastifyInstance): void {
  // Browsers ask for it on every site; answer without a body instead of logging a 404.
  app.get('/favicon.ico', async (_req, reply) => reply.code(204).send());
  app.get<{ Params: { name: string } }>('/static/:name', async (req, reply) => {
    const make = Object.hasOwn(ASSETS, req.params.name) ? ASSETS[req.params.name] : undefined;
    if (!make) return reply.code(404).type('text/plain; charset=utf-8').send('Not found.');
    const asset = make();
    reply.header('cache-control', asset.cache);
    return reply.type(asset.type).send(asset.body);
  });
}
