/**
 * Web hunts on chosen data: the server's data, a demo fleet, a path under the allowed roots (and
 * every way out of them refused), uploads (size limit, malformed lines, refused files, CSRF), the
 * run labelled with its data in the hunts list, the run page and the inbox.
 */
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UploadArea } from '../../src/web/hunt-data.js';
import { buildServer } from '../../src/web/server.js';
import type { WebState } from '../../src/web/state.js';
import { session, tempDir, testState } from './helpers.js';

const SYNCRO_RULE = 'f9919f87-a7ba-4f47-a942-e30c46eb7a7d';

/** One SyncroMSP process event as a Defender export line. */
function syncroLine(device: string, reportId: number, time = '2026-11-30T10:00:00Z'): string {
  return JSON.stringify({
    Timestamp: time,
    DeviceId: `${device}-id`,
    DeviceName: device,
    ReportId: reportId,
    FileName: 'Syncro.Service.Runner.exe',
    ProcessCommandLine: '"Syncro.Service.Runner.exe" --run',
    ProcessVersionInfoCompanyName: 'Servably, Inc.',
    ProcessVersionInfoProductName: 'Syncro',
    AccountName: 'svc-syncro',
  });
}

let state: WebState;
let app: FastifyInstance;
let cookie: string;
let token: string;
let root: string;
let outsideDir: string;
const uploads = new UploadArea();
const LIMIT = 8 * 1024;

beforeAll(async () => {
  state = await testState();
  root = tempDir('kqlhunt-root-');
  outsideDir = tempDir('kqlhunt-outside-');
  mkdirSync(join(root, 'case1'));
  writeFileSync(join(root, 'case1', 'DeviceProcessEvents.ndjson'), `${syncroLine('path-pc', 7001)}\n`);
  writeFileSync(join(outsideDir, 'DeviceProcessEvents.ndjson'), `${syncroLine('secret-pc', 9001)}\n`);
  symlinkSync(outsideDir, join(root, 'escape'));
  app = buildServer(state, { dataRoots: [root], uploadLimit: LIMIT, uploads });
  await app.ready();
  ({ cookie, token } = await session(app));
}, 180_000);
afterAll(async () => {
  await app?.close();
});

async function post(fields: Record<string, string>) {
  return app.inject({
    method: 'POST',
    url: '/hunts',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: token, ...fields }).toString(),
  });
}

type Part = { name: string; value: string } | { name: string; filename: string; content: string | Buffer };

