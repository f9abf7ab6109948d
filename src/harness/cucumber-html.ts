// Cucumber's cucumber.html renders a feature's descriptions as Markdown with HTML: an image there
// (`![x](http://…)`, `<img src=…>`) was loaded from wherever it pointed as soon as a reviewer opened
// the report, a beacon or a GET to their intranet written by whoever opened the pull request. Like
// access-matrix.html, the page gets a Content-Security-Policy that forbids every network load: its
// own inline scripts run (allowed by hash), its styles apply, images come only from data: URLs.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { readIfWritten, writeOver } from './report-bytes.js';

const FILE = 'cucumber.html';
const HEAD = Buffer.from('<head>');
const OPEN = Buffer.from('<script>');
const CLOSE = Buffer.from('</script>');

const scriptHash = (s: Buffer) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

/**
 * Add the policy to `dir`/cucumber.html, if Cucumber wrote it. Its messages are written with `<` as
 * `\x3C`, so no input ends a script element early: the page's scripts are the formatter's three.
 * The page (about 1 MB) is handled as bytes: Cucumber writes it as UTF-8, so a script's bytes are
 * the UTF-8 its hash is over, and the page is copied through without decoding it.
 */
export function lockDownCucumberHtml(dir: string): void {
  const file = join(dir, FILE);
  const page = readIfWritten(file);
  if (!page) return;
  const at = page.indexOf(HEAD);
  if (at < 0) throw new Error(`${FILE} has no <head>: not the page Cucumber's formatter writes`);
  const scripts: string[] = [];
  // Each <script> with the first </script> after it, left to right (as /<script>([\s\S]*?)<\/script>/g).
  for (let open = page.indexOf(OPEN); open >= 0;) {
    const close = page.indexOf(CLOSE, open + OPEN.length);
    if (close < 0) break;
    scripts.push(scriptHash(page.subarray(open + OPEN.length, close)));
    open = page.indexOf(OPEN, close + CLOSE.length);
  }
  const csp = [
    "default-src 'none'",
    `script-src ${scripts.join(' ')}`,
    // The formatter's <style> blocks and the style attributes its components set.
    "style-src 'unsafe-inline'",
    'img-src data:',
    'font-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const meta = Buffer.from(`\n\t<meta http-equiv="Content-Security-Policy" content="${csp}">`);
  const end = at + HEAD.length;
  writeOver(file, `${file}.csp`, 0o666, [page.subarray(0, end), meta, page.subarray(end)]);
}
