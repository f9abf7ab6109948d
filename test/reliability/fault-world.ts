// A generated hub-and-spoke world for the fault suite: 40 roles x 25 APIs = 1,000 cells, with an
// oracle that says each cell's decision from the rules the policies were written from. The oracle
// is independent of the policy engine, so the suite checks the engine and the sandbox against it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parseWorld, type World } from '../../src/config/world.js';

export const REGION = 'us-west-2';
export const HUB = '111111111111';
export const SPOKE_A = '222222222222';
export const SPOKE_B = '333333333333';
export const ORG = 'o-faultsuite01';
export const VPCE = 'vpce-0fa1b2c3d4e5f6a7b';
export const VPC = 'vpc-0fa1b2c3d4e5f6a7b';
export const ROLES = 40;
export const APIS = 25;
export const SESSION = 'spokegate';

const pad = (n: number) => String(n).padStart(2, '0');
export const roleAccount = (i: number) => (i < 20 ? HUB : i < 30 ? SPOKE_A : SPOKE_B);
export const roleName = (i: number) => `FaultRole${pad(i)}`;
export const roleArn = (i: number) => `arn:aws:iam::${roleAccount(i)}:role/${roleName(i)}`;
export const apiAccount = (j: number) => (j < 13 ? SPOKE_A : SPOKE_B);
export const apiAlias = (j: number) => `api${pad(j)}`;
export const apiId = (j: number) => `api${pad(j)}fault`;
const apiArn = (j: number) => `arn:aws:execute-api:${REGION}:${apiAccount(j)}:${apiId(j)}/*`;

// The rules (role i, API j), each written into exactly one policy below.
const endpointAllows = (i: number) => i % 5 !== 4;
const endpointDenies = (i: number, j: number) => i % 7 === 3 && j % 5 === 2;
const resourceNames = (i: number, j: number) => (i + j) % 3 !== 0;
const resourceDenies = (i: number, j: number) => (i * j) % 11 === 5;
/** APIs whose resource policy also delegates to the hub account (its principals, where IAM allows). */
const delegatesToHub = (j: number) => j % 4 === 0;
const identityAllows = (i: number, j: number) => (i + 2 * j) % 4 !== 1;

export type Layer = 'endpoint' | 'resource' | 'identity';

/** What AWS decides for role i calling GET / on API j through the hub (docs/design.md's chain). */
export function oracle(i: number, j: number): { decision: 'allow' | 'deny'; layer: Layer | null } {
  if (!endpointAllows(i) || endpointDenies(i, j)) return { decision: 'deny', layer: 'endpoint' };
  if (resourceDenies(i, j)) return { decision: 'deny', layer: 'resource' };
  const same = roleAccount(i) === apiAccount(j);
  const id = identityAllows(i, j);
  const res = resourceNames(i, j) || (delegatesToHub(j) && roleAccount(i) === HUB && id);
  if (same ? res || id : res && id) return { decision: 'allow', layer: null };
  // Cross-account: the resource policy is looked at first; the identity policy when it admits.
  return { decision: 'deny', layer: same ? 'identity' : res ? 'identity' : 'resource' };
}

const range = (n: number) => Array.from({ length: n }, (_, k) => k);
const HARNESS_ARN = `arn:aws:iam::${HUB}:user/fault-harness`;
/** The base identity's secret: the leak test looks for it too. */
export const HARNESS_SECRET = 'faultSuiteHarnessSecret/NotReal/0123456789abcdef';

export function identityPolicy(i: number) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'InvokeListed',
        Effect: 'Allow',
        Action: 'execute-api:Invoke',
        Resource: range(APIS)
          .filter((j) => identityAllows(i, j))
          .map(apiArn),
      },
    ],
  };
}

