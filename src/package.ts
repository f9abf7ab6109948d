// Where spokegate is installed, and its version, whether running from src/ (tsx) or dist/.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || dir.endsWith('dist')) {
    const up = dirname(dir);
    if (up === dir) throw new Error('spokegate: package.json not found');
    dir = up;
  }
  return dir;
}

export const PACKAGE_ROOT = findRoot();

/** True when this code runs from TypeScript sources (tests, tsx) rather than the build. */
export const FROM_SOURCE = fileURLToPath(import.meta.url).endsWith('.ts');

let cachedVersion: string | undefined;
export function toolVersion(): string {
  cachedVersion ??= (
    JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
  ).version;
  return cachedVersion;
}
