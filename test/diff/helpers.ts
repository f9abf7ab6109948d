import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { main } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config/index.js';
import type { AnalysisRequest } from '../../src/analysis/index.js';
import { computeDiff, loadDiffSetup, type DiffResult, type DiffSetup } from '../../src/diff/index.js';
import { expect } from 'vitest';
import { fixture, IAC, planFixture, tmpFile as tmpFileOf } from '../sources/helpers.js';

export { fixture, planFixture, tmpFile } from '../sources/helpers.js';
export const CONFIG = fixture('spokegate.config.yaml');

/** Run the CLI in-process; stdout and stderr captured. */
export async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  // The tests' generated files live in a temporary folder, outside the fixtures' project folder.
  const code = await main([...args, '--allow-outside-root'], {
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    env: {},
    cwd: IAC,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A policy document of one statement, written to a temporary file; its path. */
export const policyFile = (statement: object, name = 'policy.json'): string =>
  tmpFileOf(name, JSON.stringify({ Version: '2012-10-17', Statement: [statement] }));

/** The endpoint statements the diff tests change between: only CheckoutRole, then everyone. */
export const CHECKOUT_ONLY = {
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::111111111111:role/CheckoutRole' },
  Action: 'execute-api:Invoke',
  Resource: '*',
};
export const EVERYONE = { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' };
/** Endpoint policy files: before, only CheckoutRole; after, everyone. */
export const widening = () => ({ before: policyFile(CHECKOUT_ONLY), after: policyFile(EVERYONE) });

/**
 * The fixture config, parsed, with the given organizations if any; its policy files by absolute path (an
 * edited copy is written elsewhere).
 */
export function fixtureConfig(organizations?: object): Record<string, any> {
  const c = parse(readFileSync(CONFIG, 'utf8'));
  if (organizations) c.organizations = organizations;
  for (const r of Object.values<any>(c.roles)) r.identityPolicies = r.identityPolicies.map(fixture);
  for (const a of Object.values<any>(c.apis)) a.resourcePolicy = fixture(a.resourcePolicy);
  return c;
}

/** Every fixture account in a stated organization. */
export const ORGANIZATIONS = [
  { id: 'o-a1b2c3d4e5', accounts: ['111111111111', '222222222222', '333333333333', '444444444444'] },
  { id: 'none', accounts: ['999999999999'] },
];

/** An edited config, written to a temporary file and loaded. */
export const loadEdited = (c: Record<string, any>) =>
  loadConfig(tmpFileOf('spokegate.config.yaml', stringify(c)));

/**
 * The diff of the fixture config (every account in an organization) when the endpoint policy goes
 * from everyone but anonymous callers (a Deny where aws:PrincipalArn is absent, which it is only for
 * an unsigned caller) to everyone, every API's resource policy letting everyone in, each API then
 * edited by `edit`.
 */
export function diffOpeningToAnonymous(edit: (api: Record<string, any>) => void): DiffResult {
  const c = fixtureConfig(ORGANIZATIONS);
  const everyone = policyFile(EVERYONE, 'resource-anyone.json');
  for (const a of Object.values<any>(c.apis)) {
    a.resourcePolicy = everyone;
    edit(a);
  }
  const signedOnly = tmpFileOf(
    'signed-only.json',
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        EVERYONE,
        { ...EVERYONE, Effect: 'Deny', Condition: { Null: { 'aws:PrincipalArn': 'true' } } },
      ],
    }),
  );
  const after = policyFile(EVERYONE, 'anyone.json');
  return computeDiff(loadDiffSetup(loadEdited(c), { before: signedOnly, after }));
}

/** The change of one cell, if any. */
export const changeOf = (r: DiffResult, role: string, api: string) =>
  r.changes.find((c) => c.role === role && c.api === api);

/** The fixture plan with only the hub endpoint policy changing: `edit` turns its before into its after. */
export function endpointPlan(edit: (statements: object[]) => object[]): string {
  const plan = planFixture();
  const hub = plan.resource_changes.find((r) => r.address === 'aws_vpc_endpoint_policy.hub')!;
  const before = (hub.change.before as { policy: string }).policy;
  const doc = JSON.parse(before) as { Statement: object[] };
  hub.change.after = {
    ...(hub.change.before as object),
    policy: JSON.stringify({ ...doc, Statement: edit(doc.Statement) }),
  };
  plan.resource_changes = [hub];
  return tmpFileOf('plan.json', JSON.stringify(plan));
}

