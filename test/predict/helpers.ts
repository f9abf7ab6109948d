// Shared by the offline prediction tests: the demo config as an offline run sees it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../../src/config/index.js';
import { RunContext } from '../../src/harness/context.js';
import type { ChainDecision } from '../../src/policy/index.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { parseXml, query } from '../sandbox/helpers.js';
import { DEMO } from '../harness/helpers.js';
import { runCli } from '../cli-in-process.js';

export type Config = ReturnType<typeof loadConfig>;

/**
 * The demo config offline (its endpoint policy from the world's file, the other policy files by
 * absolute path, no sandbox section), with `files` written beside it and then `edit` applied.
 */
export function offlineDemo(
  edit: (c: Record<string, any>) => void = () => undefined,
  files: Record<string, string> = {},
): Config {
  const dir = mkdtempSync(join(tmpdir(), 'spokegate-offline-'));
  const c = parse(readFileSync(join(DEMO, 'spokegate.config.yaml'), 'utf8'));
  const world = parse(readFileSync(join(DEMO, 'world.yaml'), 'utf8'));
  writeFileSync(join(dir, 'hub.json'), JSON.stringify(world.endpoints.hub.policy));
  c.endpoints.hub.policy = 'hub.json';
  for (const r of Object.values<any>(c.roles))
    if (r.identityPolicies) r.identityPolicies = r.identityPolicies.map((f: string) => join(DEMO, f));
  for (const a of Object.values<any>(c.apis))
    if (a.resourcePolicy) a.resourcePolicy = join(DEMO, a.resourcePolicy);
  delete c.sandbox;
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  edit(c);
  writeFileSync(join(dir, 'spokegate.config.yaml'), stringify(c));
  return loadConfig(join(dir, 'spokegate.config.yaml'));
}

/** The demo's orders API as a config states it (id, account, stage). */
export const ORDERS_API = { id: 'a1b2c3d4e5', account: '222222222222', stage: 'prod' };

/** A config file with the hub endpoint, no roles and these `apis`, in a temp folder: its path. */
export function hubOnlyConfigFile(apis: Record<string, unknown>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'spokegate-config-')), 'spokegate.config.yaml');
  writeFileSync(
    file,
    stringify({ region: 'us-west-2', endpoints: { hub: { id: 'vpce-0123456789abcdef0' } }, roles: {}, apis }),
  );
  return file;
}

/** An allow no layer claims, as a `decide` callback's answer where only what it was asked matters. */
export const allowed = (): ChainDecision => ({
  decision: 'allow',
  detail: 'Allowed',
  layer: null,
  statements: [],
  layers: [],
  explanation: [],
});

/**
 * `check` of a feature given as text (written to f.feature in `dir`) with the config `file` and
 * `dir`/open.json as the endpoint policy: the CLI's result.
 */
export async function checkFeatureText(dir: string, file: string, text: string) {
  writeFileSync(join(dir, 'f.feature'), text);
  return runCli(['check', 'f.feature', '--config', file, '--endpoint-policy', 'open.json'], {
    cwd: dir,
    env: { PATH: process.env.PATH },
  });
}

/**
 * A project in a temporary folder named after `name`: the policy `files` (name -> text) and a
 * config in us-west-2 whose one endpoint, hub (account 111111111111), has the policy open.json, with
 * the other top-level keys of `config`.
 */
export function writeProject(
  name: string,
  files: Record<string, string>,
  config: Record<string, unknown>,
): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), `sg-${name}-`));
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  const file = join(dir, 'spokegate.config.yaml');
  writeFileSync(
    file,
    stringify({
      region: 'us-west-2',
      endpoints: { hub: { id: 'vpce-0123456789abcdef0', account: '111111111111', policy: 'open.json' } },
      ...config,
    }),
  );
  return { dir, file };
}

/**
 * The cell of `call` (expected allowed) in a sandbox run of the demo copy `dir` whose base credentials
 * are the session STS `action` (GetSessionToken, AssumeRole) gives the harness with `params`.
 */
export async function sandboxCellOnBase(
  dir: string,
  action: 'GetSessionToken' | 'AssumeRole',
  params: Record<string, string>,
  call: { role: string; api: string; method: string; path: string; scenario: string },
) {
  const sandbox = await startSandbox(join(dir, 'world.yaml'));
  try {
    const r = await query(sandbox.state, 'sts', { Action: action, ...params });
    const c = parseXml(r.body)[`${action}Response`][`${action}Result`].Credentials;
    const ctx = await RunContext.create({
      mode: 'sandbox',
      config: loadConfig(join(dir, 'spokegate.config.yaml')),
      env: {
        ...sandbox.env,
        AWS_ACCESS_KEY_ID: c.AccessKeyId,
        AWS_SECRET_ACCESS_KEY: c.SecretAccessKey,
        AWS_SESSION_TOKEN: c.SessionToken,
      },
      ca: sandbox.caPem,
      connectTo: [sandbox.connectTo],
    });
    try {
      return (await ctx.call(call, 'allow')).cell;
    } finally {
      ctx.close();
    }
  } finally {
    await sandbox.close();
  }
}
