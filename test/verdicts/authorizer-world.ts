// A small world whose API has routes with authorizers and a stage canary, served by the sandbox
// and stated in a config with the same policies (the sandbox reads the routes, the config does
// not state them). API "docs" (docs000001, spoke 222222222222) behind hub endpoint
// vpce-0123456789abcdef0 (its policy allows everything). Stage prod serves deployment 1:
//   GET /orders        AWS_IAM             the resource policy allows CheckoutRole only
//   GET /orders/{id}   CUSTOM (lambda)     the resource policy is silent: the authorizer decides
//   GET /profile       COGNITO_USER_POOLS  the resource policy allows anyone
//   GET /health        NONE                the resource policy allows anyone
// and its canary (canaryPercent of the calls) the same, but GET /health AWS_IAM. BatchRole is
// denied explicitly everywhere by the resource policy, a statement naming it: on the authorizer
// routes only if that policy sees the signer (world `authorizerRouteCaller`; docs/aws-behaviour.md §5d).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadConfig, loadConfigWorld, type Config } from '../../src/config/index.js';
import { RunContext } from '../../src/harness/context.js';
import { startConfigSandbox } from '../../src/harness/sandbox-mode.js';
import type { Sandbox } from '../../src/sandbox/index.js';

export const API = 'arn:aws:execute-api:us-west-2:222222222222:docs000001';
export const CHECKOUT = 'arn:aws:iam::111111111111:role/CheckoutRole';
export const BATCH = 'arn:aws:iam::111111111111:role/BatchRole';
/** The world's organization (both accounts are members). */
export const ORGANIZATION = { id: 'o-aaaaaaaaaa', accounts: ['111111111111', '222222222222'] };
/** The hub endpoint in the hub account's VPC (world and config add its policy or addressing). */
export const HUB = { id: 'vpce-0123456789abcdef0', account: '111111111111', vpc: 'vpc-0123456789abcdef0' };
const HARNESS = 'arn:aws:iam::111111111111:user/spokegate-harness';
const READER = 'arn:aws:iam::222222222222:role/spokegate-reader';

/** A policy document of `Statement`. */
export const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
/** A statement about execute-api:Invoke. */
export const invoke = (Effect: string, Principal: unknown, Resource: string | string[]) => ({
  Effect,
  Principal,
  Action: 'execute-api:Invoke',
  Resource,
});

export interface AuthorizerWorldOptions {
  lambda?: 'allow' | 'deny' | 'unauthorized' | 'fail';
  pool?: 'allow' | 'unauthorized' | 'fail';
  /** The canary's share of the stage's calls (undefined: no canary). */
  canaryPercent?: number;
  /** World changes after it is built (e.g. a role's id). */
  edit?: (world: Record<string, any>) => void;
  /** More statements for the resource policy (world and config share it). */
  extraStatements?: object[];
  /** Config changes after it is built. */
  editConfig?: (config: Record<string, any>) => void;
}

const ROUTES = [
  { method: 'GET', path: '/orders' },
  { method: 'GET', path: '/orders/{id}', authorizationType: 'CUSTOM', authorizer: 'lambda' },
  { method: 'GET', path: '/profile', authorizationType: 'COGNITO_USER_POOLS', authorizer: 'pool' },
];

