// A call by an API's alias name ({api}-{vpce}.execute-api…) through an endpoint the API is not
// associated with: that name does not exist (docs/aws-behaviour.md §1b), so the request is never
// made and no policy answers it. Offline it was predicted from the policies: side's endpoint policy
// "denied" Admin and the API's Deny "denied" VendorSync, so `denied by the endpoint policy` and
// `denied` passed for calls AWS cannot even address (a false PASS); an association not stated was
// taken as associated. The fourth auditor world, side addressed by alias.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMatrix } from '../harness/helpers.js';
import { copyAuditorWorld, runCopyFeature } from './auditor-world.js';

const FEATURE = `Feature: alias
  Scenario: A1 VendorSync by alias through side
    When "VendorSync" calls GET /orders on "orders" through "side"
    Then the call is denied

  Scenario: A2 Admin by alias through side
    When "Admin" calls GET /orders on "orders" through "side"
    Then the call is denied by the endpoint policy
`;

/** A copy of the fourth auditor world with side addressed by alias, orders' association as given. */
function world(association: string | undefined): string {
  const dir = copyAuditorWorld('alias', 'auditor4');
  const file = join(dir, 'spokegate.config.yaml');
  let text = readFileSync(file, 'utf8').replace(
    '    addressing: endpoint-api-id\n',
    '    addressing: alias\n',
  );
  if (association !== undefined)
    text = text.replace('    stages: [prod]\n', `    stages: [prod]\n    vpcEndpointIds: ${association}\n`);
  writeFileSync(file, text);
  writeFileSync(join(dir, 'x.feature'), FEATURE);
  return dir;
}

describe('a call by alias through an endpoint the API is not associated with', () => {
  it.each([
    ['stated (apis.orders.vpcEndpointIds: [])', '[]', 'offline', /from apis\.orders\.vpcEndpointIds/],
    [
      'stated, in sandbox mode',
      '[vpce-0f4f4f4f4f4f4f4f4]',
      'sandbox',
      /associated: vpce-0f4f4f4f4f4f4f4f4, from apis/,
    ],
    [
      'read (GetRestApi) in sandbox mode',
      undefined,
      'sandbox',
      /associated: none, from GetRestApi 0rd3r5ap14/,
    ],
  ])(
    'known not to be associated (%s): exit 2 before anything is sent, naming the fix',
    async (_, association, mode, from) => {
      const dir = world(association);
      const r = await runCopyFeature(dir, mode);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(
        /x\.feature: line 3: API "orders" is not associated with endpoint "side" \(vpce-0b4b4b4b4b4b4b4b4; /,
      );
      expect(r.stderr).toMatch(from);
      expect(r.stderr).toMatch(
        /0rd3r5ap14-vpce-0b4b4b4b4b4b4b4b4\.execute-api\.us-east-2\.amazonaws\.com does not exist/,
      );
      expect(existsSync(join(dir, 'reports', 'access-matrix.json'))).toBe(false);
    },
  );

  it('offline with the association not stated: unknown (an error), never a denial by a policy', async () => {
    const dir = world(undefined);
    const r = await runCopyFeature(dir, 'offline');
    expect(r.code, r.stderr).toBe(3);
    const doc = readMatrix(join(dir, 'reports'));
    for (const c of doc.cells) {
      expect(c.predicted.decision, c.scenario).toBe('unknown');
      expect(c.predicted.unknown).toMatch(/set apis\.orders\.vpcEndpointIds/);
      expect(c.verdict).toBe('error');
    }
    expect(doc.cells).toHaveLength(2);
  });

  it('associated: the policies decide as before', async () => {
    const dir = world('[vpce-0b4b4b4b4b4b4b4b4]');
    const r = await runCopyFeature(dir, 'offline');
    expect(r.code, r.stderr).toBe(1);
    const doc = readMatrix(join(dir, 'reports'));
    const [a1, a2] = doc.cells;
    // O2 lets VendorSync read orders through side (S1): allowed, so "denied" fails.
    expect(a1.predicted).toMatchObject({ decision: 'allow' });
    expect(a2.predicted).toMatchObject({ decision: 'deny', layer: 'endpoint' });
  });
});
