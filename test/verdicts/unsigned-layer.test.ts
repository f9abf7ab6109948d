// Issue 10 (lane A, found with the third auditor world): an unsigned call to an AWS_IAM route is
// refused by API Gateway's authentication ("Missing Authentication Token") before any resource or
// identity policy is read. It is a denial, but by no policy: the engine attributed it to the
// identity layer, so offline `Then the call is denied by the identity policy` passed for an
// anonymous caller (in sandbox mode the same step failed: the answer names no policy). Now the
// prediction names no layer and says why (`predicted.reason: missing-auth`, as the observation
// does): `denied` holds in both modes, `denied by the X policy` fails in both.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readMatrix, spokegateHere } from '../harness/helpers.js';
import { copyAuditorWorld } from './auditor-world.js';

const FEATURE = `Feature: unsigned calls to AWS_IAM routes

  Scenario: U1 anonymous, denied
    When an anonymous caller calls GET /charges on "pay" through "dr"
    Then the call is denied

  Scenario: U2 anonymous, denied by the identity policy
    When an anonymous caller calls GET /charges on "pay" through "dr"
    Then the call is denied by the identity policy

  Scenario: U3 anonymous, denied by the resource policy
    When an anonymous caller calls GET /charges on "pay" through "dr"
    Then the call is denied by the resource policy

  Scenario: U4 a role's call sent unsigned, denied by the identity policy
    When "Auditor" calls GET /charges on "pay" through "dr" unsigned
    Then the call is denied by the identity policy
`;

describe.each(['sandbox', 'offline'] as const)('an unsigned call to an AWS_IAM route in %s mode', (mode) => {
  let doc: any;
  beforeAll(async () => {
    const dir = copyAuditorWorld('unsigned-layer', 'auditor3');
    writeFileSync(join(dir, 'u.feature'), FEATURE);
    const reports = mkdtempSync(join(tmpdir(), `spokegate-unsigned-${mode}-`));
    const r = await spokegateHere([
      'run',
      join(dir, 'u.feature'),
      '--config',
      join(dir, 'spokegate.config.yaml'),
      '--reports',
      reports,
      '--mode',
      mode,
    ]);
    expect(r.code, r.stderr.slice(-1500)).toBe(1);
    doc = readMatrix(reports);
  });

  it('is denied, by no policy: "denied by the X policy" fails, "denied" passes', () => {
    const status = Object.fromEntries(doc.scenarios.map((s: any) => [s.name.slice(0, 2), s.status]));
    expect(status).toEqual({ U1: 'passed', U2: 'failed', U3: 'failed', U4: 'failed' });
  });

  it('the prediction names no layer and says the call is unauthenticated', () => {
    for (const c of doc.cells)
      expect(c.predicted).toMatchObject({ decision: 'deny', layer: null, reason: 'missing-auth' });
  });
});
