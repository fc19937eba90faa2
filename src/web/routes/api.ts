/** The JSON API beside each page (docs/api.md). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { jsonText, parseDatetime } from '../../kql/engine.js';
import { findingJson, findingsCsv, ruleDetailJson, ruleSummaryJson, runJson } from '../api-model.js';
import { coverageOf, matrix, navigatorLayer } from '../coverage.js';
import { huntNow } from '../hunt.js';
import { triageStateOf } from '../model.js';
import { checkQuery, type QueryLimits, runWebQuery } from '../query.js';
import { feedQueryFrom, filterRules } from '../search.js';
import type { WebState } from '../state.js';
import { coverageOptionsFrom } from './params.js';

type Params = { id: string };
const MAX_QUERY_CHARS = 100_000;

function intParam(v: unknown, fallback: number, max: number): number | undefined {
  if (v === undefined) return fallback;
  const n = typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : Number.NaN;
  return Number.isInteger(n) && n <= max ? n : undefined;
}

function bad(reply: FastifyReply, message: string, status = 400) {
  return reply.code(status).send({ error: message });
}

function queryText(req: FastifyRequest): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  const q = body?.query;
  return typeof q === 'string' && q.length <= MAX_QUERY_CHARS ? q : undefined;
}

export function registerApi(app: FastifyInstance, state: WebState, limits: QueryLimits): void {
  app.get('/api/rules', async (req, reply) => {
    const params = req.query as Record<string, unknown>;
    const all = filterRules(state, feedQueryFrom(params));
    const asked = params.limit !== undefined || params.offset !== undefined;
    const limit = intParam(params.limit, all.length, 10_000);
    const offset = intParam(params.offset, 0, 1_000_000);
    if (limit === undefined || offset === undefined)
      return bad(reply, 'limit and offset must be non-negative integers');
    const page = asked ? all.slice(offset, offset + limit) : all;
    return {
      total: all.length,
      ...(asked ? { limit, offset } : {}),
      rules: page.map((r) => ruleSummaryJson(r, state)),
    };
  });

  app.get<{ Params: Params }>('/api/rules/:id', async (req, reply) => {
    const r = state.rule(req.params.id);
    return r ? ruleDetailJson(r, state) : bad(reply, 'no such rule', 404);
  });

  app.get('/api/coverage', async (req) => {
    const o = coverageOptionsFrom(req.query as Record<string, unknown>);
    const cov = coverageOf(state, o);
    return {
      options: o,
      techniques: [...cov.values()].sort((a, b) => a.id.localeCompare(b.id)),
      matrix: matrix(cov).map((c) => ({ tactic: c.tactic.name, tacticId: c.tactic.id, techniques: c.techniques })),
    };
  });

  app.get('/api/coverage/navigator-layer', async (req, reply) => {
    const o = coverageOptionsFrom(req.query as Record<string, unknown>);
    reply.header('content-disposition', 'attachment; filename="kqlhunt-layer.json"');
    return navigatorLayer(state, o);
  });

  app.get('/api/runs', async () => ({ runs: state.runs.map((r) => runJson(r, undefined)) }));

  app.post('/api/runs', async (_req, reply) => {
    const run = await huntNow(state);
    return reply.code(201).send(runJson(run, undefined));
  });

  app.get<{ Params: Params }>('/api/runs/:id', async (req, reply) => {
    const run = state.run(req.params.id);
    return run ? runJson(run, state.findingsOfRun(run.id)) : bad(reply, 'no such run', 404);
  });

  app.get<{ Params: Params }>('/api/runs/:id/findings.csv', async (req, reply) => {
    const run = state.run(req.params.id);
    if (!run) return bad(reply, 'no such run', 404);
    reply.header('content-disposition', `attachment; filename="kqlhunt-${run.id}.csv"`);
    return reply.type('text/csv; charset=utf-8').send(findingsCsv(state.findingsOfRun(run.id)));
  });

  app.get<{ Params: Params }>('/api/runs/:id/findings.json', async (req, reply) => {
    const run = state.run(req.params.id);
    if (!run) return bad(reply, 'no such run', 404);
    reply.header('content-disposition', `attachment; filename="kqlhunt-${run.id}.json"`);
    return state.findingsOfRun(run.id).map(findingJson);
  });

  app.get('/api/findings', async (req) => {
    const p = req.query as Record<string, unknown>;
    const triage = typeof p.triage === 'string' ? triageStateOf(p.triage) : undefined;
    if (typeof p.triage === 'string' && !triage) return { total: 0, findings: [] };
    const list = state.findings({
      ...(typeof p.run === 'string' ? { run: p.run } : {}),
      ...(typeof p.rule === 'string' ? { rule: p.rule } : {}),
      ...(triage ? { triage } : {}),
    });
    return { total: list.length, findings: list.map(findingJson) };
  });

  app.get<{ Params: Params }>('/api/findings/:id', async (req, reply) => {
    const f = state.finding(req.params.id);
    return f ? findingJson(f) : bad(reply, 'no such finding', 404);
  });

  const triage = async (req: FastifyRequest<{ Params: Params }>, reply: FastifyReply) => {
    if (!state.finding(req.params.id)) return bad(reply, 'no such finding', 404);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const triage = triageStateOf(body.triage);
    if (body.triage !== undefined && !triage) return bad(reply, 'unknown triage state');
    if (body.note !== undefined && (typeof body.note !== 'string' || body.note.length > 4000))
      return bad(reply, 'note must be a string of at most 4000 characters');
    const f = state.setTriage(req.params.id, triage, typeof body.note === 'string' ? body.note : undefined);
    if (!f) return bad(reply, 'no such finding', 404);
    // A plain HTML form (no JS) gets the run page back; scripts get JSON.
    if (req.headers['content-type']?.startsWith('application/x-www-form-urlencoded'))
      return reply.redirect(`/hunts/${encodeURIComponent(f.runId)}`, 303);
    return findingJson(f);
  };
  app.patch<{ Params: Params }>('/api/findings/:id', triage);
  app.post<{ Params: Params }>('/api/findings/:id', triage);

  app.post('/api/query', async (req, reply) => {
    const text = queryText(req);
    if (text === undefined)
      return bad(reply, `body must be JSON {"query": string} of at most ${MAX_QUERY_CHARS} characters`);
    const now = nowOf(req, state);
    if (now === null) return bad(reply, 'now must be an ISO 8601 datetime');
    const outcome = await runWebQuery(text, state.provider, now, limits);
    // Every worker busy and the queue full: say so, and when to come back.
    // jsonText: a long beyond 2^53 is a bigint cell, written as its exact digits.
    reply.type('application/json; charset=utf-8');
    if (outcome.busy) return reply.code(503).header('retry-after', '2').send(jsonText(outcome));
    return reply.send(jsonText(outcome));
  });

  app.post('/api/check', async (req, reply) => {
    const text = queryText(req);
    if (text === undefined)
      return bad(reply, `body must be JSON {"query": string} of at most ${MAX_QUERY_CHARS} characters`);
    return { diagnostics: checkQuery(text, state.provider) };
  });
}

/** `now` from the body (ISO 8601), else the end of the loaded data; null when malformed. */
function nowOf(req: FastifyRequest, state: WebState): bigint | undefined | null {
  const v = (req.body as Record<string, unknown> | undefined)?.now;
  if (v === undefined || v === null || v === '') return state.now;
  return typeof v === 'string' ? parseDatetime(v) : null;
}
