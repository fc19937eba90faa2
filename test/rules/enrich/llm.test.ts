import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrichRule, LlmEnricher } from '../../../src/rules/enrich/index.js';
import { seedCreateProc } from './helpers.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
let handler: Handler = () => {};
let server: Server;
let base = '';
const requests: { url: string; auth: string | undefined; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      requests.push({ url: req.url ?? '', auth: req.headers.authorization, body: JSON.parse(body || '{}') });
      handler(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const reply = (content: string) => (_req: IncomingMessage, _b: string, res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content } }] }));
};

describe('LLM enricher (local stub server)', () => {
  const rule = seedCreateProc();
  const det = enrichRule(rule);

  it('sends a chat-completions request and marks the result generator: llm', async () => {
    handler = reply(
      'Here you go: {"hypothesis": "LLM hypothesis.", "falsePositives": [{"scenario": "s", "description": "d", "exclusion": "process.parent_process_name == \\"ccmexec.exe\\""}, {"scenario": "bad", "exclusion": "nope =="}]}',
    );
    const r = await new LlmEnricher({ endpoint: `${base}/`, model: 'm1', apiKey: 'k' }).enrich(rule, det);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.enrichment.generator).toBe('llm');
    expect(r.enrichment.hypothesis.text).toBe('LLM hypothesis.');
    expect(r.enrichment.falsePositives.length).toBe(det.falsePositives.length + 1);
    expect(r.enrichment.falsePositives.at(-1)?.kql).toBe('InitiatingProcessFileName =~ "ccmexec.exe"');
    const sent = requests.at(-1)!;
    expect(sent.url).toBe('/v1/chat/completions');
    expect(sent.auth).toBe('Bearer k');
    expect(sent.body.model).toBe('m1');
    expect(JSON.stringify(sent.body.messages)).toContain('Servably');
  });

  it('returns errors for HTTP failures, bad answers and timeouts', async () => {
    handler = (_q, _b, res) => {
      res.writeHead(500);
      res.end('x');
    };
    expect(await new LlmEnricher({ endpoint: base, model: 'm' }).enrich(rule, det)).toEqual({
      ok: false,
      error: 'The LLM endpoint answered HTTP 500.',
    });
    handler = reply('no json here');
    const bad = await new LlmEnricher({ endpoint: base, model: 'm' }).enrich(rule, det);
    expect(bad.ok).toBe(false);
    handler = () => {};
    const slow = await new LlmEnricher({ endpoint: base, model: 'm', timeoutMs: 100 }).enrich(rule, det);
    expect(slow).toEqual({ ok: false, error: 'The LLM endpoint did not answer within 100 ms.' });
  });
});
