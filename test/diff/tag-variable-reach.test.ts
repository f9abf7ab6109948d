// Lane F found (pass 19, over-reporting): a policy variable ${aws:PrincipalTag/…} anywhere made every
// configured role whose tags the config does not state `unknown` (src/predict principal-tags.ts), even
// where the statement holding it cannot name that role: a Deny of account 555555555555 with tied-tag
// conditions added to orders turned ReportingRole's deny into unknown, a false "may be new" grant, and
// `--fail-on grant` exited 1. Only statements whose Principal may name the caller count now
// (src/policy statementMayName). Each row: the Deny's Principal, and each role's orders cell after.
import { describe, expect, it } from 'vitest';
import { computeDiff, diffExitCode } from '../../src/diff/index.js';
import { decideCell } from '../../src/diff/compute.js';
import { CHECKOUT, TIED, changeOf, ordersSetup, ordersStatement } from './helpers.js';

const CHECKOUT_ONLY = ordersStatement('Allow', { AWS: CHECKOUT });

/** [name, the tied-tag Deny's Principal, CheckoutRole's and ReportingRole's decision after, --fail-on grant] */
const ROWS: [string, unknown, string, string, 0 | 1][] = [
  ['over an account no configured role is in', { AWS: '555555555555' }, 'allow', 'deny', 0],
  // A variable is not sampled: the role it may name stays unknown, CheckoutRole is decided.
  [
    'over ReportingRole alone',
    { AWS: 'arn:aws:iam::111111111111:role/ReportingRole' },
    'allow',
    'unknown',
    1,
  ],
  // Controls: the Deny may name the role, so its tags decide (and the config does not state them).
  ['over the roles’ account (control)', { AWS: '111111111111' }, 'unknown', 'unknown', 1],
  ['over everyone (control)', '*', 'unknown', 'unknown', 1],
  // A role id no role states: any role whose id is unstated may have it (role-ids.ts samples it).
  ['over a role id (control)', { AWS: 'AROAEXAMPLEROLEID0001' }, 'unknown', 'unknown', 1],
];

describe('a ${aws:PrincipalTag/…} variable counts only for the roles its statement may name', () => {
  it.each(ROWS)('a tied-tag Deny added %s', (_name, principal, checkout, reporting, exit) => {
    const deny = ordersStatement('Deny', principal, TIED);
    const setup = ordersSetup([CHECKOUT_ONLY], [CHECKOUT_ONLY, deny], undefined, true);
    const cell = (role: string) => setup.cells.find((c) => c.role === role && c.api === 'orders')!;
    const after = (role: string) => decideCell(cell(role), setup.after);
    const r = computeDiff(setup);
    expect(after('CheckoutRole').decision, after('CheckoutRole').reason).toBe(checkout);
    expect(after('ReportingRole').decision, after('ReportingRole').reason).toBe(reporting);
    if (reporting === 'deny') expect(changeOf(r, 'ReportingRole', 'orders')).toBeUndefined();
    else expect(after('ReportingRole').reason).toMatch(/roles\.ReportingRole\.tags/);
    expect(diffExitCode(r, 'grant')).toBe(exit);
  });
});
