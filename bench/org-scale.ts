// Child process of `npm run bench`: an organization-scale world (2,000 roles in 50 accounts, 500
// APIs, 4 probes = 4,000,000 cells) predicted and diffed through request classes (src/analysis),
// against today's per-cell prediction (src/predict + authorizeCall) on the same world. Prints one
// JSON line: times (ms, CPU-bound, this process), cells, peak RSS. Per-cell prediction is timed on
// a sample of cells and extrapolated (noted); the sample's decisions must equal the classes'.
import { classify, decide, dimensionsOf, type AnalysisWorld } from '../src/analysis/index.js';
import { buildSpace, type Space } from '../src/analysis/index.js';
import {
  authorizeCall,
  parsePolicy,
  principalFromArn,
  requestContext,
  type CompiledPolicy,
} from '../src/policy/index.js';

const ACCOUNTS = Number(process.env.ORG_ACCOUNTS ?? 50);
const ROLES_PER_ACCOUNT = Number(process.env.ORG_ROLES_PER_ACCOUNT ?? 40);
const APIS = Number(process.env.ORG_APIS ?? 500);
const SAMPLE = Number(process.env.ORG_SAMPLE ?? 100_000);
const PROBES = ['GET /', 'POST /items', 'GET /health', 'DELETE /items/1'];
const ORG = 'o-benchorg0001';
const HUB = 'vpce-0aaaaaaaaaaaaaaa0';

const account = (i: number) => String(100000000000 + i);
const apiId = (i: number) => `a${String(i).padStart(9, '0')}`;
const roleArn = (a: number, j: number) => `arn:aws:iam::${account(a)}:role/team${j % 8}/Svc${j}`;
const policy = (name: string, statements: object[]): CompiledPolicy =>
  parsePolicy({ Version: '2012-10-17', Statement: statements }, { name });

