/** HTML pages and the feeds. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { atomFeed, jsonFeed } from '../feeds.js';
import type { PageContext } from '../layout.js';
import { coveragePage } from '../pages/coverage.js';
import { errorPage } from '../pages/error.js';
import { feedPage, feedResults } from '../pages/feed.js';
import { runPage } from '../pages/hunts.js';
import { playgroundPage, SAMPLE_QUERY } from '../pages/playground.js';
import { rulePage } from '../pages/rule.js';
import { type QueryLimits, runWebQuery } from '../query.js';
import { feedQueryFrom, filterRules } from '../search.js';
import type { WebState } from '../state.js';
import { coverageOptionsFrom } from './params.js';

type Params = { id: string };
export type ContextOf = (req: FastifyRequest) => PageContext;

const sendHtml = (reply: FastifyReply, body: string) => reply.type('text/html; charset=utf-8').send(body);

function baseUrl(req: FastifyRequest): string {
  const host =
    typeof req.headers.host === 'string' && /^[\w.:[\]-]+$/.test(req.headers.host) ? req.headers.host : 'localhost';
  return `http://${host}`;
}

export function registerPages(app: FastifyInstance, state: WebState, ctxOf: ContextOf, limits: QueryLimits): void {
  app.get('/', async (req, reply) => {
    const q = feedQueryFrom(req.query as Record<string, unknown>);
    // The JS enhancement asks for just the results fragment.
    if ((req.query as Record<string, unknown>).fragment === '1')
      return sendHtml(reply, feedResults(state, filterRules(state, q), q).value);
    return sendHtml(reply, feedPage(ctxOf(req), state, q));
  });

  app.get<{ Params: Params }>('/rules/:id', async (req, reply) => {
    const r = state.rule(req.params.id);
    if (!r) return sendHtml(reply.code(404), errorPage(ctxOf(req), 404, 'There is no rule with that id.'));
    return sendHtml(reply, rulePage(ctxOf(req), state, r));
  });

  app.post<{ Params: Params }>('/rules/:id/run', async (req, reply) => {
    const r = state.rule(req.params.id);
    if (!r) return sendHtml(reply.code(404), errorPage(ctxOf(req), 404, 'There is no rule with that id.'));
    return sendHtml(
      reply,
      rulePage(ctxOf(req), state, r, await runWebQuery(r.rule.query, state.provider, state.now, limits)),
    );
  });

  app.get('/coverage', async (req, reply) => {
    const p = req.query as Record<string, unknown>;
    const technique =
      typeof p.technique === 'string' && /^T\d{4}(\.\d{3})?$/i.test(p.technique)
        ? p.technique.toUpperCase()
        : undefined;
    return sendHtml(reply, coveragePage(ctxOf(req), state, coverageOptionsFrom(p), technique));
  });

  app.get<{ Params: Params }>('/hunts/:id', async (req, reply) => {
    const run = state.run(req.params.id);
    if (!run) return sendHtml(reply.code(404), errorPage(ctxOf(req), 404, 'There is no hunt run with that id.'));
    return sendHtml(reply, runPage(ctxOf(req), state, run));
  });

  app.get('/playground', async (req, reply) => {
    const p = req.query as Record<string, unknown>;
    const text = typeof p.q === 'string' ? p.q.slice(0, 100_000) : SAMPLE_QUERY;
    // A pivot link (?q=…) runs its query at once when scripts run; the sample waits for Run.
    return sendHtml(reply, playgroundPage(ctxOf(req), state, text, undefined, typeof p.q === 'string'));
  });

  app.post('/playground', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const text = typeof body.query === 'string' ? body.query.slice(0, 100_000) : '';
    return sendHtml(
      reply,
      playgroundPage(ctxOf(req), state, text, await runWebQuery(text, state.provider, state.now, limits)),
    );
  });

  app.get('/feed.json', async (req, reply) =>
    reply.type('application/feed+json; charset=utf-8').send(JSON.stringify(jsonFeed(state, baseUrl(req)))),
  );
  app.get('/feed.atom', async (req, reply) =>
    reply.type('application/atom+xml; charset=utf-8').send(atomFeed(state, baseUrl(req))),
  );
}
