// Issue 10 (auditor pass H10B): API Gateway's short form `execute-api:/STAGE/METHOD/PATH` in a
// resource policy names the API the policy is attached to: GetRestApi returns it expanded with the
// API's own region, account and id (docs/aws-behaviour.md §3). spokegate expanded it to
// `arn:*:execute-api:*:*:*/STAGE/…`, whose `*` for the API id also spans `/`: `execute-api:/prod/GET/*`
// then matched `ledger0001/prod/POST/admin/prod/GET/x`, a POST no statement allows. In the auditor
// world (ledger's PartnerReads) that let PartnerRole's POST through in the sandbox and in the
// predictions alike: a false allow both sides agreed on.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { RunContext } from '../../src/harness/context.js';
import { evaluatePolicy, parsePolicy, principalFromArn } from '../../src/policy/index.js';
import { runCli } from '../cli-in-process.js';
import { editPolicy, editedAuditorWorld } from './auditor-world.js';

const LEDGER = 'arn:aws:execute-api:us-west-2:222222222222:ledger0001';
const PARTNER = 'arn:aws:iam::333333333333:role/PartnerRole';

/** ledger's resource policy of one statement that lets anyone Invoke what `scope` names. */
const resourcePolicy = (scope: { Resource: string | string[] } | { NotResource: string }, effect = 'Allow') =>
  parsePolicy(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: effect, Principal: '*', Action: 'execute-api:Invoke', ...scope }],
    }),
    { name: 'resource:ledger' },
    { kind: 'resource' },
  );
/** PartnerRole's decision on `arn` under `policy`. */
const ask = (policy: ReturnType<typeof parsePolicy>, arn: string, context: Record<string, string> = {}) =>
  evaluatePolicy(policy, {
    principal: principalFromArn(PARTNER),
    action: 'execute-api:Invoke',
    resource: arn,
    context,
  }).kind;
const decide = (resource: string | string[], arn: string, effect = 'Allow') =>
  ask(resourcePolicy({ Resource: resource }, effect), arn);

describe('the engine: the short form is the attached API’s own ARN', () => {
  it('matches the API’s own stage, method and path, as the full ARN would', () => {
    expect(decide('execute-api:/prod/GET/*', `${LEDGER}/prod/GET/entries`)).toBe('Allowed');
    expect(decide('execute-api:/*', `${LEDGER}/beta/DELETE/entries/1`)).toBe('Allowed');
    expect(decide('execute-api:/*/GET/*', `${LEDGER}/prod/GET/`)).toBe('Allowed');
    expect(decide('execute-api:/prod/GET/health', `${LEDGER}/prod/GET/health`)).toBe('Allowed');
  });
  it('never lets the API id swallow a stage and method (`*` in an ARN spans `/`, the id does not)', () => {
    expect(decide('execute-api:/prod/GET/*', `${LEDGER}/prod/POST/admin/prod/GET/x`)).toBe('ImplicitDeny');
    expect(decide('execute-api:/prod/GET/health', `${LEDGER}/beta/GET/admin/prod/GET/health`)).toBe(
      'ImplicitDeny',
    );
    // The full ARN with the id written out agrees.
    expect(decide(`${LEDGER}/prod/GET/*`, `${LEDGER}/prod/POST/admin/prod/GET/x`)).toBe('ImplicitDeny');
  });
  it('a Deny in the short form is just as narrow, and NotResource its complement', () => {
    expect(decide('execute-api:/*/DELETE/*', `${LEDGER}/prod/DELETE/entries/1`, 'Deny')).toBe('ExplicitDeny');
    const notResource = resourcePolicy({ NotResource: 'execute-api:/prod/GET/*' });
    expect(ask(notResource, `${LEDGER}/prod/POST/admin/prod/GET/x`)).toBe('Allowed');
    expect(ask(notResource, `${LEDGER}/prod/GET/entries`)).toBe('ImplicitDeny');
  });
  it('a short form with a policy variable resolves in the API’s own ARN too', () => {
    const p = resourcePolicy({ Resource: 'execute-api:/${aws:PrincipalTag/stage}/GET/*' });
    const stage = { 'aws:PrincipalTag/stage': 'prod' };
    expect(ask(p, `${LEDGER}/prod/GET/entries`, stage)).toBe('Allowed');
    expect(ask(p, `${LEDGER}/prod/POST/admin/prod/GET/x`, stage)).toBe('ImplicitDeny');
  });
});

