// Policy variables whose requests the search must find: a request the engine allows that no class
// holds would read as "nobody gets through" (the worst answer). Each row: a policy in which the only
// allowed requests need a variable's value found (a route's witness holding none; a condition key the
// search could not set), and one such request, decided by the engine first.
import { describe, expect, it } from 'vitest';
import { decide, whoCan, type AnalysisRequest, type RequestPrincipal } from '../../src/analysis/index.js';
import { anyoneInvokesProd, ORG, PROD_ORDERS, smallWorld } from './helpers.js';

const allow = anyoneInvokesProd;
const role = (extra: Partial<RequestPrincipal>): RequestPrincipal =>
  ({
    kind: 'role',
    arn: 'arn:aws:iam::555555555555:role/a',
    sessionName: 's1',
    ...extra,
  }) as RequestPrincipal;

const rows: [string, object, AnalysisRequest][] = [
  [
    'a Resource with a tag variable inside wildcards (the route witness users/-1 holds no value for it)',
    allow({ Resource: `${PROD_ORDERS}/GET/users/\${aws:PrincipalTag/team}-*` }),
    { api: 'orders', principal: role({ tags: { team: 'ana' } }), method: 'GET', path: '/users/ana-1' },
  ],
  [
    'an organization path pattern naming a tag (ForAnyValue:StringLike over aws:PrincipalOrgPaths)',
    allow({
      Condition: {
        'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': `${ORG}/*/\${aws:PrincipalTag/ou}/*` },
      },
    }),
    {
      api: 'orders',
      principal: role({
        orgId: ORG,
        tags: { ou: 'ou-ab12-11111111' },
        orgPaths: [`${ORG}/r-ab12/ou-ab12-11111111/`],
      }),
      method: 'GET',
      path: '/x',
    },
  ],
];

describe('who-can finds the requests that policy variables let in', () => {
  it.each(rows)('%s', (_name, statement, req) => {
    const world = smallWorld([statement]);
    expect(decide(world, req).decision).toBe('allow');
    const who = whoCan(world);
    expect(who.classOf(req)?.decision).toBe('allow');
    expect(who.reportedClassesOf(req).length).toBeGreaterThan(0);
  });
});
