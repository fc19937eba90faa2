/** The stylesheet and the progressive-enhancement script, compiled into the package (no build step). */
import type { FastifyInstance } from 'fastify';
import { APP_CSS } from '../assets/app-css.js';
import { APP_JS } from '../assets/app-js.js';

const ASSETS: Readonly<Record<string, { readonly type: string; readonly body: string }>> = {
  'app.css': { type: 'text/css; charset=utf-8', body: APP_CSS },
  'app.js': { type: 'text/javascript; charset=utf-8', body: APP_JS },
};

export function registerStatic(app: FastifyInstance): void {
  // Browsers ask for it on every site; answer without a body instead of logging a 404.
  app.get('/favicon.ico', async (_req, reply) => reply.code(204).send());
  app.get<{ Params: { name: string } }>('/static/:name', async (req, reply) => {
    const asset = Object.hasOwn(ASSETS, req.params.name) ? ASSETS[req.params.name] : undefined;
    if (!asset) return reply.code(404).type('text/plain; charset=utf-8').send('Not found.');
    reply.header('cache-control', 'no-cache');
    return reply.type(asset.type).send(asset.body);
  });
}
