// Issue 10 (B1): offline, an API whose config states no `routes` was AWS_IAM on every route, so a
// NONE route the config does not name was never considered: "no principal outside the organization
// can reach" passed while, on a NONE route, an anonymous caller gets in. Hand-derived truth: the hub
// lets in a principal of the organization's two accounts, and anyone who carries no account
// (StringEqualsIfExists: an unsigned caller); the resource policy allows anyone. On an AWS_IAM route an unsigned call is
// refused (MissingAuthenticationToken) and an outsider stopped by the hub: nobody outside gets in.
// On a NONE route an anonymous caller passes both policies. Not stating the routes, the proof holds
// only if it holds under every authorization type: not established (exit 3), naming the setting.
// Cells keep the documented default (AWS_IAM) and say it was assumed; who-can lists the anonymous
// class (reaching a route whose type is not known).
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { RunContext } from '../../src/harness/context.js';
import { noOutsiderReaches, onlyTheseCanReach } from '../../src/harness/proofs.js';
import { runCli } from '../cli-in-process.js';
import { API, CHECKOUT, docsWorldConfig, policy, predictGet } from './docs-world.js';
import { runProof } from './proof-status.js';

const HUB = policy({
  Effect: 'Allow',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: `${API}/*`,
  Condition: { StringEqualsIfExists: { 'aws:PrincipalAccount': ['111111111111', '222222222222'] } },
});

function configFile(routes: string): string {
  return docsWorldConfig('spokegate-unstated-types-', { 'hub.json': HUB }, 'hub.json', [
    `roles: { CheckoutRole: { arn: '${CHECKOUT}', identityPolicies: [invoke-all.json] } }`,
    `apis: { docs: { id: docs000001, account: '222222222222', stage: prod, stages: [prod], resourcePolicy: resource.json${routes} } }`,
  ]);
}
const ROUTES = {
  unstated: '',
  iam: ", routes: ['GET /docs']",
  none: ", routes: ['GET /docs'], noneRoutes: ['GET /docs']",
};
type Routes = keyof typeof ROUTES;
const context = (routes: Routes) =>
  RunContext.create({ mode: 'offline', config: loadConfig(configFile(ROUTES[routes])), env: {} });

/** [routes stated, proof, status, message pattern]. */
const CASES: [
  Routes,
  string,
  (ctx: RunContext) => Promise<import('../../src/harness/assertions.js').AssertionResult>,
  string,
  RegExp,
][] = [
  [
    'unstated',
    'nobody outside',
    (ctx) => noOutsiderReaches(ctx, 'docs', undefined, 's'),
    'error',
    /not established.*apis\.docs.*routes.*noneRoutes/s,
  ],
  [
    'unstated',
    'only the two accounts',
    (ctx) => onlyTheseCanReach(ctx, 'docs', undefined, ['111111111111', '222222222222'], 's'),
    'error',
    /not established.*apis\.docs.*routes.*noneRoutes/s,
  ],
  [
    'iam',
    'nobody outside',
    (ctx) => noOutsiderReaches(ctx, 'docs', undefined, 's'),
    'passed',
    /nobody outside/,
  ],
  ['none', 'nobody outside', (ctx) => noOutsiderReaches(ctx, 'docs', undefined, 's'), 'failed', /anonymous/],
];

describe('reach proofs over an API whose routes (and so their types) are not stated', () => {
  for (const [routes, name, proof, status, message] of CASES)
    it(`${routes}: ${name} is ${status}`, async () => {
      const r = await runProof(await context(routes), proof);
      expect(r.status, r.message).toBe(status);
      expect(r.message).toMatch(message);
    });

  it('a cell keeps the documented default (AWS_IAM) and says it was assumed', async () => {
    const ctx = await context('unstated');
    try {
      const d = await predictGet(ctx, null, '/docs');
      expect(d.decision).toBe('deny');
      expect(d.explanation.join('\n')).toMatch(/AWS_IAM assumed.*apis\.docs\.routes/);
    } finally {
      ctx.close();
    }
  });

  it('who-can lists the anonymous class, reaching a route whose type is not stated', async () => {
    const file = configFile(ROUTES.unstated);
    const r = await runCli(['who-can', '--mode', 'offline', '--config', file, '--api', 'docs', '--json'], {
      cwd: `${file}/..`,
    });
    const doc = JSON.parse(r.out) as {
      classes: { principal: string; ifAuthorizerAllows?: boolean; description: string }[];
      notes: string[];
    };
    const anonymous = doc.classes.filter((c) => c.principal === 'anonymous');
    expect(anonymous.length, r.text).toBeGreaterThan(0);
    expect(anonymous.every((c) => c.ifAuthorizerAllows === true)).toBe(true);
    expect(anonymous[0]!.description).toMatch(/the API states no routes/);
    expect(doc.notes.join('\n')).toMatch(/apis\.docs states no routes.*apis\.docs\.routes, with noneRoutes/);
  });
});
