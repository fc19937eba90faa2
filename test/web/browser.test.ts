/**
 * Click-through in Chromium: feed → search "Syncro" → SyncroMSP rule → run on data → findings →
 * coverage → playground (type, see diagnostics, run, see grid), with screenshots of each page; and
 * the XSS payload rule, which must neither execute nor break the page.
 */
import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebState } from '../../src/web/state.js';
import { launch, shot, watch } from './browser.js';
import { EVIL_ID, EVIL_NAME, SYNCRO_NETCONN_ID, testServer } from './helpers.js';

/** The DOM as the in-page callbacks below use it (they run in Chromium; Node's typings have no DOM). */
interface El {
  readonly textContent: string | null;
  readonly attributes: ArrayLike<{ readonly name: string }> & Iterable<{ readonly name: string }>;
  getAttribute(name: string): string | null;
}
declare const document: {
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El> & Iterable<El>;
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

/** Puts the element at the top of the viewport (for screenshots of one section). */
async function scrollTo(page: Page, selector: string): Promise<void> {
  await page.locator(selector).evaluate((el) => (el as unknown as { scrollIntoView(): void }).scrollIntoView());
}

async function newPage(): Promise<{ page: Page; seen: ReturnType<typeof watch> }> {
  const page = await browser.newPage();
  return { page, seen: watch(page) };
}

describe('the SOC-feed app in Chromium', () => {
  it('feed → search → rule → run → findings → coverage → playground', async () => {
    const { page, seen } = await newPage();
    await page.goto(`${base}/`);
    await expect(page.locator('h1').textContent()).resolves.toBe('SOC feed');
    const total = state.rules.length;
    await expect(page.locator('#results .count').textContent()).resolves.toContain(`${total} of ${total}`);
    await shot(page, '01-feed');

    // Typing filters in place (JS) and keeps the URL shareable.
    await page.getByLabel('Search', { exact: true }).fill('Syncro');
    await page.waitForFunction(
      (n) => !document.querySelector('#results .count')?.textContent?.startsWith(`${n} of`),
      total,
    );
    const shown = Number((await page.locator('#results .count strong').textContent()) ?? 'NaN');
    expect(shown).toBeGreaterThanOrEqual(3);
    expect(shown).toBeLessThan(10);
    expect(page.url()).toContain('q=Syncro');
    await shot(page, '02-feed-search-syncro');

    await page
      .getByRole('link', { name: 'Remote Management and Monitoring tool - SyncroMSP - Network Connection' })
      .click();
    await page.waitForURL(`**/rules/${SYNCRO_NETCONN_ID}`);
    await expect(page.locator('h1').textContent()).resolves.toBe(
      'Remote Management and Monitoring tool - SyncroMSP - Network Connection',
    );
    for (const heading of [
      'Hunt Hypothesis',
      'KQL Query',
      'Analytic Rule Definition',
      'Required Data Sources',
      'MITRE ATT&CK Context',
      'References',
      'False Positive Guidance',
      'Tuned Query',
      'Run on loaded data',
      'Findings',
    ]) {
      await expect(page.getByRole('heading', { name: heading, exact: true }).count()).resolves.toBe(1);
    }
    await expect(page.locator('.provenance').textContent()).resolves.toContain('Validate in a test environment');
    await shot(page, '03-rule-syncro');
    await scrollTo(page, '#assess-h');
    await shot(page, '03b-rule-syncro-enrichment');
    await scrollTo(page, '#fp-h');
    await shot(page, '03c-rule-syncro-exclusions');

    await page.getByRole('button', { name: 'Run on loaded data' }).click();
    await page.waitForSelector('#run .results');
    const runText = (await page.locator('#run .results').textContent()) ?? '';
    expect(runText).toMatch(/\d+ rows/);
    const header = await page.locator('#run .results thead').textContent();
    expect(header).toContain('DeviceName');
    expect(header).toContain('datetime');
    await shot(page, '04-rule-run');

    // This rule's findings from the start-up hunt, with triage editing.
    const findings = state.findingsOfRule(SYNCRO_NETCONN_ID);
    const rows = page.locator('#find-h + .scroll tbody tr, #find-h ~ .scroll tbody tr');
    await expect(rows.count()).resolves.toBe(findings.length);
    if (findings.length > 0) {
      const first = findings[0];
      const select = page.locator(`tr[data-finding="${first?.id}"] select`);
      await select.selectOption('true_positive');
      await page.locator(`tr[data-finding="${first?.id}"] button`).click();
      await page.waitForFunction(
        (id) => document.querySelector(`tr[data-finding="${id}"] button`)?.textContent === 'Saved',
        first?.id,
      );
      expect(state.store.getFinding(first?.id ?? '')?.state).toBe('true_positive');
    }

    // Disabling an exclusion (a plain form POST) stores the choice and comes back to the section.
    const heartbeat = page.locator('tr[data-exclusion="agent-heartbeat"]');
    await heartbeat.getByRole('button', { name: 'Disable' }).click();
    await page.waitForURL(`**/rules/${SYNCRO_NETCONN_ID}#fp-h`);
    await expect(heartbeat.locator('.badge-info').first().textContent()).resolves.toBe('disabled');
    await expect(page.locator('#fp-h + p').textContent()).resolves.toContain('Exclusions stored for this rule');
    expect(state.store.listExclusions(SYNCRO_NETCONN_ID).find((x) => x.id === 'agent-heartbeat')?.enabled).toBe(false);
    await expect(page.locator('#tuned-h ~ pre').textContent()).resolves.not.toContain('exclusion: agent-heartbeat');
    await shot(page, '04b-rule-exclusion-disabled');

    await page.getByRole('link', { name: 'Coverage →' }).click();
    await page.waitForURL('**/coverage');
    await expect(page.locator('.tactic').count()).resolves.toBe(14);
    await shot(page, '05-coverage');
    await page.locator('a.cell[title^="T1219 "]').click();
    await page.waitForURL('**/coverage?technique=T1219*');
    await expect(page.locator('#tech-h').textContent()).resolves.toMatch(/T1219 Remote Access Tools: \d+ rules/);
    await page.getByLabel('rules with findings').check();
    await page.waitForURL('**findings=1**');
    await expect(page.getByLabel('rules with findings').isChecked()).resolves.toBe(true);

    await page.getByRole('link', { name: 'Hunts' }).click();
    await page.getByRole('link', { name: state.runs[0]?.id ?? '?' }).click();
    await page.waitForSelector('figure.timeline svg rect');
    await shot(page, '06-hunt-run');

    await page.getByRole('link', { name: 'Playground' }).click();
    const editor = page.getByLabel('KQL query');
    await editor.fill('DeviceNetworkEvents | where NoSuchColumn == 1');
    await page.waitForSelector('#kql-diags .diag-error');
    await expect(page.locator('#kql-diags').textContent()).resolves.toContain('line 1, column 29');
    await expect(page.locator('#kql-overlay mark.diag-error').textContent()).resolves.toBe('NoSuchColumn');
    await shot(page, '07-playground-diagnostics');
    await editor.fill('DeviceNetworkEvents | summarize Connections = count() by DeviceName | top 5 by Connections');
    await page.waitForSelector('#kql-diags .ok');
    await editor.press('Control+Enter');
    await page.waitForSelector('#kql-results table');
    await expect(page.locator('#kql-results thead').textContent()).resolves.toMatch(
      /DeviceName\s*string.*Connections\s*long/s,
    );
    await expect(page.locator('#kql-results tbody tr').count()).resolves.toBe(5);
    await shot(page, '08-playground-results');

    expect(seen.dialogs).toEqual([]);
    expect(seen.errors).toEqual([]);
    await page.close();
  });

  it('is readable on a phone', async () => {
    const { page, seen } = await newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/rules/${SYNCRO_NETCONN_ID}`);
    // No horizontal scrolling of the page itself (wide tables scroll inside their own box).
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, '09-phone-rule');
    await page.goto(`${base}/`);
    await shot(page, '10-phone-feed');
    expect(seen.errors).toEqual([]);
    await page.close();
  });

  it('a rule carrying <script>, onerror= and javascript: payloads neither runs nor breaks the page', async () => {
    const { page, seen } = await newPage();
    await page.goto(`${base}/rules/${EVIL_ID}`);
    await expect(page.locator('h1').textContent()).resolves.toBe(EVIL_NAME);
    // Every section still renders after the payloads.
    await expect(page.getByRole('heading', { name: 'False Positive Guidance' }).count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'Run on loaded data' }).click();
    await page.waitForSelector('#run .results');
    await shot(page, '11-xss-rule');
    await page.goto(`${base}/?q=evil`);
    await page.goto(`${base}/playground`);
    await page
      .getByLabel('KQL query')
      .fill('print x = "<img src=x onerror=alert(9)>", y = "<script>alert(10)</script>"');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.waitForSelector('#kql-results table');
    for (const url of [`/rules/${EVIL_ID}`, '/?q=evil']) {
      await page.goto(`${base}${url}`);
      const dom = await page.evaluate(() => ({
        scripts: [...document.querySelectorAll('script')].map((s) => s.getAttribute('src')),
        handlers: [...document.querySelectorAll('*')].flatMap((e) =>
          [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name),
        ),
        jsLinks: [...document.querySelectorAll('a[href]')].filter((a) =>
          /^\s*javascript:/i.test(a.getAttribute('href') ?? ''),
        ).length,
        imgs: document.querySelectorAll('main img, main svg[onload]').length,
      }));
      expect(dom).toEqual({ scripts: ['/static/app.js'], handlers: [], jsLinks: 0, imgs: 0 });
    }
    expect(seen.dialogs).toEqual([]);
    expect(seen.errors).toEqual([]);
    await page.close();
  });
});
