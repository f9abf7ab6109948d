// The spokegate command run in this process through main(): quicker than a child process on a busy
// machine, and the same code path. Every line written is kept, per stream and interleaved.
import { join } from 'node:path';
import { supportCodeLibraryBuilder } from '@cucumber/cucumber';
import { IdGenerator } from '@cucumber/messages';
import { main } from '../src/cli/main.js';
import { keepStepDefinitions } from '../src/harness/global.js';

export interface CliResult {
  code: number;
  out: string;
  err: string;
  /** stdout and stderr interleaved in the order written. */
  text: string;
}

export async function runCli(
  argv: string[],
  { cwd, env = {} }: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<CliResult> {
  if (argv[0] === 'run' || argv[0] === 'check') await loadStepDefinitions();
  let out = '';
  let err = '';
  let text = '';
  const code = await main(argv, {
    out: (s) => void ((out += `${s}\n`), (text += `${s}\n`)),
    err: (s) => void ((err += `${s}\n`), (text += `${s}\n`)),
    // Cucumber's progress, as the terminal would show it (dots on one line).
    progress: (s) => void ((err += s), (text += s)),
    env,
    cwd,
  });
  return { code, out, err, text };
}

const STEPS = join(import.meta.dirname, '..', 'step-definitions', 'steps.ts');
let loaded: Promise<void> | undefined;

/**
 * Cucumber would import step-definitions/steps.ts with Node's own loader, which cannot read
 * TypeScript; imported here instead, they are the same modules as the code under test. Once per
 * process (a second import registers nothing): every run in this process reuses the library.
 */
function loadStepDefinitions(): Promise<void> {
  loaded ??= (async () => {
    supportCodeLibraryBuilder.reset(join(import.meta.dirname, '..'), IdGenerator.uuid(), {
      requireModules: [],
      requirePaths: [],
      importPaths: [STEPS],
      loaders: [],
    });
    await import('../step-definitions/steps.js');
    keepStepDefinitions(supportCodeLibraryBuilder.finalize());
  })();
  return loaded;
}