// The auditor world with three edits: the hub lets PartnerRole through to ledger (any method), and
// the admin denies (hub's AdminOnlyBreakGlass, ledger's AdminOnlyOpsAndBreakGlass) are gone, so ledger's own Allow statements decide the
// admin routes. PartnerRole (333333333333, another organization) is allowed only by PartnerReads
// (`execute-api:/prod/GET/*`); its identity policy allows every Invoke (cross account: both must).
let dir: string;
let wire: RunContext;
let offline: RunContext;
editedAuditorWorld(
  'short-form',
  (d) => {
    editPolicy(d, 'hub-endpoint.json', (d) => {
      d.Statement = d.Statement.filter((s) => s.Sid !== 'AdminOnlyBreakGlass');
      d.Statement.push({
        Sid: 'PartnerToLedger',
        Effect: 'Allow',
        Principal: { AWS: PARTNER },
        Action: 'execute-api:Invoke',
        Resource: `${LEDGER}/*`,
      });
    });
    editPolicy(d, 'ledger-resource.json', (d) => {
      d.Statement = d.Statement.filter((s) => s.Sid !== 'AdminOnlyOpsAndBreakGlass');
    });
    // ledger's stage beta serves prod's routes, typed alike (offline, another stage's routes are of
    // unknown type unless stated: then any caller may reach an authorizer's route there).
    const file = join(d, 'spokegate.config.yaml');
    const config = parse(readFileSync(file, 'utf8'));
    const ledger = config.apis.ledger;
    ledger.stageRoutes = { beta: { routes: ledger.routes, noneRoutes: ledger.noneRoutes } };
    writeFileSync(file, stringify(config));
  },
  (runs, d) => {
    ({ wire, offline } = runs);
    dir = d;
  },
);

describe('PartnerRole on ledger’s greedy admin route (sandbox and offline)', () => {
  const call = (ctx: RunContext, method: string, path: string) =>
    ctx.call({ role: 'PartnerRole', api: 'ledger', method, path, scenario: 'short form' });

  it('GET /entries is allowed by PartnerReads (the control)', async () => {
    expect((await call(wire, 'GET', '/entries')).cell.observed?.outcome).toBe('allowed');
    expect((await call(offline, 'GET', '/entries')).cell.predicted).toMatchObject({ decision: 'allow' });
  });

  it('POST /admin/prod/GET/x is refused by ledger’s resource policy, on the wire and predicted', async () => {
    const { cell } = await call(wire, 'POST', '/admin/prod/GET/x');
    expect(cell.observed).toMatchObject({ outcome: 'denied', layer: 'resource' });
    expect(cell.predicted).toMatchObject({ decision: 'deny', layer: 'resource' });
    expect((await call(offline, 'POST', '/admin/prod/GET/x')).cell.predicted).toMatchObject({
      decision: 'deny',
      layer: 'resource',
    });
  });
});

describe('who-can over every principal (offline)', () => {
  it('lists no class of account 333333333333 for POST on ledger (it had PartnerRole with POST /q/prod/GET/health)', async () => {
    const r = await runCli(
      [
        'who-can',
        '--mode',
        'offline',
        '--config',
        join(dir, 'spokegate.config.yaml'),
        '--api',
        'ledger',
        '--method',
        'POST',
        '--json',
      ],
      { cwd: dir, env: { PATH: process.env.PATH } },
    );
    expect(r.code, r.err).toBe(0);
    const doc = JSON.parse(r.out) as { classes: { witness: { principal: { arn?: string } } }[] };
    expect(doc.classes.length).toBeGreaterThan(0);
    expect(
      doc.classes.map((c) => c.witness.principal.arn).filter((a) => a?.includes(':333333333333:')),
    ).toEqual([]);
  });
});
