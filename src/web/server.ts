/**
 * The web app's fastify server: security headers and cross-site checks on every request, pages,
 * API, static assets, and error handling that logs detail but shows users a generic page.
 */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { PageContext } from './layout.js';
import { errorPage } from './pages/error.js';
import { DEFAULT_LIMITS, type QueryLimits } from './query.js';
import { registerApi } from './routes/api.js';
import { registerExclusions } from './routes/exclusions.js';
import { registerPages } from './routes/pages.js';
import { registerStatic } from './routes/static.js';
import { registerTriage } from './routes/triage.js';
import { Csrf, crossSiteReason, ensureSession, SECURITY_HEADERS } from './security.js';
import type { WebState } from './state.js';

export interface ServerOptions {
  readonly limits?: QueryLimits;
  /** Largest request body accepted, in bytes. Default 256 KiB. */
  readonly bodyLimit?: number;
  /** Fastify's logger (off by default: the CLI prints its own lines). */
  readonly logger?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    csrfToken: string;
  }
}

const STATE_CHANGING = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

export function buildServer(state: WebState, options: ServerOptions = {}): FastifyInstance {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: options.bodyLimit ?? 256 * 1024 });
  const csrf = new Csrf();
  const limits = options.limits ?? DEFAULT_LIMITS;
  const ctxOf = (req: FastifyRequest): PageContext => ({ csrf: req.csrfToken, dataLabel: state.dataLabel });

  app.decorateRequest('csrfToken', '');
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    // A repeated field (the inbox's `ids` checkboxes) becomes an array; a single one stays a string.
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(String(body))) {
      const prev = out[k];
      out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    done(null, out);
  });

  app.addHook('onRequest', async (req, reply) => {
    reply.headers(SECURITY_HEADERS);
    req.csrfToken = csrf.tokenFor(ensureSession(req, reply));
  });

  app.addHook('preHandler', async (req, reply) => {
    if (!STATE_CHANGING.has(req.method)) return;
    const reason = crossSiteReason(req, csrf);
    if (!reason) return;
    req.log.warn({ reason }, 'refused cross-site request');
    if (req.url.startsWith('/api/')) return reply.code(403).send({ error: `Forbidden: ${reason}.` });
    return reply
      .code(403)
      .type('text/html; charset=utf-8')
      .send(errorPage(ctxOf(req), 403, 'This request was refused: reload the page and try again.'));
  });

  registerStatic(app);
  registerPages(app, state, ctxOf, limits);
  registerApi(app, state, limits);
  registerExclusions(app, state, ctxOf);
  registerTriage(app, state, ctxOf);

  app.get('/api/csrf', async (req) => ({ token: req.csrfToken, header: 'x-csrf-token' }));

  app.setNotFoundHandler(async (req, reply) => {
    if (req.url.startsWith('/api/')) return reply.code(404).send({ error: 'Not found.' });
    return reply
      .code(404)
      .type('text/html; charset=utf-8')
      .send(errorPage(ctxOf(req), 404, 'There is no page at this address.'));
  });

  app.setErrorHandler(async (error: FastifyError, req, reply) => {
    const status =
      typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 500;
    // Detail stays in the server log; clients get a status and a generic sentence.
    if (status >= 500) console.error('kqlhunt web: internal error on', req.method, req.url, error);
    const message =
      status === 413
        ? 'The request body is too large.'
        : status < 500
          ? 'The request could not be understood.'
          : 'Internal error.';
    reply.headers(SECURITY_HEADERS);
    if (req.url.startsWith('/api/')) return reply.code(status).send({ error: message });
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(errorPage(ctxOf(req), status, message));
  });

  return app;
}
