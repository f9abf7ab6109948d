// Child process: what settling by the bounds of policy variables costs run and check (issue 14,
// src/predict settleByBounds). The bench world's ROLES x APIS cells (GET /items) predicted with
// src/predict twice: with the hub endpoint policy as generated, and with an Allow of the same roles
// beside it whose condition ties two tags (`team` = `${aws:PrincipalTag/owner}`), which the config
// does not state: each cell is then unknown until the bounds settle it (allowed whatever the
// variables hold, the plain Allow letting it in). Prints one JSON line: each pass's CPU ms, and how
// many cells the bounds settled (all of them, or the piece is broken).
//   node --import tsx bench/settle-bounds.ts ROLES APIS
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/index.js';
import { parsePolicy, principalFromArn, type CompiledPolicy } from '../src/policy/index.js';
import { predictCall } from '../src/predict/index.js';
import { benchWorld, CELL_METHOD, CELL_PATH, writeBenchConfig } from './world.js';

export interface SettleBoundsResult {
  cells: number;
  /** CPU ms of the cells predicted with the generated policies (no variables). */
  plainMs: number;
  /** CPU ms of the same cells with the tied-tag Allow beside the plain one. */
  settledMs: number;
  /** Cells allowed with the bounds' words in their explanation. */
  settled: number;
}

/** Two tags tied together (test/diff/helpers TIED): no stated tag can satisfy or refute it. */
const TIED = {
  StringEquals: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/owner}' },
  StringLike: { 'aws:PrincipalTag/owner': '${aws:PrincipalTag/team}*' },
};

function main(): void {
  const nRoles = Number(process.argv[2] ?? 100);
  const nApis = Number(process.argv[3] ?? 100);
  const w = benchWorld(nRoles, nApis);
  const dir = mkdtempSync(join(tmpdir(), 'spokegate-bench-settle-'));
  try {
    const config = loadConfig(writeBenchConfig(dir, w).file);
    const plain = parsePolicy(w.endpointPolicy, { name: 'endpoint:hub' });
    const doc = structuredClone(w.endpointPolicy) as { Statement: Record<string, unknown>[] };
    doc.Statement.push({ ...doc.Statement[0], Sid: 'TiedTags', Condition: TIED });
    const tied = parsePolicy(doc, { name: 'endpoint:hub' });
    // The world's own policies, compiled once (as offline-matrix.ts).
    const worldRoles = w.world.roles as Record<string, { policies: Record<string, object> }>;
    const worldApis = w.world.apis as Record<string, { resourcePolicy: object }>;
    const identity = new Map(
      w.roles.map((r) => [
        r.name,
        [parsePolicy(worldRoles[r.name]!.policies.InvokeReads!, { name: `identity:${r.name}` })],
      ]),
    );
    const resource = new Map(
      w.apis.map((a) => [
        a.name,
        parsePolicy(worldApis[a.name]!.resourcePolicy, { name: `resource:${a.name}` }),
      ]),
    );
    const pass = (endpointPolicy: CompiledPolicy) => {
      let settled = 0;
      const t = process.cpuUsage();
      for (const role of w.roles) {
        const principal = principalFromArn(role.arn);
        const identityPolicies = identity.get(role.name)!;
        for (const api of w.apis) {
          const d = predictCall(
            config,
            principal,
            { api: api.name, method: CELL_METHOD, path: CELL_PATH },
            { endpointPolicy, resourcePolicy: resource.get(api.name)!, identityPolicies },
          );
          if (d.decision === 'allow' && d.explanation.some((l) => l.startsWith('allowed whatever')))
            settled++;
        }
      }
      const c = process.cpuUsage(t);
      return { ms: Math.round((c.user + c.system) / 1000), settled };
    };
    // Each pass once first: the second is measured warm (the first of a process pays the JIT).
    pass(plain);
    pass(tied);
    const p = pass(plain);
    const s = pass(tied);
    const out: SettleBoundsResult = {
      cells: nRoles * nApis,
      plainMs: p.ms,
      settledMs: s.ms,
      settled: s.settled,
    };
    console.log(JSON.stringify(out));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
