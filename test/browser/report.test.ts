// Opens the generated access-matrix.html in headless Debian Chromium (never a downloaded browser):
// the matrix renders, a click on a cell shows its explanation, a filter hides rows; saves a screenshot.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReports } from '../../src/matrix/index.js';
import { RUN, sampleMatrix } from '../matrix/fixtures.js';
import { CHROMIUM, requireChromium, skipBrowser } from './chromium.js';

const REPORTS = resolve(import.meta.dirname, '../../reports');

describe.skipIf(skipBrowser)('access-matrix.html in headless Chromium', () => {
  let browser: BrowserContext;
  let page: Page;
  let tmp: string;
  const requests: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    requireChromium();
    tmp = await mkdtemp(join(tmpdir(), 'spokegate-browser-'));
    const matrix = sampleMatrix();
    await writeReports(matrix, RUN, join(tmp, 'reports'));
    // The sample also goes to reports/sample/ for a reader to open; never over a real run's reports.
    await writeReports(matrix, RUN, join(REPORTS, 'sample'));
    // A fresh profile in the temp dir: nothing from an earlier run (or the user) leaks in.
    browser = await chromium.launchPersistentContext(join(tmp, 'profile'), {
      executablePath: CHROMIUM,
      viewport: { width: 1440, height: 1000 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-quic',
        '--no-first-run',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    await page.goto(pathToFileURL(join(tmp, 'reports', 'access-matrix.html')).href);
  });

  afterAll(async () => {
    await browser?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('renders the matrices without script errors or network requests', async () => {
    expect(pageErrors).toEqual([]);
    await expect(page.locator('table.matrix').count()).resolves.toBe(2);
    const get = page.locator('table.matrix', { has: page.locator('caption', { hasText: 'GET' }) });
    await expect(get.locator('tbody tr').count()).resolves.toBe(4);
    await expect(get.locator('thead th[data-api]').allInnerTexts()).resolves.toEqual([
      'inventory',
      'orders',
      'payments',
    ]);
    await expect(page.locator('button.cell.v-fail').count()).resolves.toBe(3); // the disagreement fails too
    await expect(page.locator('button.cell.v-error').count()).resolves.toBe(1);
    await expect(page.locator('#f-count').innerText()).resolves.toBe('Showing 14 of 14 cells');
    // Only the page itself was loaded: nothing from the network, not even from file: URLs.
    expect(requests.filter((u) => !u.endsWith('/access-matrix.html'))).toEqual([]);
  });

  it('colours a cell by access and marks its verdict separately', async () => {
    const look = (role: string, api: string, nth: 'first' | 'last' = 'first') => {
      const cells = page.locator(`tr[data-role="${role}"] td[data-api="${api}"] button.cell`);
      // Runs in the page (this project's types have no DOM library).
      return (nth === 'first' ? cells.first() : cells.last()).evaluate((b: any) => {
        const css = (e: any): string => (globalThis as any).getComputedStyle(e).backgroundColor;
        return {
          background: css(b),
          text: String(b.querySelector('.txt').innerText).split('\n')[0],
          marks: [...b.querySelectorAll('.mark')].map((m: any) => [String(m.className), css(m)]),
        };
      });
    };
    const allowPass = await look('CheckoutRole', 'orders');
    const denyFail = await look('PartnerRole', 'orders', 'last'); // expected allow, denied
    const allowDisagreement = await look('AuditRole', 'orders'); // observed allowed, predicted deny
    // Same colour for the same access whatever the verdict; a different colour for deny.
    expect(allowPass.text).toBe('Allow');
    expect(denyFail.text).toBe('Deny');
    expect(allowDisagreement.background).toBe(allowPass.background);
    expect(denyFail.background).not.toBe(allowPass.background);
    // The verdict is a mark of its own, distinct for pass and fail; a disagreement adds one.
    expect(allowPass.marks.map((m) => m[0])).toEqual(['mark m-pass']);
    expect(denyFail.marks.map((m) => m[0])).toEqual(['mark m-fail']);
    expect(denyFail.marks[0]![1]).not.toBe(allowPass.marks[0]![1]);
    expect(allowDisagreement.marks.map((m) => m[0])).toContain('mark m-dis');
    await expect(page.locator('button.cell .mark.m-error').count()).resolves.toBe(1);
    await expect(page.locator('.legend').innerText()).resolves.toMatch(
      /Colour: who has access[\s\S]*Mark: the verdict/,
    );
  });

  it('shows a cell’s expected, predicted, observed and explanation on click', async () => {
    const cell = page.locator('tr[data-role="AuditRole"] td[data-api="orders"] button.cell').first();
    await cell.click();
    const panel = page.locator('#detail');
    await expect(panel.locator('#detail-title').innerText()).resolves.toContain('AuditRole → orders');
    const text = await panel.innerText();
    expect(text).toContain('resource policy: no statement allows execute-api:Invoke');
    expect(text).toMatch(/Expected\s+allow/i);
    expect(text).toMatch(/Predicted\s+deny/i);
    expect(text).toMatch(/Observed\s+allowed/i);
    expect(text).toContain('req-0010-a1b2');
    expect(text).toContain('DISAGREEMENT');
    await expect(page.locator('#detail-title:focus').count()).resolves.toBe(1);
  });

  it('the verdict filter hides rows without a matching cell, the role filter hides other roles', async () => {
    await page.selectOption('#f-verdict', 'attention');
    const get = page.locator('table.matrix', { has: page.locator('caption', { hasText: 'GET' }) });
    await expect(get.locator('tbody tr:visible').count()).resolves.toBe(1);
    await expect(get.locator('tbody tr[data-role="CheckoutRole"]').isHidden()).resolves.toBe(true);
    await expect(page.locator('#f-count').innerText()).resolves.toBe('Showing 4 of 14 cells');

    await page.click('#f-reset');
    await page.selectOption('#f-role', 'PartnerRole');
    await expect(page.locator('tbody tr[data-role]:visible').count()).resolves.toBe(2);
    await expect(page.locator('tr[data-role="AuditRole"]').first().isHidden()).resolves.toBe(true);

    await page.click('#f-reset');
    await page.selectOption('#f-api', 'payments');
    await expect(get.locator('th[data-api="orders"]').isHidden()).resolves.toBe(true);
    await expect(get.locator('th[data-api="payments"]').isVisible()).resolves.toBe(true);
    await page.click('#f-reset');
    await expect(page.locator('tbody tr[data-role]:visible').count()).resolves.toBe(6);
  });

  it('works from the keyboard and labels cells for screen readers', async () => {
    await page.click('#f-reset');
    const cell = page.locator('tr[data-role="PartnerRole"] td[data-api="orders"] button.cell').last();
    await expect(cell.getAttribute('aria-label')).resolves.toBe(
      'PartnerRole to orders, POST /orders through hub: fail, deny, expected allow. Show details.',
    );
    await cell.focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('#detail').innerText()).resolves.toContain(
      'Cross-account partner without identity policy',
    );
    await page.keyboard.press('Escape');
    await expect(page.locator('#detail-title').innerText()).resolves.toBe('Cell details');
    await expect(page.locator('button.cell:focus').count()).resolves.toBe(1); // focus went back to the cell
  });

  it('escapes hostile text instead of running it', async () => {
    // the report's own script is the only one that runs
    await expect(page.locator('script:not([type])').count()).resolves.toBe(1);
    await page.click('#f-reset');
    await page.locator('tr[data-role="anonymous"] td[data-api="orders"] button.cell').first().click();
    await expect(page.locator('#detail').innerText()).resolves.toContain('Evil <script>alert(1)</script>');
  });

  it('saves a screenshot for the reader under reports/', async () => {
    await page.click('#f-reset');
    await page.locator('tr[data-role="AuditRole"] td[data-api="payments"] button.cell').first().click();
    await page.evaluate('window.scrollTo(0, 0)');
    const file = join(REPORTS, 'access-matrix.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(existsSync(file)).toBe(true);
    // Print layout: the toolbar and the detail panel are hidden.
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('form.toolbar').isHidden()).resolves.toBe(true);
    await expect(page.locator('#detail').isHidden()).resolves.toBe(true);
    await page.emulateMedia({ media: 'screen' });
  });
});
