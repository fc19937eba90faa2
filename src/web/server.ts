/**
 * The web app's fastify server: security headers and cross-site checks on every request, pages,
 * API, static assets, and error handling that logs detail but shows users a generic page.
 */
import { hostname, networkInterfaces } from 'node:os';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { DEFAULT_UPLOAD_LIMIT, MAX_UPLOAD_FILES, resolveRoots, UploadArea } from './hunt-data.js';
import type { PageContext } from './layout.js';
import { errorPage } from './pages/error.js';
import { acquireQueryPool, DEFAULT_LIMITS, type QueryLimits, releaseQueryPool } from './query.js';
import { registerApi } from './routes/api.js';
import { registerExclusions } from './routes/exclusions.js';
import { registerHunts } from './routes/hunts.js';
import { registerPages } from './routes/pages.js';
import { registerStatic } from './routes/static.js';
import { registerTriage } from './routes/triage.js';
import {
  CSRF_COOKIE,
  Csrf,
  cookieValue,
  crossSiteReason,
  ensureSession,
  foreignHostReason,
  hostnameOf,
  isWildcardHost,
  LOOPBACK_HOSTS,
  presentedToken,
  SECURITY_HEADERS,
  TOKEN_COOKIE,
  tokenMatches,
} from './security.js';
import type { WebState } from './state.js';

export interface ServerOptions {
  readonly limits?: QueryLimits;
  /** The address the server binds (default 127.0.0.1): its name is accepted in Host and Origin. */
  readonly host?: string;
  /** More host names the app may be reached by (a DNS name in front of a non-loopback bind). */
  readonly allowedHosts?: readonly string[];
  /** When set, every request must present it (cookie, `Authorization: Bearer`, or `?token=` once). */
  readonly accessToken?: string;
  /** Largest request body accepted, in bytes. Default 256 KiB. */
  readonly bodyLimit?: number;
  /** Fastify's logger (off by default: the CLI prints its own lines). */
  readonly logger?: boolean;
  /**
   * Folders and files web hunts may read besides the server's own data (`serve --data-root`, and
   * the `--data` paths); resolved (symlinks, `..`) once here.
   */
  readonly dataRoots?: readonly string[];
  /** Largest upload of telemetry for one web hunt, in bytes (default 64 MiB). */
  readonly uploadLimit?: number;
  /** Where uploads are kept (default: a temporary folder of this server; tests pass their own to inspect it). */
  readonly uploads?: UploadArea;
}

declare module 'fastify' {
  interface FastifyRequest {
    csrfToken: string;
  }
}

const STATE_CHANGING = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/** Host names the server answers to: loopback, the bound address and, on a wildcard bind, this machine's. */
export function allowedHostsFor(host: string, extra: readonly string[] = []): Set<string> {
  const out = new Set([...LOOPBACK_HOSTS, ...extra.map((h) => hostnameOf(h))]);
  if (!isWildcardHost(host)) out.add(hostnameOf(host.includes(':') && !host.startsWith('[') ? `[${host}]` : host));
  else {
    out.add(hostname().toLowerCase());
    for (const list of Object.values(networkInterfaces()))
      for (const a of list ?? []) out.add(a.address.toLowerCase().replace(/%.*$/, ''));
  }
  return out;
}

export function buildServer(state: WebState, options: ServerOptions = {}): FastifyInstance {
  const csrf = new Csrf();
  const limits = options.limits ?? DEFAULT_LIMITS;
  const ctxOf = (req: FastifyRequest): PageContext => ({ csrf: req.csrfToken, dataLabel: state.dataLabel });
  const allowed = allowedHostsFor(options.host ?? '127.0.0.1', options.allowedHosts);
  const token = options.accessToken;
  /** Our own error answer (page or JSON) with the security headers, for hooks and framework errors. */
  const refuse = (req: FastifyRequest, reply: FastifyReply, status: number, message: string) => {
    reply.headers(SECURITY_HEADERS);
    if (req.url.startsWith('/api/')) return reply.code(status).send({ error: message });
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(errorPage(ctxOf(req), status, message));
  };
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 256 * 1024,
    // Malformed URLs (`/rules/%ff`) and headers fail before any hook runs: answer them ourselves.
    frameworkErrors: (error, req, reply) => {
      const status = typeof error.statusCode === 'number' && error.statusCode < 500 ? error.statusCode : 400;
      return refuse(req, reply, status, 'The request could not be understood.');
    },
  });
  // Queries run in worker threads (src/hunts/query-pool.ts); the workers start with the server.
  acquireQueryPool(state.provider, limits);
  app.addHook('onClose', async () => releaseQueryPool(state.provider));

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
    const foreign = foreignHostReason(req, allowed);
    if (foreign) {
      req.log.warn({ reason: foreign }, 'refused request for a foreign host');
      return refuse(req, reply, 403, 'This server answers only to its own address.');
    }
    if (token !== undefined && !tokenMatches(token, presentedToken(req))) {
      const url = new URL(req.url, 'http://x');
      const given = url.searchParams.get('token') ?? undefined;
      if (req.method === 'GET' && tokenMatches(token, given)) {
        // The printed link carries the token once; from then on the cookie does.
        url.searchParams.delete('token');
        reply.header('set-cookie', `${TOKEN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`);
        return reply.redirect(`${url.pathname}${url.search}`, 303);
      }
      return refuse(req, reply, 401, 'This server needs its access token: open the link it printed when it started.');
    }
    const repeated = repeatedParam(req.url);
    if (repeated) return refuse(req, reply, 400, `The parameter '${repeated.slice(0, 40)}' is given more than once.`);
    req.csrfToken = csrf.tokenFor(ensureSession(req, reply));
  });

  app.addHook('preHandler', async (req, reply) => {
    if (!STATE_CHANGING.has(req.method)) return;
    // Only the hunt form is multipart; its route checks the token field before reading any file.
    const reason = crossSiteReason(req, csrf, req.routeOptions.url === '/hunts' && req.isMultipart());
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
  const uploadLimit = options.uploadLimit ?? DEFAULT_UPLOAD_LIMIT;
  const uploads = options.uploads ?? new UploadArea();
  app.addHook('onClose', async () => uploads.close());
  // Files stream to disk in the route (never buffered whole); the limits bound one form.
  void app.register(multipart, {
    limits: { fileSize: uploadLimit, files: MAX_UPLOAD_FILES + 5, fields: 20, fieldSize: 8192, parts: 60 },
  });
  void app.register(async (scope) =>
    registerHunts(scope, state, ctxOf, {
      roots: resolveRoots(options.dataRoots ?? []),
      uploads,
      uploadLimit,
      verifyCsrf: (req, token) => csrf.verify(cookieValue(req, CSRF_COOKIE), token),
    }),
  );

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

/**
 * The first query parameter given more than once, or undefined. Every parameter of the app is
 * single-valued; a repeated one (`?run=a&run=b`) would otherwise reach a handler as an array and
 * be ignored, silently widening a filter.
 */
function repeatedParam(url: string): string | undefined {
  const q = url.indexOf('?');
  if (q < 0) return undefined;
  const seen = new Set<string>();
  for (const key of new URLSearchParams(url.slice(q + 1)).keys()) {
    if (seen.has(key)) return key;
    seen.add(key);
  }
  return undefined;
}
