/**
 * Local servers that speak the remote targets' protocols as documented, on 127.0.0.1 (port 0), and
 * answer queries by running kqlhunt's engine over a fixture dataset — so the real SDK clients
 * (azure-kusto-data, @azure/monitor-query-logs, the Graph client) talk to something that behaves
 * like ADX (v2 REST query frames), Log Analytics (query API tables), Defender XDR (Graph
 * runHuntingQuery) and ARM (PUT of an alert rule). `behaviour` injects failures: HTTP statuses
 * (401, 429 with Retry-After, 500), malformed bodies, partial results and delays.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { huntProvider } from '../../src/hunts/provider.js';
import { runQuery, type Table } from '../../src/kql/engine.js';
import type { ScalarType } from '../../src/kql/types.js';
import { parseDatetime, toJsonCell } from '../../src/kql/values.js';
import { loadTelemetry } from '../../src/telemetry/load.js';

export const TLS_DIR = fileURLToPath(new URL('../fixtures/tls/', import.meta.url));
export const TLS_CERT = join(TLS_DIR, 'localhost.crt');
export const TOKEN = 'test-token-not-a-secret';

export interface Behaviour {
  /** Answer every request with this status (401, 500 …) and an error body. */
  status?: number;
  /** Answer the next N query requests with 429 (Retry-After: 0), then normally. */
  throttle?: number;
  /** Send a body that is not the protocol. */
  malformed?: boolean;
  /** Cut the result to its first row and say so the way the protocol does. */
  partial?: boolean;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Require `Authorization: Bearer <TOKEN>` (LA, Graph, ARM). */
  requireToken?: boolean;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly authorization: string | undefined;
}

export interface ProtocolServer {
  readonly url: string;
  /** ADX management commands received (`.create-merge table …`). */
  readonly commands: string[];
  /** Rows streamed into each table (ADX streaming ingestion). */
  readonly ingested: Map<string, Record<string, unknown>[]>;
  readonly behaviour: Behaviour;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

const GRAPH_TYPES: Record<ScalarType, string> = {
  bool: 'Boolean',
  int: 'Int32',
  long: 'Int64',
  real: 'Double',
  decimal: 'Decimal',
  string: 'String',
  datetime: 'DateTime',
  timespan: 'TimeSpan',
  guid: 'Guid',
  dynamic: 'Object',
};

function rowsOf(t: Table): unknown[][] {
  const out: unknown[][] = [];
  for (let r = 0; r < t.rowCount; r++)
    out.push(t.columns.map((c, i) => toJsonCell(c.get(r), t.schema.columns[i]!.type)));
  return out;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}

/** Starts a server over the telemetry in `dataPaths`; `tls` for LA/Graph/ARM (their SDKs send tokens only over https). */
export async function startProtocolServer(dataPaths: readonly string[], o: { tls: boolean }): Promise<ProtocolServer> {
  const { store } = await loadTelemetry(dataPaths);
  const provider = huntProvider(store);
  const behaviour: Behaviour = {};
  const requests: RecordedRequest[] = [];
  const commands: string[] = [];
  const ingested = new Map<string, Record<string, unknown>[]>();
  const engine = (text: string, now: bigint | undefined) => {
    const r = runQuery(text, { provider, ...(now !== undefined ? { now } : {}), timeoutMs: 10_000 });
    const err = r.diagnostics.find((d) => d.severity === 'error');
    return err || !r.result ? { error: err?.message ?? 'no result' } : { table: r.result.table };
  };

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    // ADX streaming ingestion: POST /v1/rest/ingest/{db}/{table}?streamFormat=…, gzip body of JSON lines.
    const ingest = /^\/v1\/rest\/ingest\/[^/]+\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'POST' && ingest) {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const raw = Buffer.concat(chunks);
      const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
      const table = decodeURIComponent(ingest[1]!);
      const list = ingested.get(table) ?? [];
      for (const line of text.split('\n').filter((l) => l.trim()))
        list.push(JSON.parse(line) as Record<string, unknown>);
      ingested.set(table, list);
      requests.push({
        method: 'POST',
        path: url.pathname + url.search,
        body: undefined,
        authorization: req.headers.authorization,
      });
      return send(res, 200, { Tables: [{ TableName: 'Table_0', Columns: [], Rows: [] }] });
    }
    const body = req.method === 'GET' ? undefined : await readBody(req);
    requests.push({
      method: req.method ?? '',
      path: url.pathname + url.search,
      body,
      authorization: req.headers.authorization,
    });
    if (url.pathname === '/v1/rest/auth/metadata') return send(res, 404, { error: { message: 'no metadata here' } });
    if (behaviour.delayMs) await new Promise((r) => setTimeout(r, behaviour.delayMs));
    if (behaviour.requireToken && req.headers.authorization !== `Bearer ${TOKEN}`)
      return send(res, 401, {
        error: { code: 'InvalidAuthenticationToken', message: 'Access token is missing or invalid.' },
      });
    if (behaviour.status)
      return send(res, behaviour.status, { error: { code: 'Injected', message: `injected HTTP ${behaviour.status}` } });
    if (behaviour.throttle && behaviour.throttle > 0) {
      behaviour.throttle--;
      return send(res, 429, { error: { code: 'TooManyRequests', message: 'slow down' } }, { 'retry-after': '0' });
    }
    if (behaviour.malformed) return send(res, 200, '<html>this is not json');