function world(opened: boolean): AnalysisWorld {
  // The opened world lets a partner account in, through the endpoint and every API.
  const partner = (resource: string) =>
    opened
      ? [
          {
            Sid: 'Partner',
            Effect: 'Allow',
            Principal: { AWS: '555555555555' },
            Action: 'execute-api:Invoke',
            Resource: resource,
          },
        ]
      : [];
  const endpoint = policy('endpoint:hub', [
    {
      Sid: 'Org',
      Effect: 'Allow',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } },
    },
    {
      Sid: 'NoWritesFromLast',
      Effect: 'Deny',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: 'arn:aws:execute-api:us-west-2:*:*/*/POST/*',
      Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${account(ACCOUNTS - 1)}:role/*` } },
    },
    ...partner('*'),
  ]);
  const apis = Array.from({ length: APIS }, (_, i) => {
    const owner = 1 + (i % (ACCOUNTS - 1));
    const arn = `arn:aws:execute-api:us-west-2:${account(owner)}:${apiId(i)}`;
    return {
      alias: `api${i}`,
      region: 'us-west-2',
      account: account(owner),
      id: apiId(i),
      stage: 'prod',
      noneRoutes: ['GET /health'],
      resourcePolicy: policy(`resource:api${i}`, [
        {
          Sid: 'Owner',
          Effect: 'Allow',
          Principal: { AWS: [account(owner), roleArn((owner + 1) % ACCOUNTS, i % ROLES_PER_ACCOUNT)] },
          Action: 'execute-api:Invoke',
          Resource: `${arn}/*`,
        },
        ...partner(`${arn}/*`),
        {
          Sid: 'Health',
          Effect: 'Allow',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: `${arn}/prod/GET/health`,
        },
      ]),
    };
  });
  const roles = [];
  for (let a = 0; a < ACCOUNTS; a++)
    for (let j = 0; j < ROLES_PER_ACCOUNT; j++)
      roles.push({ alias: `r${a}_${j}`, arn: roleArn(a, j), sessionName: 'spokegate' });
  return {
    endpoint: { alias: 'hub', id: HUB, policy: endpoint },
    apis,
    roles,
    organization: { id: ORG, members: Array.from({ length: ACCOUNTS }, (_, i) => account(i)) },
  };
}

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Every configured cell through the classes: one analysis per API, then a lookup per cell. */
function byClasses(
  w: AnalysisWorld,
  decideFor: (req: Parameters<typeof decide>[1]) => string,
  /** The other side's world of a diff: its policies split the space too (as `spokegate diff` does). */
  other?: AnalysisWorld,
): {
  ms: number;
  counts: Map<string, number>;
  points: number;
  sample: (role: number, api: number, probe: number) => string;
} {
  const t0 = cpu();
  // Outcomes as small numbers: a cell is counted with an array increment, not a Map update.
  const outcomeIds = new Map<string, number>();
  const outcomeNames: string[] = [];
  const cellCounts: number[] = [];
  let undecided = 0;
  let points = 0;
  const tables: {
    space: Space;
    strides: number[];
    table: Int32Array;
    principal: Int32Array;
    route: number[];
  }[] = [];
  // Each role's ARN read once (not once per API).
  const parsed = w.roles.map((r) => {
    const m = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(r.arn)!;
    return { account: m[1]!, identity: `role/${m[2]!}`, session: r.sessionName };
  });
  w.apis.forEach((api, i) => {
    const o = other?.apis[i];
    const policies = [other?.endpoint?.policy, o?.resourcePolicy].filter((p): p is CompiledPolicy => !!p);
    const space = buildSpace(w, api, { routes: PROBES, paths: PROBES, policies });
    const dims = dimensionsOf(space);
    const { outcomes, classes } = classify(w, space, (req) => {
      const v = decideFor(req);
      return { value: v, key: v };
    });
    // Dense table over the role points: index = sum of region * stride.
    const strides: number[] = [];
    let size = 1;
    for (let d = dims.length - 1; d >= 0; d--) {
      strides[d] = size;
      size *= dims[d]!.regions.length;
    }
    for (const c of classes) points += c.points.length;
    const table = new Int32Array(size).fill(-1);
    for (const [kind, rs, v] of outcomes.entries()) {
      if (kind !== 'iam') continue;
      let id = outcomeIds.get(v);
      if (id === undefined) {
        outcomeIds.set(v, (id = outcomeNames.length));
        outcomeNames.push(v);
        cellCounts.push(0);
      }
      table[rs.reduce((s, r, d) => s + r * strides[d]!, 0)] = id;
    }
    // Each configured role's principal part of the index, each probe's route part.
    const np = space.principal.length;
    const principal = new Int32Array(w.roles.length);
    parsed.forEach((r, i) => {
      let idx = 0;
      for (let d = 0; d < np; d++) {
        const dim = dims[d]!;
        const v =
          dim.id === 'account'
            ? r.account
            : dim.id === 'identity'
              ? r.identity
              : dim.id === 'session'
                ? r.session
                : dim.id === 'org'
                  ? ORG
                  : undefined;
        idx += dim.regionOf(v) * strides[d]!;
      }
      principal[i] = idx;
    });
    const routeDim = dims[np]!;
    const route = PROBES.map((p) => routeDim.regionOf(p.replace(' /', '/')) * strides[np]!);
    tables.push({ space, strides, table, principal, route });
    for (let r = 0; r < w.roles.length; r++)
      for (const x of route) {
        const v = table[principal[r]! + x]!;
        // A configured cell no decided point holds: counted apart (the sample's check fails on it).
        if (v === -1) undecided++;
        else cellCounts[v]!++;
      }
  });
  const counts = new Map(outcomeNames.map((name, id) => [name, cellCounts[id]!]));
  if (undecided) counts.set('undecided', undecided);
  const ms = cpu() - t0;
  return {
    ms,
    counts,
    points,
    sample: (role, api, probe) => {
      const t = tables[api]!;
      return outcomeNames[t.table[t.principal[role]! + t.route[probe]!]!] ?? 'undecided';
    },
  };
}

/** Today's way: one request context and one chain decision per cell. */
function perCell(w: AnalysisWorld, cells: [number, number, number][]): { ms: number; out: string[] } {
  const principals = w.roles.map((r) => principalFromArn(r.arn, { sessionName: r.sessionName }));
  const t0 = cpu();
  const out: string[] = [];
  for (const [role, a, probe] of cells) {
    const api = w.apis[a]!;
    const [method, path] = PROBES[probe]!.split(' ') as [string, string];
    const req = requestContext(
      principals[role]!,
      {
        region: api.region,
        account: api.account,
        apiId: api.id,
        stage: api.stage,
        method,
        path,
        sourceVpce: HUB,
      },
      { orgId: ORG },
    );
    const d = authorizeCall(
      {
        endpointPolicy: w.endpoint!.policy!,
        authorizationType: api.noneRoutes.includes(PROBES[probe]!) ? 'NONE' : 'AWS_IAM',
        resourcePolicy: api.resourcePolicy!,
        resourceAccount: api.account,
      },
      req,
    );
    out.push(d.decision);
  }
  return { ms: cpu() - t0, out };
}

const before = world(false);
const after = world(true);
const cellsTotal = before.roles.length * before.apis.length * PROBES.length;
const predicted = byClasses(before, (req) => decide(before, req).decision);
// The sample: spread over roles, APIs and probes; its decisions must equal the classes'.
const sample: [number, number, number][] = [];
for (let k = 0; k < SAMPLE; k++)
  sample.push([(k * 7919) % before.roles.length, (k * 104729) % before.apis.length, k % PROBES.length]);
const cell = perCell(before, sample);
const mismatches = sample.filter(([r, a, p], i) => predicted.sample(r, a, p) !== cell.out[i]).length;
const diffed = byClasses(
  before,
  (req) => `${decide(before, req).decision}>${decide(after, req).decision}`,
  after,
);
process.stdout.write(
  `${JSON.stringify({
    cells: cellsTotal,
    classesPredictMs: predicted.ms,
    allowed: predicted.counts.get('allow') ?? 0,
    classesPoints: predicted.points,
    classesDiffMs: diffed.ms,
    changedCells: [...diffed.counts]
      .filter(([k]) => k.split('>')[0] !== k.split('>')[1])
      .reduce((s, [, n]) => s + n, 0),
    perCellSample: SAMPLE,
    perCellSampleMs: cell.ms,
    perCellExtrapolatedMs: (cell.ms * cellsTotal) / SAMPLE,
    mismatches,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
