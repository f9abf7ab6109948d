// A who-can witness over the wire (H14A): the hub lets in every account like "5555555555*" (no
// configured role resembles it). who-can's class holds a role session of such an account; the
// sandbox, given a role at the witness's ARN, lets that session through on a route of the class:
// the engine and the sandbox agree on the witness.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { decide, whoCan, witnessText, type AnalysisRequest } from '../../src/analysis/index.js';
import { parseWorld } from '../../src/config/world.js';
import { SandboxState } from '../../src/sandbox/state.js';
import { demoEndpointPolicyText, demoWorld } from './helpers.js';
import { apiHost, assume, invoke, outcome, WORLD_FILE } from '../sandbox/helpers.js';

const LIKE_555 = {
  Sid: 'Like555',
  Effect: 'Allow',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: 'arn:aws:execute-api:us-west-2:*:*/*',
  Condition: { StringLike: { 'aws:PrincipalAccount': '5555555555*' } },
};
const IDS: Record<string, string> = { orders: 'a1b2c3d4e5', payments: 'b2c3d4e5f6', inventory: 'c3d4e5f6a7' };
const ROUTES = ['GET /items', 'GET /orders', 'GET /payments', 'GET /'];

describe('a who-can witness no configured role resembles, over the wire', () => {
  it('an account pattern: the class of role sessions of 5555555555?? has a witness the sandbox lets through', async () => {
    const hub = JSON.parse(demoEndpointPolicyText()) as { Statement: object[] };
    hub.Statement.push(LIKE_555);
    const world = await demoWorld(JSON.stringify(hub));
    const who = whoCan(world);
    const roleClasses = who.classes.filter(
      (c) =>
        c.statements.some((s) => s.sid === 'Like555') &&
        c.witness.principal.kind === 'role' &&
        /::5555555555\d\d:/.test(c.witness.principal.arn),
    );
    expect(roleClasses.length, who.classes.map((c) => c.description).join('\n')).toBeGreaterThan(0);
    // A request of such a class on a served route (the witness may name a path no route serves).
    let witness: AnalysisRequest | undefined;
    for (const c of roleClasses)
      for (const route of ROUTES) {
        const [method, path] = route.split(' ') as [string, string];
        const r: AnalysisRequest = { ...c.witness, method, path };
        if (who.reportedClassesOf(r).includes(c) && decide(world, r).decision === 'allow') witness ??= r;
      }
    expect(witness, roleClasses.map((c) => c.description).join('\n')).toBeDefined();
    const w = witness!;
    if (w.principal.kind !== 'role') throw new Error('a role witness');
    const account = /::(\d{12}):/.exec(w.principal.arn)![1]!;
    const session = w.principal.sessionName;

    // The sandbox world: the same hub policy, and a role at the witness's ARN in that account (a
    // member of the organization when the witness carries its id), allowed Invoke by its own policy.
    const raw = parse(readFileSync(WORLD_FILE, 'utf8')) as Record<string, any>;
    raw.endpoints.hub.policy = hub;
    raw.accounts[account] = { name: 'outsider' };
    if (w.principal.orgId) raw.organization.accounts.push(account);
    raw.roles.Witness = {
      arn: w.principal.arn,
      ...(w.principal.tags ? { tags: w.principal.tags } : {}),
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::111111111111:user/spokegate-harness' },
            Action: 'sts:AssumeRole',
          },
        ],
      },
      policies: {
        Invoke: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }],
        },
      },
    };
    const call = async () => {
      const state = new SandboxState(parseWorld(raw, { file: WORLD_FILE, dir: dirname(WORLD_FILE) }), 1);
      const creds = await assume(state, 'Witness', { RoleSessionName: session });
      const r = await invoke(state, {
        method: w.method,
        path: `/${w.stage ?? 'prod'}${w.path}`,
        host: apiHost(IDS[w.api]!),
        creds,
      });
      return outcome(r);
    };
    expect(await call(), witnessText(w)).toBe('allow');
    // Without the statement the same session is refused by the endpoint: the call tells them apart.
    raw.endpoints.hub.policy = JSON.parse(demoEndpointPolicyText());
    expect(await call(), witnessText(w)).toBe('endpoint');
  });
});
