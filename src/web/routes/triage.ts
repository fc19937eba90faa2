/**
 * The analyst's pages over findings: the inbox, one finding, a device, a user; and triage as form
 * POSTs (one finding, or the inbox's checked rows at once). Every POST has passed the server's
 * same-site and CSRF checks (server.ts preHandler) before it gets here.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { inboxQueryFrom } from '../inbox.js';
import { triageStateOf } from '../model.js';
import { entityPage } from '../pages/entity.js';
import { errorPage } from '../pages/error.js';
import { findingPage } from '../pages/finding.js';
import { inboxPageHtml } from '../pages/inbox.js';
import type { WebState } from '../state.js';
import type { ContextOf } from './pages.js';

type Params = { id: string };
type NameParams = { name: string };
const MAX_BULK = 500;

const sendHtml = (reply: FastifyReply, body: string) => reply.type('text/html; charset=utf-8').send(body);

/** State, assignee and comment from a form or JSON body; a string error when a field is malformed. */
export function triageChangeOf(body: Readonly<Record<string, unknown>>) {
  const out: { state?: ReturnType<typeof triageStateOf>; assignee?: string; comment?: string } = {};
  const t = body.triage ?? body.state;
  if (t !== undefined && t !== '') {
    const state = triageStateOf(t);
    if (!state) return 'unknown triage state';
    out.state = state;
  }
  if (body.assignee !== undefined && body.assignee !== '') {
    if (typeof body.assignee !== 'string' || body.assignee.length > 100)
      return 'assignee must be at most 100 characters';
    out.assignee = body.assignee.trim() === '-' ? '' : body.assignee.trim();
  }
  const comment = body.comment ?? body.note;
  if (comment !== undefined && comment !== '') {
    if (typeof comment !== 'string' || comment.length > 4000) return 'comment must be at most 4000 characters';
    out.comment = comment.trim();
  }
  return out as { state?: NonNullable<ReturnType<typeof triageStateOf>>; assignee?: string; comment?: string };
}

/** Where to go after the bulk form: only an inbox URL of this site. */
function returnUrl(v: unknown): string {
  return typeof v === 'string' && /^\/findings(\?[\w=&%.+:-]*)?$/.test(v) ? v : '/findings';
}

function idsOf(v: unknown): string[] {
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((x): x is string => typeof x === 'string' && /^[0-9a-f]{1,64}$/.test(x)).slice(0, MAX_BULK);
}

export function registerTriage(app: FastifyInstance, state: WebState, ctxOf: ContextOf): void {
  app.get('/findings', async (req, reply) =>
    sendHtml(reply, inboxPageHtml(ctxOf(req), state, inboxQueryFrom(req.query as Record<string, unknown>))),
  );

  app.get<{ Params: Params }>('/findings/:id', async (req, reply) => {
    const f = state.finding(req.params.id);
    if (!f) return sendHtml(reply.code(404), errorPage(ctxOf(req), 404, 'There is no finding with that id.'));
    return sendHtml(reply, findingPage(ctxOf(req), state, f));
  });

  app.post<{ Params: Params }>('/findings/:id/triage', async (req, reply) => {
    const f = state.finding(req.params.id);
    if (!f) return sendHtml(reply.code(404), errorPage(ctxOf(req), 404, 'There is no finding with that id.'));
    const change = triageChangeOf((req.body ?? {}) as Record<string, unknown>);
    if (typeof change === 'string')
      return sendHtml(reply.code(400), errorPage(ctxOf(req), 400, `Not saved: ${change}.`));
    state.store.triageFindings([f.id], change);
    return reply.redirect(`/findings/${encodeURIComponent(f.id)}#triage-h`, 303);
  });

  app.post('/findings/triage', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const change = triageChangeOf(body);
    if (typeof change === 'string')
      return sendHtml(reply.code(400), errorPage(ctxOf(req), 400, `Not saved: ${change}.`));
    const ids = idsOf(body.ids);
    if (ids.length === 0)
      return sendHtml(reply.code(400), errorPage(ctxOf(req), 400, 'Select at least one finding first.'));
    state.store.triageFindings(ids, change);
    return reply.redirect(returnUrl(body.return), 303);
  });

  app.post('/api/findings/triage', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const change = triageChangeOf(body);
    if (typeof change === 'string') return reply.code(400).send({ error: change });
    const ids = idsOf(body.ids);
    if (ids.length === 0) return reply.code(400).send({ error: 'ids must list finding ids' });
    const changed = state.store.triageFindings(ids, change);
    return { changed: changed.map((f) => ({ id: f.id, triage: f.state, assignee: f.assignee, comment: f.comment })) };
  });

  app.get<{ Params: Params }>('/api/findings/:id/history', async (req, reply) => {
    const f = state.finding(req.params.id);
    if (!f) return reply.code(404).send({ error: 'no such finding' });
    return { id: f.id, history: state.store.findingHistory(f.id) };
  });

  app.get<{ Params: NameParams }>('/devices/:name', async (req, reply) =>
    sendHtml(reply, entityPage(ctxOf(req), state, 'device', req.params.name.slice(0, 300))),
  );
  app.get<{ Params: NameParams }>('/users/:name', async (req, reply) =>
    sendHtml(reply, entityPage(ctxOf(req), state, 'user', req.params.name.slice(0, 300))),
  );
}
