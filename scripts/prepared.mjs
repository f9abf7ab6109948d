// Exit 0 when `prepare` need not build: npm runs `prepare` after `npm ci` (which builds dist/ once),
// and again every time `npx spokegate` in this folder links the project into npx's cache
// (npm_command=exec). That second tsc took a minute and a half on a busy machine before the command
// even started, and rewrote dist/ under the processes using it. dist/ is built then; after changing
// src/, `npm run build` (README.md).
import { existsSync } from 'node:fs';

const built = existsSync(new URL('../dist/src/cli/main.js', import.meta.url));
process.exit(process.env.npm_command === 'exec' && built ? 0 : 1);
