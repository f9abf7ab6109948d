// Issue 10 (pass 21): a Resource with a policy variable beside paths written another way. decide()
// reads a spelled path's resource ARN as written and normalised (docs/aws-behaviour.md §5c, §55),
// and `…/GET/${aws:username}` can match only the normalised one (a user name holds no `/` nor `%`).
// who-can read such a template on the path as written, so in the world of who-can-template-twins
// ("beside a pattern whose paths are written another way") user `entries` calling GET //entries//
// was allowed by decide() yet classed deny, GET //%65ntries/ was in no class, and a 333333333333
// caller of GET //entries// was classed allow where decide() denies; attack run 16's C02 (`Fn::Sub
// "${!aws:username}"` over the demo) stayed exit 3. Each concrete request of a grid (users and a
// role in and out of the organization, every served path written up to two other ways) must be
// in the class decide() says, and every allowed one in a reported class.
import { describe, expect, it } from 'vitest';
import { decide, whoCan, type AnalysisRequest, type AnalysisWorld } from '../../src/analysis/index.js';
import { servedOptions } from '../../src/harness/served.js';
import { demoWorld, ORG, userNameBesidePattern } from './helpers.js';

/** A path written other ways: a doubled `/`, a trailing `/`, a segment's first letter encoded; up to two changes. */
function spellings(path: string): string[] {
  const once = (p: string): string[] => {
    const out = [`${p}/`, `/${p}`];
    for (let i = 1; i < p.length; i++) if (p[i] === '/') out.push(`${p.slice(0, i)}/${p.slice(i)}`);
    for (let i = 1; i < p.length; i++)
      if (p[i - 1] === '/' && /[a-z]/.test(p[i]!))
        out.push(`${p.slice(0, i)}%${p.charCodeAt(i).toString(16)}${p.slice(i + 1)}`);
    return out;
  };
  return [...new Set([path, ...once(path), ...once(path).flatMap(once)])];
}

type Caller = [kind: 'user' | 'role', account: string, name: string];
const request = (api: string, [kind, account, name]: Caller, method: string, path: string) =>
  ({
    api,
    principal: {
      kind,
      arn: `arn:aws:iam::${account}:${kind}/${name}`,
      ...(kind === 'role' ? { sessionName: 's1' } : {}),
      ...(['111111111111', '222222222222', '333333333333', '444444444444'].includes(account)
        ? { orgId: ORG }
        : {}),
    },
    method,
    path,
  }) as AnalysisRequest;

/** who-can's unknown items, and every request of the grid whose class disagrees with decide() or allowed in no reported class. */
function wrongs(world: AnalysisWorld, routesOf: Record<string, string[]>, callers: Caller[]): string[] {
  const who = whoCan(world, servedOptions(world, Object.keys(routesOf)));
  const out: string[] = [];
  for (const [api, routes] of Object.entries(routesOf))
    for (const route of routes) {
      const [method, path] = route.split(' ') as [string, string];
      for (const spelled of spellings(path))
        for (const caller of callers) {
          const req = request(api, caller, method, spelled);
          const engine = decide(world, req).decision;
          const cls = who.classOf(req)?.decision;
          const reported = who.reportedClassesOf(req).length > 0;
          if (cls !== engine || (engine === 'allow') !== reported)
            out.push(`${api} ${caller.join(' ')} ${method} ${spelled}: engine ${engine}, class ${cls}`);
        }
    }
  return [...who.unknown.map((u) => `unknown: ${u.why.slice(0, 60)}`), ...out];
}

describe('a Resource ${aws:username} beside a pattern whose paths are written another way', () => {
  const world = userNameBesidePattern();
  const callers: Caller[] = ['111111111111', '333333333333', '999999999999'].flatMap((a) => [
    ['user', a, 'entries'] as Caller,
    ['user', a, 'other'] as Caller,
    ['user', a, '7'] as Caller,
    ['role', a, 'entries'] as Caller,
  ]);

  it('every request is in the class decide() says, with no kind unsearched', () => {
    expect(wrongs(world, { orders: ['GET /entries', 'GET /entries/7'] }, callers)).toEqual([]);
  });
});

// Attack run 16's C02: the demo's hub allowing `arn:aws:execute-api:us-west-2:*:*/prod/GET/${aws:username}`.
describe("attack run 16 C02: the demo with its endpoint allowing GET of the caller's own user name", async () => {
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: 'arn:aws:execute-api:us-west-2:*:*/prod/GET/${aws:username}',
      },
    ],
  };
  const world = await demoWorld(JSON.stringify(policy));
  const callers: Caller[] = [
    '111111111111',
    '222222222222',
    '333333333333',
    '444444444444',
    '999999999999',
  ].flatMap((a) => ['orders', 'payments', 'items', 'health', 'other'].map((n) => ['user', a, n] as Caller));

  it('every request is in the class decide() says, with no kind unsearched (who-can exits 0)', () => {
    const routes = (...more: string[]) => [
      'GET /',
      'GET /health',
      ...more.flatMap((p) => [`GET /${p}`, `GET /${p}/7`]),
    ];
    const routesOf = { orders: routes('orders'), payments: routes('payments'), inventory: routes('items') };
    expect(wrongs(world, routesOf, callers)).toEqual([]);
  });
});
