// What the browser tests share: Debian's Chromium (never a downloaded browser), the explicit opt-out
// (CI sets neither variable; a developer without Chromium may opt out, never silently) and the
// failure with the install hint when it is missing.
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

export const skipBrowser =
  process.env.SPOKEGATE_SKIP_BROWSER === '1' || process.env.SPOKEGATE_SKIP_INTEROP === '1';

/** Fails the test with the install hint when Chromium is not installed. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: install it with "apt-get install chromium" ` +
        '(or set SPOKEGATE_SKIP_BROWSER=1 to skip the browser tests)',
    );
}
