// Child process: an offline access matrix of ROLES x APIS cells (GET /items), every cell predicted
// with the policy engine's authorization chain (endpoint -> resource + identity), kept as report
// cells and serialised as the access-matrix report would be. Prints one JSON line with the time
// and the process's peak RSS, so the parent measures memory of this work alone.
//   node --import tsx bench/offline-matrix.ts ROLES APIS
import {
  authorizeCall,
  parsePolicy,
  principalFromArn,
  requestContext,
  type ChainInput,
  type CompiledPolicy,
} from '../src/policy/index.js';
import { benchWorld, CELL_METHOD, CELL_PATH, ENDPOINT_ID, REGION, STAGE, VPC_ID } from './world.js';

export interface OfflineMatrixResult {
  cells: number;
  allowed: number;
  /** Compile + predict + serialise (the world generation is excluded). */
  ms: number;
  cellsPerSecond: number;
  maxRssMB: number;
  reportBytes: number;
}

function main(): void {
  const nRoles = Number(process.argv[2] ?? 100);
  const nApis = Number(process.argv[3] ?? 100);
  const w = benchWorld(nRoles, nApis);
  const worldRoles = w.world.roles as Record<string, { policies: Record<string, unknown> }>;
  const worldApis = w.world.apis as Record<string, { resourcePolicy: unknown }>;

  const t0 = performance.now();
  const endpointPolicy = parsePolicy(w.endpointPolicy, { name: 'endpoint:hub' });
  const identity = new Map<string, CompiledPolicy[]>(
    w.roles.map((r) => [
      r.arn,
      Object.entries(worldRoles[r.name]!.policies).map(([n, doc]) =>
        parsePolicy(doc as object, { name: `identity:${r.name}/${n}` }),
      ),
    ]),
  );
  const resource = new Map<string, CompiledPolicy>(
    w.apis.map((a) => [
      a.id,
      parsePolicy(worldApis[a.name]!.resourcePolicy as object, { name: `resource:${a.name}` }),
    ]),
  );
  const cells: unknown[] = [];
  let allowed = 0;
  for (const role of w.roles) {
    const principal = principalFromArn(role.arn);
    for (const api of w.apis) {
      const chain: ChainInput = {
        endpointPolicy,
        authorizationType: 'AWS_IAM',
        resourcePolicy: resource.get(api.id)!,
        identityPolicies: identity.get(role.arn)!,
        resourceAccount: api.account,
      };
      const req = requestContext(
        principal,
        {
          region: REGION,
          account: api.account,
          apiId: api.id,
          stage: STAGE,
          method: CELL_METHOD,
          path: CELL_PATH,
          sourceVpce: ENDPOINT_ID,
          sourceVpc: VPC_ID,
        },
        { orgId: (w.world.organization as { id: string }).id },
      );
      const d = authorizeCall(chain, req);
      if (d.decision === 'allow') allowed++;
      cells.push({
        role: role.name,
        principal: role.arn,
        api: api.name,
        method: CELL_METHOD,
        path: CELL_PATH,
        endpoint: 'hub',
        scenario: null,
        expected: null,
        predicted: { decision: d.decision, layer: d.layer, statements: d.statements },
        observed: null,
        verdict: 'pass',
      });
    }
  }
  const report = JSON.stringify({ schema: 'spokegate/access-matrix@1', cells });
  const ms = performance.now() - t0;
  const result: OfflineMatrixResult = {
    cells: cells.length,
    allowed,
    ms,
    cellsPerSecond: (cells.length * 1000) / ms,
    // maxRSS is in kilobytes.
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    reportBytes: Buffer.byteLength(report),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
