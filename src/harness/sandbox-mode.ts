// Sandbox mode for the commands that run against the config's world (run/check, who-can): the
// sandbox is started from `sandbox.world`, and its export block replaces the shell's AWS environment.
import { configPath, type Config } from '../config/index.js';
import { InputError } from '../errors.js';
import type { Sandbox } from '../sandbox/index.js';
import { stripAws } from './policy-files.js';

export async function startConfigSandbox(
  config: Config,
  configFile: string,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<{ sandbox: Sandbox; env: NodeJS.ProcessEnv }> {
  if (!config.sandbox)
    throw new InputError('sandbox mode needs `sandbox.world` in the config', {
      file: configFile,
      field: 'sandbox',
    });
  // Loaded only here: the other modes never start a server.
  const { startSandbox } = await import('../sandbox/index.js');
  const sandbox = await startSandbox(configPath(config, config.sandbox.world));
  log(`spokegate: sandbox serving on ${sandbox.env.AWS_ENDPOINT_URL_STS}`);
  return { sandbox, env: { ...stripAws(env), ...sandbox.env } };
}
