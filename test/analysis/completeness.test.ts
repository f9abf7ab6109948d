// Completeness: random concrete requests (accounts in and out of the organization; role sessions,
// IAM users and account roots; role paths and names, unique ids, sessions, tags, organization
// paths; source addresses, MFA ages and times; methods, paths; private DNS or the alias name) are
// decided by the ordinary engine, and each decision must equal what who-can's classes say.
import { describe, it } from 'vitest';
import { demoWorld, ORG } from './helpers.js';
import { checkComplete } from './random-requests.js';
import { TRICKY, VARIABLES } from './tricky.js';

describe('who-can is complete: every random request is decided as its class says', () => {
  it('over the demo world (features/sandbox: config, policy files and the hub endpoint policy the sandbox serves)', async () => {
    checkComplete(await demoWorld());
  });

  it('over the demo world with its member list stated complete (an unlisted account is no member of it)', async () => {
    const world = await demoWorld();
    // The demo's grants and denials on aws:PrincipalOrgID then split on the listed accounts alone.
    checkComplete({ ...world, completeOrganizations: [ORG] }, 3_000);
  });

  it('over an organization-path grant with the member list stated complete', () => {
    checkComplete({ ...TRICKY.orgPath, completeOrganizations: [ORG] }, 3_000);
  });

  for (const [name, world] of Object.entries({ ...TRICKY, ...VARIABLES })) {
    it(`over the policy "${name}"`, () => checkComplete(world));
  }
});