function multipartBody(parts: readonly Part[], boundary = 'kqlhuntBoundary7MA4YWxk'): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const head =
      'filename' in p
        ? `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`
        : `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n`;
    chunks.push(Buffer.from(head), Buffer.from('filename' in p ? p.content : p.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

async function upload(parts: readonly Part[], opts: { boundary?: string; body?: Buffer } = {}) {
  const boundary = opts.boundary ?? 'kqlhuntBoundary7MA4YWxk';
  return app.inject({
    method: 'POST',
    url: '/hunts',
    headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: opts.body ?? multipartBody(parts, boundary),
  });
}

interface RunJson {
  id: string;
  status: string;
  dataLabel: string;
  dataKind?: string;
  rulesRun: number;
  error?: string;
  load?: {
    files: number;
    rows: number;
    rejects: number;
    rejectSamples: { file: string; line: number; reason: string }[];
    skipped: { file: string; reason: string }[];
  };
  findings: { deviceName: string; ruleId: string }[];
}

/** Follows the redirect to the run and waits until the hunt is over. */
async function finished(res: { statusCode: number; headers: Record<string, unknown> }): Promise<RunJson> {
  expect(res.statusCode).toBe(303);
  const id = String(res.headers.location).replace('/hunts/', '');
  for (let i = 0; i < 600; i++) {
    const run = (await app.inject({ method: 'GET', url: `/api/runs/${id}` })).json() as RunJson;
    if (run.status !== 'running') return run;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`hunt ${id} did not finish`);
}

describe('web hunts on chosen data', () => {
  it('the hunts page offers every data choice, with the allowed roots', async () => {
    const res = await app.inject({ method: 'GET', url: '/hunts' });
    expect(res.statusCode).toBe(200);
    for (const v of ['server', 'demo', 'path', 'upload']) expect(res.body).toContain(`name="data" value="${v}"`);
    expect(res.body).toContain('enctype="multipart/form-data"');
    expect(res.body).toContain(`<option value="${root}">`);
  });

  it("the server's data (default) is labelled with the server's data", async () => {
    const run = await finished(await post({ scope: `rule:${SYNCRO_RULE}` }));
    expect(run.status).toBe('completed');
    expect(run.dataLabel).toBe(state.dataLabel);
    expect(run.rulesRun).toBe(1);
    expect(run.load).toBeUndefined();
  }, 60_000);

  it('a demo fleet of a chosen size and seed', async () => {
    const started = await post({ scope: 'origin:rmm', data: 'demo', devices: '6', events: '3000', seed: 'web-t1' });
    // The server answers while the fleet is generated and loaded: the progress says how far it got.
    const progress = (await app.inject({ method: 'GET', url: '/api/hunts/progress' })).json() as Record<
      string,
      unknown
    >;
    expect(progress).toMatchObject({ running: true, runId: String(started.headers.location).replace('/hunts/', '') });
    expect(['loading', 'rules']).toContain(progress.phase);
    const run = await finished(started);
    expect(run.status).toBe('completed');
    expect(run.dataKind).toBe('demo');
    expect(run.dataLabel).toBe('demo fleet (6 devices, 3000 events, seed web-t1)');
    expect(run.load?.rows).toBeGreaterThan(2_000);
    expect(run.rulesRun).toBeGreaterThan(10);
    // The server's own data is not what this run hunted.
    expect(run.dataLabel).not.toBe(state.dataLabel);
  }, 120_000);

  it('refuses a demo fleet outside the bounds', async () => {
    for (const fields of [
      { devices: '1000' } as Record<string, string>,
      { devices: '2' },
      { events: '5000000' },
      { devices: 'ten' },
      { seed: '../../etc' },
    ]) {
      const res = await post({ data: 'demo', ...fields });
      expect(res.statusCode, JSON.stringify(fields)).toBe(400);
      expect(res.body).toMatch(/demo (fleet needs|seed is)/);
    }
  });

  it('a folder under an allowed root: findings labelled with the path, shown in the inbox', async () => {
    const run = await finished(await post({ scope: `rule:${SYNCRO_RULE}`, data: 'path', path: join(root, 'case1') }));
    expect(run.status).toBe('completed');
    expect(run.dataKind).toBe('files');
    expect(run.dataLabel).toBe(join(root, 'case1'));
    expect(run.findings.map((f) => f.deviceName)).toEqual(['path-pc']);
    const inbox = await app.inject({ method: 'GET', url: `/findings?data=${encodeURIComponent(run.dataLabel)}` });
    expect(inbox.body).toContain('path-pc');
    expect(inbox.body).toContain(`<td class="data-label">${run.dataLabel}</td>`);
    expect(inbox.body).not.toContain('secret-pc');
    const page = await app.inject({ method: 'GET', url: `/hunts/${run.id}` });
    expect(page.body).toContain(`Data: <strong>${run.dataLabel}</strong>`);
    const list = await app.inject({ method: 'GET', url: '/hunts' });
    expect(list.body).toContain(`<td class="data-label">${run.dataLabel}</td>`);
  }, 60_000);

  it('the finding of a path hunt shows its raw events from that data', async () => {
    const found = (await app.inject({ method: 'GET', url: '/api/findings' })).json() as {
      findings: { id: string; deviceName: string }[];
    };
    const f = found.findings.find((x) => x.deviceName === 'path-pc');
    expect(f).toBeDefined();
    const page = await app.inject({ method: 'GET', url: `/findings/${f!.id}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('&quot;Syncro.Service.Runner.exe&quot; --run');
    expect(page.body).toContain(join(root, 'case1'));
  });

  it('refuses paths outside the roots: .. escapes, symlink escapes, nonexistent and relative paths', async () => {
    const cases: [string, number, RegExp][] = [
      [join(root, '..', outsideDir.split('/').pop()!, 'DeviceProcessEvents.ndjson'), 403, /outside the folders/],
      [`${root}/case1/../../${outsideDir.split('/').pop()}`, 403, /outside the folders/],
      [join(root, 'escape'), 403, /outside the folders/],
      [join(root, 'escape', 'DeviceProcessEvents.ndjson'), 403, /outside the folders/],
      [join(root, 'nope.ndjson'), 404, /does not exist/],
      ['/definitely/not/here', 403, /outside the folders/],
      ['case1', 400, /absolute path/],
      ['', 400, /Type the path/],
    ];
    for (const [path, status, message] of cases) {
      const res = await post({ data: 'path', path });
      expect(res.statusCode, path).toBe(status);
      expect(res.body, path).toMatch(message);
    }
    // Nothing was hunted on the outside data.
    const runs = (await app.inject({ method: 'GET', url: '/api/runs' })).json() as { runs: RunJson[] };
    expect(runs.runs.some((r) => r.dataLabel.includes(outsideDir))).toBe(false);
  });

  it('an upload: hunted, malformed lines counted with file and line, refused files reported, files deleted', async () => {
    const content = `${syncroLine('upload-pc', 8001)}\n{"Timestamp": "2026-11-30T10:05:00Z", broken\n${syncroLine('upload-pc', 8002, '2026-11-30T10:10:00Z')}\n`;
    const res = await upload([
      { name: '_csrf', value: token },
      { name: 'scope', value: 'origin:rmm' },
      { name: 'data', value: 'upload' },
      { name: 'files', filename: 'DeviceProcessEvents.ndjson', content },
      { name: 'files', filename: 'notes.txt', content: 'not telemetry' },
    ]);
    const run = await finished(res);
    expect(run.status).toBe('completed');
    expect(run.dataKind).toBe('upload');
    expect(run.dataLabel).toBe('upload: DeviceProcessEvents.ndjson');
    expect(run.load?.rows).toBe(2);
    expect(run.load?.rejects).toBe(1);
    expect(run.load?.rejectSamples[0]).toMatchObject({ file: 'DeviceProcessEvents.ndjson', line: 2 });
    expect(run.load?.skipped).toEqual([{ file: 'notes.txt', reason: expect.stringMatching(/not a telemetry file/) }]);
    expect(run.findings.filter((f) => f.ruleId === SYNCRO_RULE).map((f) => f.deviceName)).toEqual(['upload-pc']);
    const page = await app.inject({ method: 'GET', url: `/hunts/${run.id}` });
    expect(page.body).toContain('<code>DeviceProcessEvents.ndjson</code></td><td class="num">2</td>');
    expect(page.body).toContain('<code>notes.txt</code>: not a telemetry file');
    // The upload's folder is gone once its hunt is over.
    expect(uploads.held).toEqual([]);
  }, 60_000);

  it('refuses an upload over the size limit (413) and keeps none of it', async () => {
    const big = `${syncroLine('big-pc', 1)}\n`.repeat(Math.ceil((LIMIT * 2) / 300));
    const res = await upload([
      { name: '_csrf', value: token },
      { name: 'data', value: 'upload' },
      { name: 'files', filename: 'DeviceProcessEvents.ndjson', content: big },
    ]);
    expect(res.statusCode).toBe(413);
    expect(res.body).toContain('larger than this server accepts (8.0 KiB in all)');
    expect(uploads.held).toEqual([]);
  });

  it('refuses an upload with no usable file, saying why for each', async () => {
    const res = await upload([
      { name: '_csrf', value: token },
      { name: 'data', value: 'upload' },
      { name: 'files', filename: 'report.pdf', content: '%PDF-1.4' },
      { name: 'files', filename: 'empty.ndjson', content: '' },
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('report.pdf (not a telemetry file');
    expect(res.body).toContain('empty.ndjson (the file is empty)');
    expect(uploads.held).toEqual([]);
  });

  it('refuses a malformed multipart body', async () => {
    const whole = multipartBody([
      { name: '_csrf', value: token },
      { name: 'data', value: 'upload' },
      { name: 'files', filename: 'DeviceProcessEvents.ndjson', content: syncroLine('cut-pc', 1) },
    ]);
    const res = await upload([], { body: whole.subarray(0, whole.length - 40) });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('malformed or was cut off');
    expect(uploads.held).toEqual([]);
  });

  it('checks the CSRF token before writing any file', async () => {
    const file = { name: 'files', filename: 'DeviceProcessEvents.ndjson', content: syncroLine('csrf-pc', 1) };
    const missing = await upload([{ name: 'data', value: 'upload' }, file]);
    expect(missing.statusCode).toBe(403);
    const wrong = await upload([{ name: '_csrf', value: 'x'.repeat(43) }, { name: 'data', value: 'upload' }, file]);
    expect(wrong.statusCode).toBe(403);
    const crossSite = await app.inject({
      method: 'POST',
      url: '/hunts',
      headers: {
        cookie,
        'content-type': 'multipart/form-data; boundary=kqlhuntBoundary7MA4YWxk',
        origin: 'http://evil.example',
      },
      payload: multipartBody([{ name: '_csrf', value: token }, { name: 'data', value: 'upload' }, file]),
    });
    expect(crossSite.statusCode).toBe(403);
    expect(uploads.held).toEqual([]);
    const root = (await app.inject({ method: 'GET', url: '/api/runs' })).json() as { runs: RunJson[] };
    expect(root.runs.some((r) => r.dataLabel.includes('csrf'))).toBe(false);
  });

  it('the progress API answers while no hunt runs', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/hunts/progress' });
    expect(res.json()).toEqual({ running: false });
  });

  it('removes its upload folder when the server closes', async () => {
    const area = new UploadArea();
    const dir = await area.newFolder();
    expect(existsSync(dir)).toBe(true);
    await area.close();
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(join(dir, '..', '..')).length).toBeGreaterThanOrEqual(0);
  });
});
