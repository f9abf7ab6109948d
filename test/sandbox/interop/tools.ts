// Shared by the sandbox interop tests: finding the independent clients (with install hints),
// running them, and role sessions taken from the sandbox's STS with the AWS SDK.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Agent } from 'node:https';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Sandbox } from '../../../src/sandbox/index.js';
import type { Credentials } from '../../../src/signing/types.js';

export const SKIP = process.env.SPOKEGATE_SKIP_INTEROP === '1';
export const BOTOCORE_CLIENT = fileURLToPath(new URL('./botocore_client.py', import.meta.url));
const AWSCLI_DRIVER = fileURLToPath(new URL('./awscli_driver.py', import.meta.url));

/** The first command that runs, or an Error with the install hint. */
export function requireTool(what: string, candidates: string[][], hint: string): string {
  for (const [cmd, ...args] of candidates) {
    const r = spawnSync(cmd!, args, { stdio: 'ignore', timeout: 300_000 });
    if (r.status === 0) return cmd!;
  }
  throw new Error(
    `the sandbox interop test needs ${what}: ${hint} (or set SPOKEGATE_SKIP_INTEROP=1 to skip it locally)`,
  );
}

export const findAws = () =>
  requireTool('the AWS CLI (aws)', [['aws', '--version']], 'apt-get install awscli');
export const findCurl = () =>
  requireTool('curl with --aws-sigv4 (7.75+)', [['curl', '--help', 'all']], 'apt-get install curl');
/**
 * libfaketime's `faketime`, for a client that signs with a truly old date against an unshifted
 * sandbox (curl sends a user-given X-Amz-Date twice, curl#11738; the AWS CLI has no date option).
 */
export const findFaketime = () =>
  requireTool('faketime (libfaketime)', [['faketime', '-f', '-20m', 'true']], 'apt-get install faketime');
/** faketime's argument: the client's clock twenty minutes behind. */
export const TWENTY_MINUTES_AGO = ['-f', '-20m'];
export const findPython = () =>
  requireTool(
    'python3 with botocore',
    [
      ['python3', '-c', 'import botocore'],
      ['/usr/bin/python3', '-c', 'import botocore'],
    ],
    'apt-get install python3-botocore',
  );

/**
 * The AWS CLI's own entry point (awscli.clidriver) in one long-lived Python process: each command
 * runs as `aws ARGS` would, with exactly the given environment, without a Python start per command.
 * Commands run one at a time, in the order asked.
 */
export function startAwsCli(): {
  run(args: string[], env: Record<string, string>): Promise<Ran>;
  close(): void;
} {
  const py = requireTool(
    'the AWS CLI (aws)',
    [
      ['python3', '-c', 'import awscli.clidriver'],
      ['/usr/bin/python3', '-c', 'import awscli.clidriver'],
    ],
    'apt-get install awscli',
  );
  const child = spawn(py, [AWSCLI_DRIVER], { stdio: ['pipe', 'pipe', 'inherit'] });
  const answers = createInterface({ input: child.stdout! });
  const waiting: Array<(r: Ran) => void> = [];
  answers.on('line', (line) => waiting.shift()?.(JSON.parse(line) as Ran));
  child.on('exit', (code) => {
    for (const w of waiting.splice(0))
      w({ code: code ?? 1, stdout: '', stderr: 'the AWS CLI driver exited' });
  });
  return {
    run: (args, env) =>
      new Promise((resolve) => {
        waiting.push(resolve);
        child.stdin!.write(`${JSON.stringify({ args, env })}\n`);
      }),
    close: () => child.stdin!.end(),
  };
}

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}
export function run(cmd: string, args: string[], env: Record<string, string>, input?: string): Promise<Ran> {
  return new Promise((resolve) => {
    const child = execFile(
      cmd,
      args,
      { env, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : 1
          : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** A clean environment: PATH, a throwaway HOME (no user AWS config), and the given variables. */
export function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'sg-interop-home-'));
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    ...(process.env.PYENV_ROOT ? { PYENV_ROOT: process.env.PYENV_ROOT } : {}),
    ...extra,
  };
}

/** Assume a world role through the sandbox's STS with the harness identity (AWS SDK v3). */
export async function assumeRole(sb: Sandbox, roleArn: string, externalId?: string): Promise<Credentials> {
  const agent = new Agent({ ca: sb.caPem, keepAlive: false });
  const sts = new STSClient({
    region: 'us-west-2',
    endpoint: sb.url,
    credentials: { accessKeyId: sb.env.AWS_ACCESS_KEY_ID!, secretAccessKey: sb.env.AWS_SECRET_ACCESS_KEY! },
    requestHandler: new NodeHttpHandler({ httpsAgent: agent }),
  });
  try {
    const r = await sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: 'interop',
        ...(externalId ? { ExternalId: externalId } : {}),
      }),
    );
    const c = r.Credentials!;
    return {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    };
  } finally {
    sts.destroy();
    agent.destroy();
  }
}

export const ROLE = {
  checkout: 'arn:aws:iam::111111111111:role/CheckoutRole',
  reporting: 'arn:aws:iam::111111111111:role/ReportingRole',
  audit: 'arn:aws:iam::111111111111:role/audit/AuditRole',
  payments: 'arn:aws:iam::333333333333:role/PaymentsRole',
  inventory: 'arn:aws:iam::444444444444:role/InventoryRole',
  batch: 'arn:aws:iam::111111111111:role/BatchRole',
  partner: 'arn:aws:iam::999999999999:role/PartnerRole',
};
export const API_HOST = (id: string) => `${id}.execute-api.us-west-2.amazonaws.com`;