/** diff's JSON report, the parts the class tests read. */
export interface ClassesReport {
  changes: unknown[];
  classes: {
    change: string;
    description: string;
    statements: { sid?: string }[];
    witness: AnalysisRequest & { principal: { arn?: string } };
  }[];
}

/** `diff --format json` (plus `args`) over the fixture plan with `statement` added to the hub endpoint policy. */
export async function diffOpening(statement: object, args: string[] = []) {
  const plan = endpointPlan((s) => [...s, statement]);
  const r = await cli(['diff', '--plan', plan, '--config', CONFIG, '--format', 'json', ...args]);
  return { plan, code: r.code, doc: JSON.parse(r.out) as ClassesReport };
}

/** An endpoint statement letting `principal` invoke any API in us-west-2 under `condition`. */
export const opens = (Sid: string, principal: object, condition: object) => ({
  Sid,
  Effect: 'Allow',
  ...principal,
  Action: 'execute-api:Invoke',
  Resource: 'arn:aws:execute-api:us-west-2:*:*/*',
  Condition: condition,
});

/** A grant case: the statement added, how its class reads, its witness's ARN; whether cells flip too. */
export interface GrantCase {
  statement: { Sid: string };
  reads: RegExp;
  witness: RegExp;
  cellsFlip?: boolean;
}

/**
 * Adding the case's statement is a grant class naming it, read as `reads`, each witness matching
 * `witness`; no configured cell flips unless said; --fail-on grant exits 1.
 */
export async function expectGrantClass(c: GrantCase): Promise<void> {
  const { code, doc } = await diffOpening(c.statement, ['--fail-on', 'grant']);
  if (!c.cellsFlip) expect(doc.changes).toEqual([]);
  const grants = doc.classes.filter(
    (g) => g.change === 'grant' && g.statements.some((s) => s.sid === c.statement.Sid),
  );
  expect(grants.length, JSON.stringify(doc.classes, null, 1)).toBeGreaterThan(0);
  expect(grants.some((g) => c.reads.test(g.description))).toBe(true);
  for (const g of grants) expect(g.witness.principal.arn).toMatch(c.witness);
  expect(code).toBe(1);
}

const ORDERS = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod';
export const CHECKOUT = 'arn:aws:iam::111111111111:role/CheckoutRole';
/** A statement of the orders resource policy over every route of stage prod. */
export const ordersStatement = (Effect: string, Principal: unknown, Condition?: object) => ({
  Effect,
  Principal,
  Action: 'execute-api:Invoke',
  Resource: `${ORDERS}/*`,
  ...(Condition ? { Condition } : {}),
});
/** Two tags tied both ways: the search finds no request of the kinds where both hold. */
export const TIED = {
  StringEquals: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/owner}' },
  StringLike: { 'aws:PrincipalTag/owner': '${aws:PrincipalTag/team}*' },
};
export const OPEN = [EVERYONE];

/**
 * The diff of a plan changing the orders resource policy from `before` to `after` and the hub
 * endpoint's from `hub[0]` to `hub[1]` (letting everyone through on both sides unless told; its
 * policy given: the cells are decided, not unknown). The configured roles' tags are stated (none),
 * so their cells are decided (an unstated tag may be unknown), unless `unstatedTags`.
 */
export const ordersDiff = (...args: Parameters<typeof ordersSetup>): DiffResult =>
  computeDiff(ordersSetup(...args));

/** The setup ordersDiff compares. */
export function ordersSetup(
  before: object[],
  after: object[],
  hub: [object[], object[]] = [OPEN, OPEN],
  unstatedTags = false,
): DiffSetup {
  const plan = planFixture();
  const find = (address: string) => plan.resource_changes.find((r) => r.address === address)!;
  const doc = (s: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: s });
  const orders = find('aws_api_gateway_rest_api_policy.orders');
  orders.change.before = { ...(orders.change.before as object), policy: doc(before) };
  orders.change.after = { ...(orders.change.before as object), policy: doc(after) };
  const endpoint = find('aws_vpc_endpoint.hub');
  endpoint.change.before = { ...(endpoint.change.before as object), policy: doc(hub[0]) };
  endpoint.change.after = { ...(endpoint.change.after as object), policy: doc(hub[1]) };
  plan.resource_changes = [orders, endpoint];
  const config = fixtureConfig();
  if (!unstatedTags) for (const r of Object.values<Record<string, unknown>>(config.roles)) r.tags = {};
  return loadDiffSetup(loadEdited(config), { plan: tmpFileOf('plan.json', JSON.stringify(plan)) });
}
