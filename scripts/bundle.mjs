// `npm run build`, after tsc: the CLI bundled with esbuild into dist/offline/ for the commands that
// never load Cucumber's step definitions (bin/spokegate.js OFFLINE_COMMANDS). Node 20 resolves and
// links about 190 ES modules for a `diff` (zod's ~95 of them); one bundle (plus a chunk per lazily
// loaded command) saves most of that on every start. `run` and `check` keep dist/src: the step
// definitions import dist/src, and a second copy of a module would split its state (instanceof, caches).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const out = fileURLToPath(new URL('../dist/offline', import.meta.url));
rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: [fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url))],
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // jsonc-parser's UMD build loads its parts with a require() esbuild cannot follow; its ES build.
  mainFields: ['module', 'main'],
  // The CommonJS dependencies (the AWS SDK, yaml, commander) call require(), which ES modules lack.
  banner: {
    js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
