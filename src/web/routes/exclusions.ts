/**
 * Enabling and disabling a rule's exclusions: a plain form POST from the rule page (redirected back
 * to it) and the same as JSON under /api. Both pass the server's same-site and CSRF checks first
 * (server.ts preHandler), like every state-changing request.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { exclusionSet } from '../exclusions.js';
import { errorPage } from '../pages/error.js';
import type { WebState } from '../state.js';
import type { ContextOf } from './pages.js';

type Params = { id: string; xid: string };

/** `enabled` from a form ('1'/'0', 'true'/'false') or JSON (boolean); undefined when missing or odd. */
function enabledOf(body: unknown): boolean | undefined {
  const v = (body as Record<string, unknown> | undefined)?.enabled;
  if (v === true || v === '1' || v === 'true') return true;
  if (v === false || v === '0' || v === 'false') return false;
  return undefined;
}

function change(state: WebState, req: FastifyRequest<{ Params: Params }>): 'no-rule' | 'bad' | 'no-exclusion' | 'ok' {
  const r = state.rule(req.params.id);
  if (!r) return 'no-rule';
  const enabled = enabledOf(req.body);
  if (enabled === undefined) return 'bad';
  const shown = exclusionSet(state, r, state.enrichment(r)).exclusions;
  return state.setExclusionEnabled(r.rule.id, req.params.xid, enabled, shown) ? 'ok' : 'no-exclusion';
}

const MESSAGES = {
  'no-rule': [404, 'no such rule'],
  bad: [400, 'enabled must be true or false'],
  'no-exclusion': [404, 'the rule has no exclusion with that id'],
} as const;

export function registerExclusions(app: FastifyInstance, state: WebState, ctxOf: ContextOf): void {
  app.post<{ Params: Params }>('/rules/:id/exclusions/:xid', async (req, reply: FastifyReply) => {
    const outcome = change(state, req);
    if (outcome !== 'ok') {
      const [status, message] = MESSAGES[outcome];
      return reply
        .code(status)
        .type('text/html; charset=utf-8')
        .send(errorPage(ctxOf(req), status, `The exclusion could not be changed: ${message}.`));
    }
    return reply.redirect(`/rules/${encodeURIComponent(req.params.id)}#fp-h`, 303);
  });

  const api = async (req: FastifyRequest<{ Params: Params }>, reply: FastifyReply) => {
    const outcome = change(state, req);
    if (outcome !== 'ok') {
      const [status, message] = MESSAGES[outcome];
      return reply.code(status).send({ error: message });
    }
    const r = state.rule(req.params.id);
    return { ruleId: req.params.id, exclusions: r ? exclusionSet(state, r, state.enrichment(r)).exclusions : [] };
  };
  app.patch<{ Params: Params }>('/api/rules/:id/exclusions/:xid', api);
  app.post<{ Params: Params }>('/api/rules/:id/exclusions/:xid', api);
}
