// A generated bench world: R roles in the hub account, A private APIs spread over a few spoke
// accounts, one hub endpoint whose policy names every role, and resource policies that let every
// role in through the hub endpoint only. Every role x API cell (GET /items) is allowed, so a
// baseline that gets anything but 200 is wrong, not "denied as expected".
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parseWorld } from '../src/config/world.js';

export const HUB_ACCOUNT = '111111111111';
export const REGION = 'us-west-2';
export const STAGE = 'prod';
export const CELL_METHOD = 'GET';
export const CELL_PATH = '/items';
export const ENDPOINT_ID = 'vpce-0b0e0c0a0b0e0c0a0';
export const VPC_ID = 'vpc-0b0e0c0a0b0e0c0a0';
const SPOKES = ['222222222222', '333333333333', '444444444444', '555555555555', '666666666666'];
const HARNESS_ARN = `arn:aws:iam::${HUB_ACCOUNT}:user/spokegate-bench`;
const READER_ROLES = 'arn:aws:iam::*:role/spokegate-reader';
/** The role spokegate assumes in a spoke account to read its APIs' routes (config `accounts.ID.readerRole`). */
export const readerRoleArn = (account: string): string => `arn:aws:iam::${account}:role/spokegate-reader`;

export interface BenchRole {
  name: string;
  arn: string;
}
export interface BenchApi {
  name: string;
  id: string;
  account: string;
}
export interface BenchWorld {
  world: Record<string, unknown>;
  roles: BenchRole[];
  apis: BenchApi[];
  endpointPolicy: Record<string, unknown>;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

export function benchWorld(nRoles: number, nApis: number): BenchWorld {
  const roles: BenchRole[] = Array.from({ length: nRoles }, (_, i) => {
    const name = `BenchRole${pad(i + 1, 3)}`;
    return { name, arn: `arn:aws:iam::${HUB_ACCOUNT}:role/bench/${name}` };
  });
  // API ids are exactly 10 characters of [a-z0-9].
  const apis: BenchApi[] = Array.from({ length: nApis }, (_, i) => ({
    name: `api${pad(i + 1, 3)}`,
    id: `bnchapi${pad(i + 1, 3)}`,
    account: SPOKES[i % SPOKES.length]!,
  }));
  // The endpoint and every API let the bench roles in.
  const allowBenchRoles = (resource: string) => ({
    Sid: 'AllowBenchRoles',
    Effect: 'Allow',
    Principal: { AWS: roles.map((r) => r.arn) },
    Action: 'execute-api:Invoke',
    Resource: resource,
  });
  const endpointPolicy = {
    Version: '2012-10-17',
    Statement: [allowBenchRoles(`arn:aws:execute-api:${REGION}:*:*/*`)],
  };
  const world = {
    region: REGION,
    seed: 1,
    organization: { id: 'o-b3nchb3nch', accounts: [HUB_ACCOUNT, ...SPOKES] },
    accounts: Object.fromEntries(
      [HUB_ACCOUNT, ...SPOKES].map((a) => [a, { name: a === HUB_ACCOUNT ? 'hub' : 'spoke' }]),
    ),
    harness: {
      arn: HARNESS_ARN,
      userId: 'AIDABENCHHARNESS0001',
      accessKeyId: 'AKIABENCHHARNESS0001',
      secretAccessKey: 'benchHarnessSecretKey/NotReal/0123456789abcd',
      policies: {
        AssumeBenchRoles: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'sts:AssumeRole',
              Resource: [`arn:aws:iam::${HUB_ACCOUNT}:role/bench/*`, READER_ROLES],
            },
            // `spokegate run` reads the endpoint (EC2) and the APIs' routes (API Gateway).
            {
              Effect: 'Allow',
              Action: ['ec2:DescribeVpcEndpoints', 'apigateway:GET'],
              Resource: '*',
            },
          ],
        },
      },
    },
    roles: Object.fromEntries([
      // Another account's API is not readable by the harness (NotFound): one reader role per spoke.
      ...SPOKES.map((a) => [
        `Reader${a}`,
        {
          arn: readerRoleArn(a),
          trustPolicy: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { AWS: HARNESS_ARN }, Action: 'sts:AssumeRole' }],
          },
          policies: {
            ReadApis: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Action: 'apigateway:GET', Resource: 'arn:aws:apigateway:*::/restapis*' },
              ],
            },
          },
        },
      ]),
      ...roles.map((r) => [
        r.name,
        {
          arn: r.arn,
          trustPolicy: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { AWS: HARNESS_ARN }, Action: 'sts:AssumeRole' }],
          },
          policies: {
            InvokeReads: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: 'execute-api:Invoke',
                  Resource: `arn:aws:execute-api:${REGION}:*:*/${STAGE}/GET/*`,
                },
              ],
            },
          },
        },
      ]),
    ]),
    endpoints: {
      hub: {
        id: ENDPOINT_ID,
        account: HUB_ACCOUNT,
        vpc: VPC_ID,
        privateDns: true,
        policy: endpointPolicy,
      },
    },
    apis: Object.fromEntries(
      apis.map((a) => {
        const arn = `arn:aws:execute-api:${REGION}:${a.account}:${a.id}`;
        return [
          a.name,
          {
            id: a.id,
            account: a.account,
            stages: [STAGE],
            vpcEndpointIds: [ENDPOINT_ID],
            routes: [
              { method: 'GET', path: '/' },
              { method: 'GET', path: CELL_PATH },
              { method: 'GET', path: '/health', authorizationType: 'NONE' },
            ],
            resourcePolicy: {
              Version: '2012-10-17',
              Statement: [
                allowBenchRoles(`${arn}/*`),
                {
                  Sid: 'DenyOutsideHubEndpoint',
                  Effect: 'Deny',
                  Principal: '*',
                  Action: 'execute-api:Invoke',
                  Resource: `${arn}/*`,
                  Condition: { StringNotEquals: { 'aws:SourceVpce': ENDPOINT_ID } },
                },
              ],
            },
          },
        ];
      }),
    ),
  };
  parseWorld(world, { file: '(bench world)' }); // the generator must produce a valid world
  return { world, roles, apis, endpointPolicy };
}

