// Full-chain decisions per second on one core: endpoint + resource + identity policies of 20
// statements each, with conditions. Policies are compiled once; requests are built up front and
// cycled, so the figure is the cost of authorizeCall alone.
import {
  authorizeCall,
  parsePolicy,
  principalFromArn,
  requestContext,
  type ChainInput,
  type RequestContext,
} from '../src/policy/index.js';

const HUB = '111111111111';
const SPOKE = '222222222222';
const ORG = 'o-abc123def4';
const VPCE = 'vpce-0123456789abcdef0';
const REGION = 'us-west-2';
const apiIds = Array.from({ length: 20 }, (_, i) => `api${String(i).padStart(7, '0')}`);
const roles = Array.from({ length: 40 }, (_, i) => `arn:aws:iam::${HUB}:role/team${i % 5}/Role${i}`);

/** A policy of `n` generated statements, then the fixed ones. */
function policyOf(n: number, generated: (i: number) => object, ...fixed: object[]): object {
  return {
    Version: '2012-10-17',
    Statement: [...Array.from({ length: n }, (_, i) => generated(i)), ...fixed],
  };
}

function endpointPolicy(): object {
  return policyOf(
    19,
    (i) => ({
      Sid: `AllowTeam${i}`,
      Effect: 'Allow',
      Principal: { AWS: [roles[2 * i], roles[2 * i + 1]] },
      Action: 'execute-api:Invoke',
      Resource: [
        `arn:aws:execute-api:${REGION}:${SPOKE}:${apiIds[i]}/*`,
        `arn:aws:execute-api:${REGION}:${SPOKE}:${apiIds[(i + 1) % 20]}/prod/GET/*`,
      ],
      Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG }, Bool: { 'aws:SecureTransport': 'true' } },
    }),
    {
      Sid: 'DenyOutsideOrg',
      Effect: 'Deny',
      Principal: '*',
      Action: '*',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG } },
    },
  );
}

function resourcePolicy(): object {
  return policyOf(
    18,
    (i) => ({
      Sid: `Allow${i}`,
      Effect: 'Allow',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: `arn:aws:execute-api:${REGION}:${SPOKE}:${apiIds[i]}/prod/*`,
      Condition: {
        ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${HUB}:role/team*` },
        StringEquals: { 'aws:PrincipalOrgID': ORG },
      },
    }),
    {
      Sid: 'DenyOtherEndpoints',
      Effect: 'Deny',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: 'execute-api:/*',
      Condition: { StringNotEquals: { 'aws:SourceVpce': [VPCE, 'vpce-0fedcba9876543210'] } },
    },
    {
      Sid: 'DenyAdminPaths',
      Effect: 'Deny',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: `arn:aws:execute-api:${REGION}:${SPOKE}:*/*/*/admin/*`,
    },
  );
}

function identityPolicy(): object {
  return policyOf(
    19,
    (i) => ({
      Sid: `Invoke${i}`,
      Effect: 'Allow',
      Action: ['execute-api:Invoke'],
      Resource: `arn:aws:execute-api:${REGION}:${SPOKE}:${apiIds[i]}/*/GET/*`,
      Condition: {
        StringLike: { 'aws:userid': 'AROA*:*' },
        IpAddressIfExists: { 'aws:SourceIp': '10.0.0.0/8' },
      },
    }),
    {
      Sid: 'NoDelete',
      Effect: 'Deny',
      Action: 'execute-api:Invoke',
      Resource: 'arn:aws:execute-api:*:*:*/*/DELETE/*',
    },
  );
}

export function benchChain(): { chain: ChainInput; requests: RequestContext[] } {
  const chain: ChainInput = {
    endpointPolicy: parsePolicy(endpointPolicy(), { name: 'endpoint:hub' }),
    resourcePolicy: parsePolicy(resourcePolicy(), { name: 'resource:api' }),
    identityPolicies: [parsePolicy(identityPolicy(), { name: 'identity:role' })],
    authorizationType: 'AWS_IAM',
  };
  const requests: RequestContext[] = [];
  for (let i = 0; i < 256; i++) {
    const principal = principalFromArn(roles[i % roles.length]!, { sessionName: `s${i}` });
    requests.push(
      requestContext(
        principal,
        {
          region: REGION,
          account: SPOKE,
          apiId: apiIds[Math.floor((i % roles.length) / 2) % 19]!,
          stage: 'prod',
          method: i % 11 === 0 ? 'DELETE' : 'GET',
          path: i % 13 === 0 ? '/admin/users' : `/orders/${i}`,
          sourceVpce: i % 17 === 0 ? 'vpce-0aaaaaaaaaaaaaaaa' : VPCE,
        },
        { orgId: ORG, context: { 'aws:SourceIp': `10.1.${i % 250}.7` } },
      ),
    );
  }
  return { chain, requests };
}

export async function benchPolicy(): Promise<{
  decisionsPerSecond: number;
  wallDecisionsPerSecond: number;
  allowed: number;
  denied: number;
}> {
  const { chain, requests } = benchChain();
  const n = requests.length;
  // Warm up so the figure is for optimised code.
  for (let i = 0; i < 50_000; i++) authorizeCall(chain, requests[i % n]!);
  // Three samples of one CPU second each; the median is reported (the machine is shared and noisy).
  const samples: { perCpuSecond: number; perWallSecond: number; decisions: number; allowed: number }[] = [];
  for (let k = 0; k < 3; k++) {
    let decisions = 0;
    let allowed = 0;
    // CPU time, not wall time: the figure is per core even when other processes share the machine.
    const start = process.cpuUsage();
    const wallStart = process.hrtime.bigint();
    let cpu = 0;
    while (cpu < 1_000_000) {
      for (let i = 0; i < 10_000; i++) {
        if (authorizeCall(chain, requests[(decisions + i) % n]!).decision === 'allow') allowed++;
      }
      decisions += 10_000;
      const u = process.cpuUsage(start);
      cpu = u.user + u.system;
    }
    const wall = Number(process.hrtime.bigint() - wallStart) / 1e9;
    samples.push({
      perCpuSecond: decisions / (cpu / 1e6),
      perWallSecond: decisions / wall,
      decisions,
      allowed,
    });
  }
  samples.sort((a, b) => a.perCpuSecond - b.perCpuSecond);
  const mid = samples[1]!;
  return {
    decisionsPerSecond: Math.round(mid.perCpuSecond),
    wallDecisionsPerSecond: Math.round(mid.perWallSecond),
    allowed: mid.allowed,
    denied: mid.decisions - mid.allowed,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchPolicy();
  if (process.argv.includes('--json')) console.log(JSON.stringify(r));
  else
    console.log(
      `policy chain: ${r.decisionsPerSecond.toLocaleString('en')} decisions per CPU second (wall ${r.wallDecisionsPerSecond.toLocaleString('en')}/s; allowed ${r.allowed}, denied ${r.denied})`,
    );
}
