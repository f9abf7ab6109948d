// Issue 12: Cucumber's own cucumber.html shows the feature text a pull request wrote. Opened in
// headless Debian Chromium (never a downloaded browser): names holding "<!--", "</script>" or "@team"
// are shown as the text they are (Cucumber's formatter writes "<" as "\x3C" inside its script, and
// its page renders names as text), and nothing in a feature makes the page load anything: a
// Markdown image or an <img> in a description was fetched from wherever it pointed as soon as the
// report was opened (a beacon, or a GET to the reviewer's intranet), so the page carries a
// Content-Security-Policy like access-matrix.html's.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { demoProject, ROOT } from '../harness/helpers.js';
import { CHROMIUM, requireChromium, skipBrowser } from './chromium.js';

const NAMES = [
  'ping @team about #1 <!--<script>',
  `second </script><img src=x onerror="document.title='PWNED'">`,
];
/** A feature pointing at `beacon` (a server counting what the page fetched from it). */
const feature = (beacon: string) =>
  [
    'Feature: names <!--<script> @team #1',
    `  A description with ![beacon](${beacon}/markdown.png) and <img src="${beacon}/raw.png">,`,
    `  <video src="${beacon}/video.mp4" autoplay></video> <iframe src="${beacon}/frame"></iframe>`,
    `  and [a link](javascript:document.title='PWNED') <script>document.title='PWNED'</script>`,
    '',
    ...NAMES.flatMap((name) => [
      `  Scenario: ${name}`,
      '    When "CheckoutRole" calls GET /orders on "orders"',
      '    Then the call is allowed',
      '',
    ]),
  ].join('\n');

describe.skipIf(skipBrowser)('cucumber.html of hostile feature text in headless Chromium', () => {
  const { proj } = demoProject('cucumber-html');
  let browser: Browser;
  let page: Page;
  let code: number;
  /** Every load the page completed. */
  const requests: string[] = [];
  /** What reached the beacon server: a load the browser made, not merely one it tried. */
  const fetched: string[] = [];
  const beacon = createServer((req, res) => {
    fetched.push(req.url ?? '');
    res.end();
  });
  const pageErrors: string[] = [];

  beforeAll(async () => {
    requireChromium();
    await new Promise<void>((resolve) => beacon.listen(0, '127.0.0.1', resolve));
    const { port } = beacon.address() as AddressInfo;
    writeFileSync(join(proj, 'hostile.feature'), feature(`http://127.0.0.1:${port}`));
    writeFileSync(join(proj, 'hub.json'), readFileSync(join(ROOT, 'examples', 'endpoint-policy.json')));
    ({ code } = await runCli(
      ['check', 'hostile.feature', '--endpoint-policy', 'hub.json', '--reports', 'r'],
      {
        cwd: proj,
      },
    ));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage();
    page.on('requestfinished', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('dialog', (d) => {
      pageErrors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(pathToFileURL(join(proj, 'r', 'cucumber.html')).href);
    // The feature opens on a click; its scenarios show their steps.
    await page.getByText('hostile.feature').first().click();
    await page.getByText('Scenario:').first().waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    beacon.close();
  });

  it('the run passes', () => {
    expect(code).toBe(0);
  });

  it('shows each scenario name as the text it is, and the page goes on after it', async () => {
    const text = await page.locator('body').innerText();
    for (const name of NAMES) expect(text).toContain(`Scenario: ${name}`);
    expect(text).toContain('Feature: names <!--<script> @team #1');
    expect(text).toContain('100% (2 / 2) passed');
  });

  it('runs nothing the feature wrote', async () => {
    expect(await page.title()).toBe('Cucumber');
    expect(pageErrors).toEqual([]);
    const hrefs = await page.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.filter((h) => /^javascript:/i.test(h))).toEqual([]);
  });

  it('loads nothing from anywhere: nothing reached the server the feature pointed at', async () => {
    // Every image on the page done (loaded or refused): one fetched was answered by the server first.
    await page.evaluate(
      'Promise.all([...document.images].map((i) => i.complete || new Promise((r) => (i.onload = i.onerror = r))))',
    );
    expect(fetched).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
  });
});