/** A fresh folder with world.yaml, spokegate.config.yaml and the policies; the config's path. */
export function authorizerWorld(o: AuthorizerWorldOptions = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'spokegate-authorizers-'));
  const resource = doc(
    invoke('Allow', { AWS: CHECKOUT }, `${API}/*/GET/orders`),
    invoke('Allow', '*', [`${API}/*/GET/profile`, `${API}/*/GET/health`]),
    invoke('Deny', { AWS: BATCH }, `${API}/*`),
    ...(o.extraStatements ?? []),
  );
  writeFileSync(join(dir, 'resource.json'), JSON.stringify(resource));
  const invokeAll = doc({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' });
  writeFileSync(join(dir, 'invoke-all.json'), JSON.stringify(invokeAll));
  const trustHarness = doc({ Effect: 'Allow', Principal: { AWS: HARNESS }, Action: 'sts:AssumeRole' });
  const world: Record<string, any> = {
    region: 'us-west-2',
    seed: 7,
    organization: ORGANIZATION,
    accounts: { '111111111111': { name: 'hub' }, '222222222222': { name: 'docs' } },
    harness: {
      arn: HARNESS,
      accessKeyId: 'AKIASANDBOXHARNESS01',
      secretAccessKey: 'sandboxHarnessSecretKey/NotReal/0123456789',
      policies: {
        Harness: doc({
          Effect: 'Allow',
          Action: ['sts:AssumeRole', 'ec2:DescribeVpcEndpoints', 'apigateway:GET'],
          Resource: '*',
        }),
      },
    },
    roles: {
      CheckoutRole: { arn: CHECKOUT, trustPolicy: trustHarness, policies: { invoke: invokeAll } },
      BatchRole: { arn: BATCH, trustPolicy: trustHarness, policies: { invoke: invokeAll } },
      reader: {
        arn: READER,
        trustPolicy: trustHarness,
        policies: {
          read: doc({
            Effect: 'Allow',
            Action: [
              'apigateway:GET',
              'iam:GetRole',
              'iam:ListRolePolicies',
              'iam:GetRolePolicy',
              'iam:ListAttachedRolePolicies',
              'iam:GetPolicy',
              'iam:GetPolicyVersion',
            ],
            Resource: '*',
          }),
        },
      },
    },
    endpoints: {
      hub: { ...HUB, policy: doc(invoke('Allow', '*', '*')) },
    },
    apis: {
      docs: {
        id: 'docs000001',
        account: '222222222222',
        stages: ['prod'],
        routes: [...ROUTES, { method: 'GET', path: '/health', authorizationType: 'NONE' }],
        authorizers: {
          lambda: { id: 'lamb01', type: 'TOKEN', decision: o.lambda ?? 'allow' },
          pool: { id: 'pool01', type: 'COGNITO_USER_POOLS', decision: o.pool ?? 'allow' },
        },
        ...(o.canaryPercent !== undefined
          ? {
              canaries: {
                prod: {
                  percentTraffic: o.canaryPercent,
                  routes: [...ROUTES, { method: 'GET', path: '/health', authorizationType: 'AWS_IAM' }],
                },
              },
            }
          : {}),
        resourcePolicy: 'resource.json',
      },
    },
  };
  o.edit?.(world);
  writeFileSync(join(dir, 'world.yaml'), stringify(world));
  const config: Record<string, any> = {
    region: 'us-west-2',
    organization: ORGANIZATION,
    endpoints: {
      hub: { ...HUB, addressing: 'private-dns' },
    },
    roles: {
      CheckoutRole: { arn: CHECKOUT, identityPolicies: ['invoke-all.json'] },
      BatchRole: { arn: BATCH, identityPolicies: ['invoke-all.json'] },
    },
    apis: {
      docs: { id: 'docs000001', account: '222222222222', stage: 'prod', resourcePolicy: 'resource.json' },
    },
    accounts: { '222222222222': { readerRole: READER } },
    defaults: { endpoint: 'hub', probes: ['GET /orders'] },
    sandbox: { world: 'world.yaml' },
  };
  o.editConfig?.(config);
  const file = join(dir, 'spokegate.config.yaml');
  writeFileSync(file, stringify(config));
  return file;
}

export interface SandboxRun {
  config: Config;
  sandbox: Sandbox;
  ctx: RunContext;
  close(): Promise<void>;
}

/** A sandbox-mode run context against the config's world (served by a sandbox of its own). */
export async function sandboxRun(file: string): Promise<SandboxRun> {
  const config = loadConfig(file);
  const { sandbox, env } = await startConfigSandbox(loadConfigWorld(config, file), {}, () => {});
  const ctx = await RunContext.create({
    mode: 'sandbox',
    config,
    env,
    ca: sandbox.caPem,
    connectTo: [sandbox.connectTo],
  });
  return {
    config,
    sandbox,
    ctx,
    close: async () => {
      ctx.close();
      await sandbox.close();
    },
  };
}

/** `use` given a sandbox-mode run of the config `file`; the run is closed after, whatever happens. */
export async function withSandboxRun<T>(file: string, use: (run: SandboxRun) => Promise<T>): Promise<T> {
  const run = await sandboxRun(file);
  try {
    return await use(run);
  } finally {
    await run.close();
  }
}