    // ADX management (v1): {db, csl}; answered with a one-table v1 response.
    if (req.method === 'POST' && url.pathname === '/v1/rest/mgmt') {
      const b = body as { csl: string };
      commands.push(b.csl);
      return send(res, 200, {
        Tables: [
          {
            TableName: 'Table_0',
            Columns: [{ ColumnName: 'Result', DataType: 'String', ColumnType: 'string' }],
            Rows: [['ok']],
          },
        ],
      });
    }

    // ADX v2 REST query: {db, csl, properties}
    if (req.method === 'POST' && url.pathname === '/v2/rest/query') {
      const b = body as { csl: string; properties?: { Options?: Record<string, unknown> } };
      const nowText = b.properties?.Options?.query_now;
      const r = engine(b.csl, typeof nowText === 'string' ? (parseDatetime(nowText) ?? undefined) : undefined);
      if (r.error)
        return send(res, 400, {
          error: { code: 'General_BadRequest', message: 'Request is invalid.', '@message': r.error },
        });
      let rows = rowsOf(r.table!);
      if (behaviour.partial) rows = rows.slice(0, 1);
      return send(res, 200, [
        { FrameType: 'DataSetHeader', IsProgressive: false, Version: 'v2.0' },
        {
          FrameType: 'DataTable',
          TableId: 0,
          TableKind: 'QueryProperties',
          TableName: '@ExtendedProperties',
          Columns: [
            { ColumnName: 'TableId', ColumnType: 'int' },
            { ColumnName: 'Key', ColumnType: 'string' },
            { ColumnName: 'Value', ColumnType: 'dynamic' },
          ],
          Rows: [],
        },
        {
          FrameType: 'DataTable',
          TableId: 1,
          TableKind: 'PrimaryResult',
          TableName: 'PrimaryResult',
          Columns: r.table!.schema.columns.map((c) => ({ ColumnName: c.name, ColumnType: c.type })),
          Rows: rows,
        },
        behaviour.partial
          ? {
              FrameType: 'DataSetCompletion',
              HasErrors: true,
              Cancelled: false,
              OneApiErrors: [
                {
                  error: {
                    code: 'LimitsExceeded',
                    message: 'Request is invalid and cannot be executed.',
                    '@message':
                      'Query result set has exceeded the internal record count limit 1 (E_QUERY_RESULT_SET_TOO_LARGE).',
                  },
                },
              ],
            }
          : { FrameType: 'DataSetCompletion', HasErrors: false, Cancelled: false },
      ]);
    }

    // Log Analytics query API: POST /v1/workspaces/{id}/query {query, timespan}
    if (req.method === 'POST' && /^\/v1\/workspaces\/[^/]+\/query$/.test(url.pathname)) {
      // now() is the service's clock, as in a real workspace; the timespan is recorded, not applied.
      const b = body as { query: string; timespan?: string };
      const r = engine(b.query, undefined);
      if (r.error) return send(res, 400, { error: { code: 'BadArgumentError', message: r.error } });
      const columns = r.table!.schema.columns.map((c) => ({ name: c.name, type: c.type }));
      let rows = rowsOf(r.table!).map((row) =>
        row.map((v, i) => (columns[i]!.type === 'dynamic' && v !== null ? JSON.stringify(v) : v)),
      );
      if (behaviour.partial) rows = rows.slice(0, 1);
      return send(res, 200, {
        tables: [{ name: 'PrimaryResult', columns, rows }],
        ...(behaviour.partial
          ? {
              error: {
                code: 'PartialError',
                message: 'There were some errors when processing your query.',
                details: [],
              },
            }
          : {}),
      });
    }

    // Graph advanced hunting: POST /v1.0/security/runHuntingQuery {Query, Timespan}
    if (req.method === 'POST' && url.pathname === '/v1.0/security/runHuntingQuery') {
      const b = body as { Query: string };
      const r = engine(b.Query, undefined);
      if (r.error) return send(res, 400, { error: { code: 'BadRequest', message: r.error } });
      const schema = r.table!.schema.columns.map((c) => ({ name: c.name, type: GRAPH_TYPES[c.type] }));
      const results = rowsOf(r.table!).map((row) => Object.fromEntries(schema.map((c, i) => [c.name, row[i]])));
      return send(res, 200, {
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.security.huntingQueryResults',
        schema,
        results,
      });
    }

    // ARM PUT of a Sentinel alert rule, Graph POST of a Defender custom detection rule: echo as created.
    if (req.method === 'PUT' && /\/providers\/Microsoft\.SecurityInsights\/alertRules\/[^/]+$/.test(url.pathname)) {
      const name = url.pathname.split('/').pop();
      return send(res, 201, {
        ...(body as object),
        id: url.pathname,
        name,
        etag: '"0300bf09-0000-0000-0000-5c37296e0000"',
      });
    }
    if (req.method === 'POST' && url.pathname === '/beta/security/rules/detectionRules')
      return send(res, 201, { ...(body as object), id: '42' });
    return send(res, 404, { error: { code: 'NotFound', message: `no route ${req.method} ${url.pathname}` } });
  };

  const server: Server = o.tls
    ? createHttps({ cert: readFileSync(TLS_CERT), key: readFileSync(join(TLS_DIR, 'localhost.key')) }, (q, s) => {
        void handler(q, s);
      })
    : createHttp((q, s) => {
        void handler(q, s);
      });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${o.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    commands,
    ingested,
    behaviour,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
