// Lane F found (pass 19, over-reporting): a policy variable ${aws:PrincipalTag/…} anywhere made every
// configured role whose tags the config does not state `unknown` (src/predict principal-tags.ts), even
// where the statement holding it cannot name that role: a Deny of account 555555555555 with tied-tag
// conditions added to orders made ReportingRole's deny unknown, a false "may be new" grant, and
// `--fail-on grant` exited 1. Only statements whose Principal may name the caller count now
// (src/policy statementMayName). Pass 20: where one may name it, the cell is still decided when the
// policies read as permissively as their variables could make them refuse it (mostPermissive), or
// read as strictly allow it (leastPermissive): a tied-tag Deny over a role no Allow lets in, or a
// tied-tag Allow over a role a plain Allow lets in, changes nothing whatever its tags. Each row: the
// statement's effect and Principal, and each role's orders cell after.
import { describe, expect, it } from 'vitest';
import { computeDiff, diffExitCode } from '../../src/diff/index.js';
import { decideCell } from '../../src/diff/compute.js';
import { CHECKOUT, TIED, changeOf, ordersSetup, ordersStatement } from './helpers.js';

const CHECKOUT_ONLY = ordersStatement('Allow', { AWS: CHECKOUT });
const REPORTING = { AWS: 'arn:aws:iam::111111111111:role/ReportingRole' };

/** [name, the tied-tag statement's effect and Principal, CheckoutRole's and ReportingRole's decision after, --fail-on grant] */
const ROWS: [string, 'Allow' | 'Deny', unknown, string, string, 0 | 1][] = [
  ['Deny over an account no configured role is in', 'Deny', { AWS: '555555555555' }, 'allow', 'deny', 0],
  // Refused whatever its tags: no Allow names ReportingRole (2 of 2 rows below failed before pass 20).
  ['Deny over ReportingRole alone', 'Deny', REPORTING, 'allow', 'deny', 0],
  [
    'Deny over the roles’ account (CheckoutRole: control)',
    'Deny',
    { AWS: '111111111111' },
    'unknown',
    'deny',
    0,
  ],
  // Let in whatever its tags: the plain Allow of CheckoutRole stays.
  ['Allow over CheckoutRole, already let in', 'Allow', { AWS: CHECKOUT }, 'allow', 'deny', 0],
  // Controls: the statement may decide the role, and the config does not state its tags.
  ['Allow over ReportingRole (control)', 'Allow', REPORTING, 'allow', 'unknown', 1],
  ['Deny over everyone (control)', 'Deny', '*', 'unknown', 'deny', 0],
  // A role id no role states: any role whose id is unstated may have it (role-ids.ts samples it).
  ['Deny over a role id (control)', 'Deny', { AWS: 'AROAEXAMPLEROLEID0001' }, 'unknown', 'deny', 0],
];

describe('a ${aws:PrincipalTag/…} variable counts only for the roles its statement may name', () => {
  it.each(ROWS)('a tied-tag %s', (_name, effect, principal, checkout, reporting, exit) => {
    const added = ordersStatement(effect, principal, TIED);
    const setup = ordersSetup([CHECKOUT_ONLY], [CHECKOUT_ONLY, added], undefined, true);
    const cell = (role: string) => setup.cells.find((c) => c.role === role && c.api === 'orders')!;
    const after = (role: string) => decideCell(cell(role), setup.after);
    const r = computeDiff(setup);
    for (const [role, expected] of [
      ['CheckoutRole', checkout],
      ['ReportingRole', reporting],
    ] as const) {
      expect(after(role).decision, after(role).reason).toBe(expected);
      if (expected === 'unknown') expect(after(role).reason).toMatch(new RegExp(`roles\\.${role}\\.tags`));
    }
    if (reporting === 'deny') expect(changeOf(r, 'ReportingRole', 'orders')).toBeUndefined();
    expect(diffExitCode(r, 'grant')).toBe(exit);
  });
});
