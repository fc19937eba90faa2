/**
 * A hunt on uploaded data in Chromium: the hunts page's form uploads an NDJSON export with a
 * SyncroMSP process event (among benign ones), runs the RMM pack on it, the run page shows the
 * loading and rule progress, then the data loaded; the finding is in the inbox under the upload's
 * data label. Screenshots at 1366×900 and 390×844 (test-artifacts/screenshots/hunt-*.png).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/web/server.js';
import type { WebState } from '../../src/web/state.js';
import { launch, shot, watch } from './browser.js';
import { tempDir, testState } from './helpers.js';

declare const document: {
  readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number };
  querySelector(selector: string): unknown;
};

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const LABEL = 'upload: DeviceProcessEvents.ndjson';

let app: FastifyInstance;
let state: WebState;
let base: string;
let browser: BrowserContext;
let upload: string;

/** ~30,000 benign process events (enough that loading takes a moment) and one SyncroMSP agent start. */
function exportFile(): string {
  const lines: string[] = [];
  const start = Date.parse('2026-11-29T00:00:00Z');
  for (let i = 0; i < 30_000; i++)
    lines.push(
      JSON.stringify({
        Timestamp: new Date(start + i * 2_000).toISOString(),
        DeviceId: `dev-${i % 12}`,
        DeviceName: `ws-${i % 12}.corp.example`,
        ReportId: 100_000 + i,
        FileName: i % 3 === 0 ? 'svchost.exe' : 'msedge.exe',
        ProcessCommandLine: i % 3 === 0 ? 'svchost.exe -k netsvcs' : 'msedge.exe --type=renderer',
        ProcessVersionInfoCompanyName: 'Microsoft Corporation',
        ProcessVersionInfoProductName: 'Microsoft Windows',
        AccountName: `user${i % 7}`,
      }),
    );
  lines.push(
    JSON.stringify({
      Timestamp: '2026-11-30T09:30:00Z',
      DeviceId: 'dev-browser',
      DeviceName: 'browser-pc.corp.example',
      ReportId: 424242,
      FileName: 'Syncro.Service.Runner.exe',
      ProcessCommandLine: '"C:\\Program Files\\RepairTech\\Syncro\\Syncro.Service.Runner.exe"',
      ProcessVersionInfoCompanyName: 'Servably, Inc.',
      ProcessVersionInfoProductName: 'Syncro',
      AccountName: 'svc-syncro',
    }),
  );
  const path = join(tempDir('kqlhunt-upload-src-'), 'DeviceProcessEvents.ndjson');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

beforeAll(async () => {
  state = await testState();
  app = buildServer(state);
  base = (await app.listen({ host: '127.0.0.1', port: 0 })).replace(/\/$/, '');
  browser = await launch();
  upload = exportFile();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function newPage(viewport = DESKTOP): Promise<{ page: Page; seen: ReturnType<typeof watch> }> {
  const page = await browser.newPage();
  await page.setViewportSize(viewport);
  return { page, seen: watch(page) };
}

const fits = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1);

describe('a web hunt on uploaded data in Chromium', () => {
  it('uploads an export, runs the RMM pack with progress, and finds SyncroMSP in the inbox', async () => {
    const { page, seen } = await newPage();
    await page.goto(`${base}/hunts`);
    await page.locator('#hunt-scope').selectOption('origin:rmm');
    await page.locator('#data-files').setInputFiles(upload);
    // Choosing files chooses the upload (the script ticks its radio).
    await expect(page.locator('#data-upload').isChecked()).resolves.toBe(true);
    await shot(page, 'hunt-form-1366');

    await page.getByRole('button', { name: 'Run the hunt' }).click();
    await page.waitForURL(/\/hunts\/\d+$/);
    const runId = page.url().split('/').pop()!;
    // The page comes back as soon as the run exists: the hunt is still loading or running.
    const progress = page.locator('.progress-line');
    await expect(progress.textContent()).resolves.toMatch(
      /loading the data — [\d.]+ (bytes|KiB|MiB) of 9\.0 MiB read|is running: .* \d+ of \d+ rules/,
    );
    await expect(page.locator('.run-data').textContent()).resolves.toBe(`Data: ${LABEL}`);
    await shot(page, 'hunt-progress-1366');

    // The page refreshes itself until the hunt is over.
    await page.waitForFunction(() => !document.querySelector('.progress-line'), undefined, {
      timeout: 90_000,
      polling: 500,
    });
    await page.waitForLoadState('load');
    const loaded = await page.locator('#load-h + p').textContent();
    expect(loaded).toMatch(/^1 file, [\d.]+ MiB, 30,001 rows in 1 table; no malformed records\.$/);
    await expect(page.locator('details summary', { hasText: 'SyncroMSP - Create Process' }).count()).resolves.toBe(1);
    await shot(page, 'hunt-run-1366');
    expect(await fits(page)).toBe(true);

    // The inbox, filtered to the upload's data: the finding and its data label.
    await page.goto(`${base}/findings`);
    await page.locator('#inbox-data').selectOption(LABEL);
    await page.waitForURL(/data=/);
    const rows = page.locator('table.inbox tbody tr');
    const n = await rows.count();
    expect(n).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) await expect(rows.nth(i).locator('td.data-label').textContent()).resolves.toBe(LABEL);
    const syncro = rows.filter({ hasText: 'SyncroMSP - Create Process' });
    await expect(syncro.locator('td').nth(3).textContent()).resolves.toBe('browser-pc.corp.example');
    await shot(page, 'hunt-inbox-1366');

    // The finding: its raw event comes from the uploaded data, still in memory.
    await syncro.locator('td').nth(1).locator('a').first().click();
    await page.waitForURL(/\/findings\/[0-9a-f]+$/);
    await expect(page.locator('table.events').first().textContent()).resolves.toContain('424242');
    await expect(page.locator('dl.facts').first().textContent()).resolves.toContain(`${LABEL} (hunt ${runId})`);

    // The upload is gone from the server.
    const runs = (await (await fetch(`${base}/api/runs/${runId}`)).json()) as { status: string; dataKind: string };
    expect(runs).toMatchObject({ status: 'completed', dataKind: 'upload' });
    expect(seen.dialogs).toEqual([]);
    expect(seen.errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('the hunts page, the run and the inbox at 390×844 and the form at 1366', async () => {
    const { page, seen } = await newPage(PHONE);
    await page.goto(`${base}/hunts`);
    await shot(page, 'hunt-form-390');
    expect(await fits(page)).toBe(true);
    const run = state.runs.find((r) => r.dataLabel === LABEL);
    expect(run).toBeDefined();
    await page.goto(`${base}/hunts/${run!.id}`);
    await shot(page, 'hunt-run-390');
    expect(await fits(page)).toBe(true);
    await page.goto(`${base}/findings?data=${encodeURIComponent(LABEL)}`);
    await shot(page, 'hunt-inbox-390');
    expect(await fits(page)).toBe(true);
    expect(seen.errors).toEqual([]);
    await page.close();
  }, 60_000);
});