function resourcePolicy(j: number) {
  const named = range(ROLES).filter((i) => resourceNames(i, j));
  const denied = range(ROLES).filter((i) => resourceDenies(i, j));
  const statements: object[] = [
    {
      Sid: 'AllowNamed',
      Effect: 'Allow',
      Principal: { AWS: named.map(roleArn) },
      Action: 'execute-api:Invoke',
      Resource: 'execute-api:/*',
    },
  ];
  if (delegatesToHub(j))
    statements.push({
      Sid: 'DelegateToHub',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${HUB}:root` },
      Action: 'execute-api:Invoke',
      Resource: 'execute-api:/*',
    });
  if (denied.length)
    statements.push({
      Sid: 'DenyListed',
      Effect: 'Deny',
      Principal: { AWS: denied.map(roleArn) },
      Action: 'execute-api:Invoke',
      Resource: 'execute-api:/*',
    });
  return { Version: '2012-10-17', Statement: statements };
}

export function endpointPolicy() {
  const denyRoles = range(ROLES).filter((i) => i % 7 === 3);
  const denyApis = range(APIS).filter((j) => j % 5 === 2);
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowListedRoles',
        Effect: 'Allow',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: '*',
        Condition: { ArnEquals: { 'aws:PrincipalArn': range(ROLES).filter(endpointAllows).map(roleArn) } },
      },
      {
        Sid: 'DenySomeRolesSomeApis',
        Effect: 'Deny',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: denyApis.map(apiArn),
        Condition: { ArnEquals: { 'aws:PrincipalArn': denyRoles.map(roleArn) } },
      },
    ],
  };
}

const readerArn = (account: string) => `arn:aws:iam::${account}:role/spokegate-reader`;

export function faultWorld(): World {
  const trust = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: HARNESS_ARN }, Action: 'sts:AssumeRole' }],
  };
  return parseWorld(
    {
      region: REGION,
      seed: 7,
      organization: { id: ORG, accounts: [HUB, SPOKE_A, SPOKE_B] },
      accounts: { [HUB]: { name: 'hub' }, [SPOKE_A]: { name: 'a' }, [SPOKE_B]: { name: 'b' } },
      harness: {
        arn: HARNESS_ARN,
        accessKeyId: 'AKIAFAULTSUITEHARNES',
        secretAccessKey: HARNESS_SECRET,
        policies: {
          Harness: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' },
              { Effect: 'Allow', Action: ['ec2:DescribeVpcEndpoints', 'apigateway:GET'], Resource: '*' },
            ],
          },
        },
      },
      roles: {
        ...Object.fromEntries(
          range(ROLES).map((i) => [
            roleName(i),
            { arn: roleArn(i), trustPolicy: trust, policies: { Invoke: identityPolicy(i) } },
          ]),
        ),
        // The spokes' reader roles: GetRestApi answers only in the API's own account.
        ...Object.fromEntries(
          [SPOKE_A, SPOKE_B].map((acct) => [
            `reader-${acct}`,
            {
              arn: readerArn(acct),
              trustPolicy: trust,
              policies: {
                Read: { Statement: [{ Effect: 'Allow', Action: 'apigateway:GET', Resource: '*' }] },
              },
            },
          ]),
        ),
      },
      endpoints: { hub: { id: VPCE, account: HUB, vpc: VPC, policy: endpointPolicy() } },
      apis: Object.fromEntries(
        range(APIS).map((j) => [
          apiAlias(j),
          {
            id: apiId(j),
            account: apiAccount(j),
            stages: ['prod'],
            routes: [{ method: 'GET', path: '/' }],
            vpcEndpointIds: [VPCE],
            resourcePolicy: resourcePolicy(j),
          },
        ]),
      ),
    },
    '(fault world)',
  );
}

/**
 * The fault world as a user would write it: a config naming every role and API (with the identity
 * policies, so predictions cover every layer) and one feature whose 40 x 25 matrix table holds the
 * oracle's answers. Written into `dir`; returns the config path.
 */
export function writeFaultSuite(dir: string): string {
  const roles: Record<string, object> = {};
  for (let i = 0; i < ROLES; i++) {
    const file = `identity-${roleName(i)}.json`;
    writeFileSync(join(dir, file), JSON.stringify(identityPolicy(i)));
    roles[roleName(i)] = { arn: roleArn(i), identityPolicies: [file] };
  }
  const apis: Record<string, object> = {};
  for (let j = 0; j < APIS; j++) apis[apiAlias(j)] = { id: apiId(j), account: apiAccount(j), stage: 'prod' };
  const config = {
    region: REGION,
    organization: { id: ORG, accounts: [HUB, SPOKE_A, SPOKE_B] },
    endpoints: { hub: { id: VPCE, account: HUB, vpc: VPC, addressing: 'private-dns' } },
    roles,
    apis,
    accounts: Object.fromEntries([SPOKE_A, SPOKE_B].map((a) => [a, { readerRole: readerArn(a) }])),
    defaults: { endpoint: 'hub', concurrency: 16, timeoutMs: 120_000, retries: 3 }, // slow is not a fault
  };
  writeFileSync(join(dir, 'spokegate.config.yaml'), stringify(config));
  const header = `| role | ${range(APIS).map(apiAlias).join(' | ')} |`;
  const rows = range(ROLES).map(
    (i) =>
      `| ${roleName(i)} | ${range(APIS)
        .map((j) => oracle(i, j).decision)
        .join(' | ')} |`,
  );
  writeFileSync(
    join(dir, 'faults.feature'),
    [
      'Feature: 1,000 cells under faults',
      '',
      '  Scenario: Every role against every API through the hub',
      '    Then the access matrix for GET / through "hub" is:',
      ...[header, ...rows].map((r) => `      ${r}`),
      '',
    ].join('\n'),
  );
  return join(dir, 'spokegate.config.yaml');
}
