// Sandbox mode for the commands that run against the config's world (run/check, who-can): the
// sandbox serves the world `sandbox.world` names (loaded with loadConfigWorld before anything is
// locked or started), and its export block replaces the shell's AWS environment.
import type { World } from '../config/index.js';
import type { Sandbox } from '../sandbox/index.js';
import { stripAws } from './policy-files.js';

export async function startConfigSandbox(
  world: World,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<{ sandbox: Sandbox; env: NodeJS.ProcessEnv }> {
  // Loaded only here: the other modes never start a server.
  const { startSandbox } = await import('../sandbox/index.js');
  const sandbox = await startSandbox(world);
  log(`spokegate: sandbox serving on ${sandbox.env.AWS_ENDPOINT_URL_STS}`);
  return { sandbox, env: { ...stripAws(env), ...sandbox.env } };
}
