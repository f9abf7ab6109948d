// Policy files given on the command line, by endpoint or API alias. Kept apart from the suite so
// commands that never run Cucumber (who-can, check) do not load it.
import { resolve } from 'node:path';
import type { Config } from '../config/index.js';
import { InputError } from '../errors.js';
import { unknownAlias } from '../suggest.js';

/** The key of `--endpoint-policy FILE` (no alias): the config's default endpoint. */
export const DEFAULT_ENDPOINT = '';

/**
 * `--endpoint-policy ALIAS=FILE` (repeatable; a plain FILE is the default endpoint's only) and
 * `--resource-policy ALIAS=FILE` (repeatable). Each alias at most once.
 */
export function policyFiles(
  opts: { endpointPolicy?: string[]; resourcePolicy?: string[] },
  cwd: string,
): { endpointPolicyFiles?: Record<string, string>; resourcePolicyFiles?: Record<string, string> } {
  const out: { endpointPolicyFiles?: Record<string, string>; resourcePolicyFiles?: Record<string, string> } =
    {};
  for (const ep of opts.endpointPolicy ?? []) {
    const m = /^([A-Za-z][\w.-]*)=(.+)$/.exec(ep);
    const [alias, file] = m ? [m[1]!, m[2]!] : [DEFAULT_ENDPOINT, ep];
    if (out.endpointPolicyFiles && alias in out.endpointPolicyFiles)
      throw new InputError(
        `given twice for ${alias === DEFAULT_ENDPOINT ? 'the default endpoint' : `"${alias}"`}`,
        {
          field: '--endpoint-policy',
        },
      );
    out.endpointPolicyFiles = { ...out.endpointPolicyFiles, [alias]: resolve(cwd, file) };
  }
  for (const rp of opts.resourcePolicy ?? []) {
    const m = /^([\w.-]+)=(.+)$/.exec(rp);
    if (!m) throw new InputError(`expected ALIAS=FILE, got "${rp}"`, { field: '--resource-policy' });
    if (out.resourcePolicyFiles && m[1]! in out.resourcePolicyFiles)
      throw new InputError(`given twice for "${m[1]}"`, { field: '--resource-policy' });
    out.resourcePolicyFiles = { ...out.resourcePolicyFiles, [m[1]!]: resolve(cwd, m[2]!) };
  }
  return out;
}

/** The endpoint policy files by endpoint alias (DEFAULT_ENDPOINT resolved); unknown aliases are exit 2. */
export function endpointFilesByAlias(
  config: Config,
  given: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (!given) return undefined;
  const out: Record<string, string> = {};
  for (const [key, file] of Object.entries(given)) {
    const alias = key === DEFAULT_ENDPOINT ? config.defaults.endpoint! : key;
    if (!config.endpoints[alias])
      throw new InputError(unknownAlias('endpoint', alias, Object.keys(config.endpoints)), {
        field: '--endpoint-policy',
      });
    out[alias] = file;
  }
  return out;
}

/**
 * The resource policy files by API alias; an alias the config does not name is exit 2 (who-can
 * ignored one: a typo's file went unread and the config's policy was answered for instead).
 */
export function resourceFilesByAlias(
  config: Config,
  given: Record<string, string> | undefined,
): Record<string, string> | undefined {
  for (const api of Object.keys(given ?? {}))
    if (!config.apis[api])
      throw new InputError(unknownAlias('API', api, Object.keys(config.apis)), {
        field: '--resource-policy',
      });
  return given;
}

/** The environment without AWS credentials or endpoints (the sandbox supplies its own). */
export function stripAws(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env))
    if (!k.startsWith('AWS_') && k !== 'SPOKEGATE_CONNECT_TO') out[k] = v;
  return out;
}
