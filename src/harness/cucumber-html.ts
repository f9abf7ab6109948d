// Cucumber's cucumber.html renders a feature's descriptions as Markdown with HTML: an image there
// (`![x](http://…)`, `<img src=…>`) was loaded from wherever it pointed as soon as a reviewer opened
// the report, a beacon or a GET to their intranet written by whoever opened the pull request. Like
// access-matrix.html, the page gets a Content-Security-Policy that forbids every network load: its
// own inline scripts run (allowed by hash), its styles apply, images come only from data: URLs.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = 'cucumber.html';
const HEAD = '<head>';

const scriptHash = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

/**
 * Add the policy to `dir`/cucumber.html, if Cucumber wrote it. Its messages are written with `<` as
 * `\x3C`, so no input ends a script element early: the page's scripts are the formatter's three.
 */
export function lockDownCucumberHtml(dir: string): void {
  const file = join(dir, FILE);
  let page: string;
  try {
    page = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  const at = page.indexOf(HEAD);
  if (at < 0) throw new Error(`${FILE} has no ${HEAD}: not the page Cucumber's formatter writes`);
  const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => scriptHash(m[1]!));
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
  const meta = `\n\t<meta http-equiv="Content-Security-Policy" content="${csp}">`;
  const tmp = `${file}.csp`;
  writeFileSync(tmp, page.slice(0, at + HEAD.length) + meta + page.slice(at + HEAD.length));
  renameSync(tmp, file);
}
