// A diff skips deciding a cell (or a class point) in full where the endpoint policy alone answers
// alike on both sides (endpointAlone): the later layers see the same request and policies, and the
// endpoint only filters. That shortcut must ask the endpoint policy as authorizeCall does: for a
// caller with a permissions boundary, a resource-based policy's Deny with NotPrincipal applies
// whatever it names (docs/aws-behaviour.md §14), the endpoint policy's included. Asked without the
// boundary, a Deny NotPrincipal naming the bounded role looked harmless on the before side, so
// removing it (the role's access opened) was no change at all: a missed grant.
import { describe, expect, it } from 'vitest';
import { computeDiff, loadDiffSetup } from '../../src/diff/index.js';
import { authorizeCall } from '../../src/policy/index.js';
import { EVERYONE, fixtureConfig, loadEdited, ORGANIZATIONS, policyFile, tmpFile } from './helpers.js';

const BATCH = 'arn:aws:iam::111111111111:role/BatchRole';
const ALLOW_ALL = { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' };
/** Everyone allowed, and every caller but BatchRole (and its account) denied by a NotPrincipal Deny. */
const BEFORE = tmpFile(
  'deny-not-batch.json',
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      EVERYONE,
      {
        Effect: 'Deny',
        // The role, its session (the config's default session name) and its account: as AWS's
        // NotPrincipal examples name them.
        NotPrincipal: {
          AWS: [
            BATCH,
            'arn:aws:sts::111111111111:assumed-role/BatchRole/spokegate',
            'arn:aws:iam::111111111111:root',
          ],
        },
        Action: 'execute-api:Invoke',
        Resource: '*',
      },
    ],
  }),
);

const setup = () => {
  const c = fixtureConfig(ORGANIZATIONS);
  const identity = policyFile(ALLOW_ALL, 'identity.json');
  for (const r of Object.values<any>(c.roles)) r.identityPolicies = [identity];
  for (const a of Object.values<any>(c.apis)) a.resourcePolicy = policyFile(EVERYONE, 'resource.json');
  // A boundary that allows every call: it limits nothing, but BatchRole now has one.
  c.roles.BatchRole.permissionsBoundary = policyFile(ALLOW_ALL, 'boundary.json');
  return loadDiffSetup(loadEdited(c), { before: BEFORE, after: policyFile(EVERYONE, 'open.json') });
};

describe('diff: the endpoint shortcut asks the endpoint as the chain does (boundary and NotPrincipal)', () => {
  it('the engine denies BatchRole before only because of its boundary', () => {
    const s = setup();
    const cell = s.cells.find((c) => c.role === 'BatchRole' && c.api === 'orders')!;
    const chain = (endpoint: typeof s.before.endpoint, bounded = true) =>
      authorizeCall(
        {
          endpointPolicy: endpoint as never,
          authorizationType: 'AWS_IAM',
          identityPolicies: cell.identityPolicies!,
          ...(bounded ? { permissionsBoundary: cell.permissionsBoundary! } : {}),
          resourceAccount: cell.resourceAccount,
        },
        cell.request,
      ).decision;
    expect(chain(s.before.endpoint)).toBe('deny');
    expect(chain(s.after.endpoint)).toBe('allow');
    // Without the boundary, the NotPrincipal Deny does not apply to BatchRole's session.
    expect(chain(s.before.endpoint, false)).toBe('allow');
  });

  it('removing the Deny NotPrincipal is a grant for BatchRole (a cell that flips)', () => {
    const r = computeDiff(setup());
    const batch = r.changes.filter((x) => x.role === 'BatchRole');
    expect(batch.length).toBeGreaterThan(0);
    for (const x of batch) expect(x).toMatchObject({ before: 'deny', after: 'allow' });
  });

  it('the classes of new access hold BatchRole too (they did before: a guard)', () => {
    const r = computeDiff(setup());
    const grants = r.classes.filter((k) => k.change === 'grant');
    const batch = grants.filter(
      (k) => k.witness.principal.kind === 'role' && k.witness.principal.arn === BATCH,
    );
    expect(batch.length).toBeGreaterThan(0);
    for (const k of batch) expect(k).toMatchObject({ before: 'deny', after: 'allow' });
  });
});
