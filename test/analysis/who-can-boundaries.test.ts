// who-can over configured roles with permissions boundaries (docs/aws-behaviour.md §14): random
// requests (the bounded roles among any other principals) are decided by the engine as their
// classes say. A boundary limits the role's identity policies and, cross-account or for a
// same-account grant to the role's ARN, the resource policy's grant too; an explicit deny in it wins.
import { describe, expect, it } from 'vitest';
import { decide, whoCan, type AnalysisWorld } from '../../src/analysis/index.js';
import { policy, smallWorld } from './helpers.js';
import { allow, ANYONE, deny, of555, ORDERS, req, role } from './hidden-style.js';
import { checkComplete } from './random-requests.js';

const INVOKE_ALL = [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }];

/** smallWorld(endpoint open, `resource`) with one configured role: identity allows all, `boundary`. */
function bounded(arn: string, resource: object[], boundary: object[]): AnalysisWorld {
  const w = smallWorld([allow('Any', ANYONE)], resource);
  return {
    ...w,
    roles: [
      ...w.roles,
      {
        alias: 'Bounded',
        arn,
        sessionName: 'spokegate',
        identityPolicies: [policy('identity:Bounded', INVOKE_ALL)],
        permissionsBoundary: policy('boundary:Bounded', boundary),
      },
    ],
  };
}

const CROSS = 'arn:aws:iam::555555555555:role/apps/Bounded';
const SAME = 'arn:aws:iam::222222222222:role/apps/Bounded';
const getOnly = [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `${ORDERS}/GET/*` }];

const WORLDS: {
  title: string;
  world: AnalysisWorld;
  /** Random requests checkComplete draws (3,000 unless given). */
  draws?: number;
  allowed: [string, string];
  denied: [string, string];
}[] = [
  {
    title: 'cross account, the account granted, a boundary allowing GET',
    world: bounded(CROSS, [allow('Of555', of555)], getOnly),
    draws: 10_000,
    allowed: ['GET', '/orders'],
    denied: ['POST', '/orders'],
  },
  {
    title: 'same account, the role ARN granted (limited by the boundary)',
    world: bounded(SAME, [allow('ToRole', { Principal: { AWS: SAME } })], getOnly),
    allowed: ['GET', '/orders'],
    denied: ['DELETE', '/orders/1'],
  },
  {
    title: 'an explicit deny in the boundary beside an account grant',
    world: bounded(
      CROSS,
      [allow('Of555', of555)],
      [...INVOKE_ALL, { Effect: 'Deny', Action: 'execute-api:Invoke', Resource: `${ORDERS}/POST/*` }],
    ),
    allowed: ['PUT', '/orders/1'],
    denied: ['POST', '/orders'],
  },
  {
    title: 'a resource Deny by tag beside a boundary that allows everything',
    world: bounded(
      CROSS,
      [
        allow('Of555', of555),
        deny('NoInterns', ANYONE, { StringEquals: { 'aws:PrincipalTag/level': 'intern' } }),
      ],
      INVOKE_ALL,
    ),
    allowed: ['GET', '/orders'],
    denied: ['GET', '/nothing-denies-this-path-either'],
  },
];

describe('who-can with permissions boundaries on configured roles', () => {
  it.each(WORLDS)(
    '$title: the bounded role gets what the boundary leaves it, in a reported class',
    ({ world, allowed, denied, title }) => {
      const r = role(world.roles.at(-1)!.arn, 'spokegate');
      const who = whoCan(world);
      const yes = req(r, ...allowed);
      expect(decide(world, yes).decision).toBe('allow');
      expect(who.reportedClassesOf(yes).length).toBeGreaterThan(0);
      const no = req(r, ...denied);
      // The tag world's second request is allowed too (its role carries no tag): the others are kept out.
      const kept = title.startsWith('a resource Deny') ? 'allow' : 'deny';
      expect(decide(world, no).decision).toBe(kept);
      expect(who.reportedClassesOf(no).length > 0).toBe(kept === 'allow');
    },
  );

  it.each(WORLDS)(
    '$title: random requests are decided as their classes say',
    ({ world, draws = 3_000 }) => {
      checkComplete(world, draws);
    },
    600_000,
  );
});
