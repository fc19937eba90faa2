/**
 * The analyst's workflow in Chromium: inbox filter → bulk triage → finding → raw events → device
 * page → back; feed page 2; the playground's chart; the coverage matrix at 1366 px; and screenshots
 * of every page at 1366×900 and 390×844 (test-artifacts/screenshots/workflow-*.png), each checked
 * for page-wide horizontal overflow (tables scroll inside their own box instead).
 */
import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebState } from '../../src/web/state.js';
import { launch, shot, watch } from './browser.js';
import { testServer } from './helpers.js';

declare const document: {
  querySelectorAll(selector: string): ArrayLike<unknown>;
  readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number };
};

let app: FastifyInstance;
let state: WebState;
let base: string;
let browser: BrowserContext;

beforeAll(async () => {
  ({ app, state } = await testServer());
  base = (await app.listen({ host: '127.0.0.1', port: 0 })).replace(/\/$/, '');
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

async function newPage(viewport = DESKTOP): Promise<{ page: Page; seen: ReturnType<typeof watch> }> {
  const page = await browser.newPage();
  await page.setViewportSize(viewport);
  return { page, seen: watch(page) };
}

/** The page itself must not scroll sideways: wide tables scroll in their own `.scroll` box. */
async function pageWidthFits(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1);
}

describe('the analyst workflow in Chromium', () => {
  it('inbox filter → bulk triage → finding → raw events → device page → back', async () => {
    const { page, seen } = await newPage();
    await page.goto(`${base}/findings`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Findings');
    const all = await page.locator('table.inbox tbody tr').count();
    expect(all).toBeGreaterThan(3);

    // Filtering by device (the select submits itself).
    const device = (await page.locator('table.inbox tbody tr').first().locator('td').nth(3).textContent())!.trim();
    await page.locator('#inbox-device').selectOption(device);
    await page.waitForURL(/device=/);
    const rows = page.locator('table.inbox tbody tr');
    const onDevice = await rows.count();
    expect(onDevice).toBeGreaterThan(0);
    expect(onDevice).toBeLessThan(all);
    for (let i = 0; i < onDevice; i++)
      expect((await rows.nth(i).locator('td').nth(3).textContent())!.trim()).toBe(device);
    await page.locator('#inbox-state').selectOption('new');
    await page.waitForURL(/state=new/);
    expect(page.url()).toContain('device=');

    // Bulk triage of every row on the page.
    await page.locator('#select-all').check();
    await expect(page.locator('#bulk-count').textContent()).resolves.toBe(`${onDevice} selected`);
    await page.locator('#bulk-state').selectOption('true_positive');
    await page.locator('#bulk-assignee').fill('ana');
    await page.locator('#bulk-comment').fill('confirmed with the device owner');
    await shot(page, 'workflow-inbox-bulk-1366');
    await page.getByRole('button', { name: 'Apply to selected' }).click();
    await page.waitForLoadState('load');
    // Back on the same filtered inbox: nothing is "new" on this device any more.
    expect(page.url()).toContain('device=');
    await expect(page.locator('table.inbox tbody tr').count()).resolves.toBe(0);
    const triaged = state.allFindings().filter((f) => f.deviceName === device && f.triage === 'true_positive');
    expect(triaged.length).toBeGreaterThanOrEqual(onDevice);
    expect(triaged.every((f) => f.assignee === 'ana')).toBe(true);

    // The finding: evidence, history, raw events by ReportId.
    await page.goto(`${base}/findings?device=${encodeURIComponent(device)}&state=true_positive`);
    await page.locator('table.inbox tbody tr').first().locator('td').nth(1).locator('a').first().click();
    await page.waitForURL(/\/findings\/[0-9a-f]+$/);
    const findingUrl = page.url();
    await expect(page.locator('.history').textContent()).resolves.toContain('confirmed with the device owner');
    await expect(page.locator('.history').textContent()).resolves.toContain('ana');
    await expect(page.locator('#raw').textContent()).resolves.toContain('ReportId');
    const events = await page.locator('#raw table.events tbody tr').count();
    expect(events).toBeGreaterThan(0);
    await expect(page.locator('.evidence').count()).resolves.toBe(1);
    await shot(page, 'workflow-finding-1366');

    // A single-finding triage from its page adds to the history.
    await page.locator('#f-comment').fill('ticket INC-42');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/#triage-h$/);
    await expect(page.locator('.history li').first().textContent()).resolves.toContain('INC-42');

    // Pivot to the device page; its timeline has an axis with ticks.
    await page.locator('.facts').getByRole('link', { name: device }).click();
    await page.waitForURL(/\/devices\//);
    await expect(page.locator('h1').textContent()).resolves.toBe(`Device ${device}`);
    expect(await page.locator('.timeline .tl-axis').count()).toBeGreaterThan(2);
    expect(await page.locator('.timeline rect.tl-bar').count()).toBeGreaterThan(0);
    await shot(page, 'workflow-device-1366');
    await page.goBack();
    expect(page.url()).toBe(findingUrl.replace(/#.*$/, '') + (page.url().includes('#') ? '#triage-h' : ''));
    await expect(page.locator('h1').textContent()).resolves.toContain(device);
    expect(seen.dialogs).toEqual([]);
    expect(seen.errors).toEqual([]);
  });

  it('groups the "All tools" sweep with the per-tool rule that found the same events', async () => {
    const { page } = await newPage();
    await page.goto(`${base}/findings`);
    const grouped = await page.locator('table.inbox tbody tr').count();
    const dups = await page.locator('table.inbox .dup').count();
    expect(dups).toBeGreaterThan(0);
    await expect(page.locator('table.inbox .dup').first().textContent()).resolves.toMatch(/also:/);
    await page.locator('input[name="group"]').check();
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.waitForURL(/group=0/);
    const separate = Number((await page.locator('p.count strong').textContent()) ?? 'NaN');
    expect(separate).toBeGreaterThan(grouped);
  });

  it('feed: page 2, sorting by findings, finding counts per rule', async () => {
    const { page, seen } = await newPage();
    await page.goto(`${base}/`);
    await expect(page.locator('#results .count').textContent()).resolves.toContain('page 1 of');
    const firstOnPage1 = await page.locator('#results .card h2').first().textContent();
    await page.locator('.pager').getByRole('link', { name: 'Next →' }).click();
    await page.waitForURL(/page=2/);
    await expect(page.locator('#results .count').textContent()).resolves.toContain('page 2 of');
    expect(await page.locator('#results .card').count()).toBe(25);
    expect(await page.locator('#results .card h2').first().textContent()).not.toBe(firstOnPage1);
    await shot(page, 'workflow-feed-page2-1366');
    await page.goto(`${base}/?sort=findings`);
    const badge = page.locator('#results .card').first().locator('a.badge-alert');
    await expect(badge.textContent()).resolves.toMatch(/^\d+ findings?$/);
    expect(seen.errors).toEqual([]);
  });

  it('playground: render columnchart and timechart draw a Chart.js chart; history and saved queries', async () => {
    const { page, seen } = await newPage();
    await page.goto(`${base}/playground`);
    await page
      .locator('#kql')
      .fill('DeviceProcessEvents | summarize Events = count() by DeviceName | top 8 by Events | render columnchart');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('#kql-chart:not([hidden])').waitFor();
    await expect(page.locator('#kql-chart-caption').textContent()).resolves.toContain('columnchart of 8 rows');
    // Chart.js drew pixels on the canvas.
    const painted = await page.locator('#kql-canvas').evaluate((c) => {
      const canvas = c as unknown as { toDataURL(): string };
      return canvas.toDataURL().length;
    });
    expect(painted).toBeGreaterThan(5000);
    await expect(page.locator('#pg-history li').first().textContent()).resolves.toContain('DeviceProcessEvents');
    await page.locator('#save-name').fill('events per device');
    await page.locator('#save-query').click();
    await expect(page.locator('#pg-saved li').first().textContent()).resolves.toContain('events per device');
    await shot(page, 'workflow-playground-chart-1366');

    await page
      .locator('#kql')
      .fill('DeviceNetworkEvents | summarize n = count() by bin(Timestamp, 6h) | render timechart');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.waitForFunction(() => document.querySelectorAll('#pg-history li').length >= 2);
    await expect(page.locator('#kql-chart-caption').textContent()).resolves.toContain('timechart');
    await page
      .locator('#kql')
      .fill('DeviceNetworkEvents | summarize n = count() by RemotePort | top 5 by n | render piechart');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.waitForFunction(() => document.querySelectorAll('#pg-history li').length >= 3);
    await expect(page.locator('#kql-chart-caption').textContent()).resolves.toContain('piechart');
    // Saved queries survive a reload (they live in the browser).
    await page.reload();
    await expect(page.locator('#pg-saved li').first().textContent()).resolves.toContain('events per device');
    expect(seen.errors).toEqual([]);
  });

  it('coverage: all 14 tactics visible at 1366 px without scrolling sideways', async () => {
    const { page } = await newPage();
    await page.goto(`${base}/coverage`);
    const boxes = await page
      .locator('.tactic h2')
      .evaluateAll((els) =>
        els.map((e) => (e as unknown as { getBoundingClientRect(): { right: number } }).getBoundingClientRect().right),
      );
    expect(boxes).toHaveLength(14);
    expect(Math.max(...boxes)).toBeLessThanOrEqual(DESKTOP.width);
    expect(await page.locator('.cell:not(.heat-0)').count()).toBeGreaterThan(0);
  });

  it('screenshots of every page at 1366×900 and 390×844, none wider than the screen', async () => {
    const finding = state.allFindings()[0]!;
    const pages: [string, string][] = [
      ['feed', '/'],
      ['findings', '/findings'],
      ['finding', `/findings/${finding.id}`],
      ['device', `/devices/${encodeURIComponent(finding.deviceName)}`],
      ['user', `/users/${encodeURIComponent(state.allFindings().flatMap((f) => f.users)[0] ?? 'system')}`],
      ['rule', `/rules/${encodeURIComponent(finding.ruleId)}`],
      ['coverage', '/coverage'],
      ['hunts', '/hunts'],
      ['hunt', `/hunts/${finding.runId}`],
      ['playground', '/playground'],
    ];
    const overflow: string[] = [];
    for (const [viewport, size] of [
      ['1366', DESKTOP],
      ['390', PHONE],
    ] as const) {
      const { page, seen } = await newPage(size);
      for (const [name, path] of pages) {
        await page.goto(`${base}${path}`);
        await shot(page, `workflow-${name}-${viewport}`);
        if (!(await pageWidthFits(page))) overflow.push(`${name} at ${viewport}`);
      }
      expect(seen.errors).toEqual([]);
      await page.close();
    }
    expect(overflow).toEqual([]);
  });
});