/** Write the world as YAML (and the endpoint policy as JSON) into `dir`. */
export function writeBenchWorld(
  dir: string,
  nRoles: number,
  nApis: number,
): BenchWorld & { file: string; endpointPolicyFile: string } {
  mkdirSync(dir, { recursive: true });
  const w = benchWorld(nRoles, nApis);
  const file = join(dir, `world-${nRoles}x${nApis}.yaml`);
  writeFileSync(file, stringify(w.world, { aliasDuplicateObjects: false }));
  const endpointPolicyFile = join(dir, `endpoint-policy-${nRoles}.json`);
  writeFileSync(endpointPolicyFile, JSON.stringify(w.endpointPolicy, null, 2));
  return { ...w, file, endpointPolicyFile };
}

/**
 * A spokegate config for the same world (policies as files, probe GET /items), for the offline
 * commands (`spokegate diff`, `check`): roles x APIs x probes cells.
 */
export function writeBenchConfig(dir: string, w: BenchWorld): { file: string; endpointPolicyFile: string } {
  mkdirSync(join(dir, 'policies'), { recursive: true });
  const put = (name: string, doc: unknown) => {
    writeFileSync(join(dir, 'policies', name), JSON.stringify(doc, null, 2));
    return `policies/${name}`;
  };
  const worldRoles = w.world.roles as Record<string, { policies: Record<string, unknown> }>;
  const worldApis = w.world.apis as Record<string, { resourcePolicy: unknown }>;
  const endpointPolicyFile = put('endpoint.json', w.endpointPolicy);
  const config = {
    region: REGION,
    endpoints: { hub: { id: ENDPOINT_ID, account: HUB_ACCOUNT, vpc: VPC_ID, policy: endpointPolicyFile } },
    roles: Object.fromEntries(
      w.roles.map((r) => [
        r.name,
        {
          arn: r.arn,
          identityPolicies: [put(`identity-${r.name}.json`, worldRoles[r.name]!.policies.InvokeReads)],
        },
      ]),
    ),
    apis: Object.fromEntries(
      w.apis.map((a) => [
        a.name,
        {
          id: a.id,
          account: a.account,
          stage: STAGE,
          // The world's one stage: stated, as the sandbox would read it (diff's classes decide every
          // stage; not stated, a stand-in for the stages no policy names is decided too).
          stages: [STAGE],
          resourcePolicy: put(`resource-${a.name}.json`, worldApis[a.name]!.resourcePolicy),
          // As the world defines them, types included (another account's API is not readable by the
          // harness): a run refuses a config whose routes disagree with the deployment (exit 2).
          routes: ['GET /', `${CELL_METHOD} ${CELL_PATH}`, 'GET /health'],
          noneRoutes: ['GET /health'],
        },
      ]),
    ),
    defaults: { endpoint: 'hub', probes: [`${CELL_METHOD} ${CELL_PATH}`] },
    organization: { id: (w.world.organization as { id: string }).id },
  };
  const file = join(dir, 'spokegate.config.yaml');
  writeFileSync(file, stringify(config));
  return { file, endpointPolicyFile: join(dir, endpointPolicyFile) };
}
