// Issue 10 (lane B): a fourth auditor's world (test/fixtures/auditor4), unlike the first three:
// three endpoints in two regions (hub and side in the runner's VPC, side without private DNS and
// addressed by `endpoint-api-id`; north in eu-north-1, addressed by its Route 53 alias), an API in
// the second region; aws:PrincipalOrgPaths (ForAnyValue:StringLike) and aws:PrincipalAccount in
// endpoint policies; aws:SourceVpc beside aws:SourceVpce; NotResource Denies (side's endpoint
// policy, nordic's resource policy); NotAction (an Allow that covers Invoke, a Deny that never does);
// roles with paths; `execute-api:/*` shorthand whose `*` spans `/` (`*/POST/*` matching a GET to
// `/orders/POST/x`); ANY methods and `{proxy+}` routes; a NONE route reached through a NotAction
// Allow; and a role (Builder) whose config copy of its identity policy is older than the world's.
// Every cell, scenario and routing check below is derived by hand from the world's policies FIRST
// and then compared with spokegate in sandbox mode (the wire) and offline (the prediction from the
// config), both through the CLI in this process.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { ROOT } from '../harness/helpers.js';
import { describeAuditorModes } from './auditor-world.js';
import { A, E, R, matrixCells, type D, type Status, type TruthCell } from './auditor-truth.js';
import { callsFeatureCells, compareTruth, expectedStatuses, stepCells } from './auditor-truth.js';

const DIR = join(ROOT, 'test', 'fixtures', 'auditor4');
const CONFIG = join(DIR, 'spokegate.config.yaml');

// ---------------------------------------------------------------------------------------------
// The hand-derived truth (docs/aws-behaviour.md §1, §2, §3, §8, "Authorization outcome rules").
//
// Organization o-fourth4org26 = {610 hub (path …/ou-4f4f-aaaaaaaa/), 620 orders (…/ou-4f4f-bbbbbbbb/)},
// both under o-fourth4org26/r-4f4f; 630 vendor is in o-vend4rorg77; 640 lab is in none.
// Roles: Admin = 610:role/platform/admin/Admin {tier gold}; Builder = 610:role/ci/Builder {tier
// silver}, GET and POST only in the world (the config's copy: everything); OrdersApp =
// 620:role/OrdersApp {silver}; VendorSync = 630:role/integrations/VendorSync {gold}; VendorAudit =
// 630:role/VendorAudit (no tags), GET only; Lab = 640:role/Lab {gold}. The others allow every invoke.
//
// hub (us-east-2, vpc-0a4a…, private DNS, the default): H1 ForAnyValue:StringLike
// aws:PrincipalOrgPaths `o-fourth4org26/r-4f4f/*` (610, 620); H2 tier gold on
// `arn:aws:execute-api:us-east-2:*:*/*/GET/*`; H3 Deny DELETE unless aws:PrincipalArn is like
// `role/platform/*` (only Admin; ArnNotLike on a missing key is true: anonymous too); H4 anyone on
// orders' GET /health.
// side (us-east-2, the same VPC, no private DNS): S1 aws:PrincipalAccount 630; S2 Builder's role ARN
// (with its path) on vault; S3 Deny NotResource [us-east-2 `*/*/GET/*`, `*/*/PUT/*`]: every other
// request, where `*` spans `/` (a POST to /orders/GET/x is inside the NotResource: not denied).
// north (eu-north-1): N1 `execute-api:*` for aws:PrincipalOrgID of either organization; N2 anyone,
// NotAction execute-api:ManageConnections (so Invoke) on nordic's GET /stock; N3 Deny tier silver.
// orders (620, us-east-2, prod; GET /, GET /orders, POST /orders, ANY /orders/{proxy+}, NONE GET
// /health): O1 our organization on `execute-api:/*`; O2 account 630 (delegates) on /prod/GET/*; O3
// anyone on /prod/GET/health; O4 Deny aws:SourceVpc ≠ vpc-0a4a… (hub and side are in it); O5 Deny
// `/*/POST/*`, `/*/PUT/*`, `/*/DELETE/*`, `/*/PATCH/*` unless aws:SourceVpce is hub's (the short
// form matches what follows the API id, and `*` spans `/`: prod/GET/orders/POST/x is a "POST").
// vault (610, us-east-2, live; GET /, GET|PUT|DELETE /secrets/{name}, ANY /{proxy+}): V1 610's root
// (delegates) on /live/*; V2 VendorSync's role ARN, NotAction ManageConnections (so Invoke) on
// /live/GET/*; V3 Deny DELETE unless tier gold; V4 Deny aws:PrincipalAccount 640; V5 Deny NotAction
// execute-api:Invoke (never an Invoke).
// nordic (630, eu-north-1, v2, associated with north; GET /, NONE GET /stock, ANY /stock/{proxy+}):
// D1 account 630 (delegates); D2 our organization on /v2/GET/*; D3 anyone on /v2/GET/stock; D4 Deny
// NotResource /v2/GET/* unless aws:PrincipalAccount is 630 (missing for anonymous: denied).
// Cross account: identity and resource must both allow; same account: either suffices, and an
// account grant (V1, D1, O2) delegates: the identity policy must allow even in the same account.
// A NONE route skips the identity policy; the resource policy sees the signer or an anonymous
// caller there (both readings give the same answer on every NONE cell below: O3 and D3 let anyone).
// ---------------------------------------------------------------------------------------------

const I: D = 'deny:identity';

interface CellTruth extends TruthCell {
  /** The prediction (both modes), where it is not `d`: the config's older copy of Builder's policy. */
  predicted?: D;
}

const CELLS: CellTruth[] = [
  ...matrixCells(
    'M1 GET / through the default endpoint (hub)',
    { method: 'GET', path: '/', endpoint: 'hub' },
    ['orders', 'vault'],
    {
      // H1; orders O1 (cross account, identity allows); vault same account.
      Admin: [A, A],
      Builder: [A, A],
      // vault: cross account, V1 is 610's, V2 VendorSync's.
      OrdersApp: [A, R],
      // H2 (gold GET); O2 (630, identity allows); V2.
      VendorSync: [A, A],
      // No tag, not a member: only H4 (orders' /health).
      VendorAudit: [E, E],
      // H2; orders: nothing for 640; vault: V4.
      Lab: [R, R],
      anonymous: [E, E],
    },
  ),
  ...matrixCells(
    'M2 GET / through side (endpoint-api-id)',
    { method: 'GET', path: '/', endpoint: 'side' },
    ['orders', 'vault'],
    {
      Admin: [E, E],
      // S2 is vault's only.
      Builder: [E, A],
      OrdersApp: [E, E],
      VendorSync: [A, A],
      // O2 with its GET-only policy; vault: V2 names VendorSync only.
      VendorAudit: [A, R],
      Lab: [E, E],
      // S1 needs aws:PrincipalAccount.
      anonymous: [E, E],
    },
  ),
  ...matrixCells(
    'M3 GET /stock (a NONE route) through north (its alias)',
    { method: 'GET', path: '/stock', endpoint: 'north' },
    ['nordic'],
    {
      Admin: [A],
      // N3 (silver) before anything.
      Builder: [E],
      OrdersApp: [E],
      VendorSync: [A],
      VendorAudit: [A],
      // N2 (NotAction covers Invoke), D3.
      Lab: [A],
      anonymous: [A],
    },
  ),
  ...matrixCells('M4 GET / through north', { method: 'GET', path: '/', endpoint: 'north' }, ['nordic'], {
    // N1; cross account: D2.
    Admin: [A],
    Builder: [E],
    OrdersApp: [E],
    // Same account, identity allows.
    VendorSync: [A],
    VendorAudit: [A],
    // Neither N1 nor N2 (GET /stock only).
    Lab: [E],
    anonymous: [E],
  }),
];

/** The Outline "KEY ROLE METHOD PATH on API through ENDPOINT" of calls.feature. */
const CALLS: [string, string, string, string, string, string, D, D?][] = [
  // H3 spares Admin (role/platform/admin/Admin is like role/platform/*); V3 spares gold.
  ['C01', 'Admin', 'DELETE', '/secrets/db', 'vault', 'hub', A],
  ['C02', 'Builder', 'DELETE', '/secrets/db', 'vault', 'hub', E],
  // S3: a DELETE is outside its NotResource.
  ['C03', 'VendorSync', 'DELETE', '/secrets/db', 'vault', 'side', E],
  // The world's Builder policy has no PUT and V1 delegates: no allow anywhere, in the same account.
  // The config's older copy allows it: a disagreement in sandbox mode, a false allow offline.
  ['C04', 'Builder', 'PUT', '/secrets/db', 'vault', 'side', I, A],
  ['C05', 'Builder', 'PUT', '/secrets/db', 'vault', 'hub', I, A],
  // ANY /{proxy+}; POST is in both copies.
  ['C06', 'Builder', 'POST', '/jobs', 'vault', 'hub', A],
  ['C07', 'OrdersApp', 'POST', '/orders', 'orders', 'hub', A],
  ['C08', 'OrdersApp', 'POST', '/orders', 'orders', 'side', E],
  // O5: a PUT not through hub.
  ['C09', 'VendorSync', 'PUT', '/orders/7', 'orders', 'side', R],
  // O5's `*/POST/*` matches prod/GET/orders/POST/x: a GET denied as a "POST".
  ['C10', 'VendorSync', 'GET', '/orders/POST/x', 'orders', 'side', R],
  // S3's NotResource `*/*/GET/*` holds …/prod/POST/orders/GET/x: side lets it through; O5 denies.
  ['C11', 'VendorSync', 'POST', '/orders/GET/x', 'orders', 'side', R],
  ['C12', 'OrdersApp', 'DELETE', '/orders/7', 'orders', 'hub', E],
  ['C13', 'Admin', 'DELETE', '/orders/7', 'orders', 'hub', A],
  ['C14', 'Lab', 'DELETE', '/secrets/x', 'vault', 'hub', E],
  // D4: a PUT by another account.
  ['C15', 'Admin', 'PUT', '/stock/a', 'nordic', 'north', R],
  // Same account, GET-only identity, D1 delegates: no allow anywhere.
  ['C16', 'VendorAudit', 'PUT', '/stock/a', 'nordic', 'north', I],
  ['C17', 'VendorSync', 'PUT', '/stock/a', 'nordic', 'north', A],
  // H4, NONE, O3.
  ['C20', 'VendorAudit', 'GET', '/health', 'orders', 'hub', A],
  ['C21', 'Lab', 'GET', '/orders', 'orders', 'hub', R],
  ['C22', 'VendorAudit', 'GET', '/orders', 'orders', 'side', A],
  ['C23', 'VendorAudit', 'GET', '/secrets/a', 'vault', 'side', R],
  ['C24', 'VendorSync', 'GET', '/secrets/a', 'vault', 'hub', A],
  ['C25', 'Lab', 'GET', '/secrets/a', 'vault', 'hub', R],
  ['C26', 'OrdersApp', 'GET', '/secrets/a', 'vault', 'hub', R],
  ['C27', 'Lab', 'GET', '/stock', 'nordic', 'north', A],
  ['C29', 'Builder', 'GET', '/stock', 'nordic', 'north', E],
  // ANY /stock/{proxy+} is AWS_IAM; D2.
  ['C30', 'Admin', 'GET', '/stock/x', 'nordic', 'north', A],
  // N2 is /stock exactly.
  ['C31', 'Lab', 'GET', '/stock/x', 'nordic', 'north', E],
];
CELLS.push(
  ...callsFeatureCells({
    calls: CALLS,
    anonymous: [
      ['/health', 'orders', 'hub', A],
      ['/health', 'orders', 'side', E],
      ['/stock', 'nordic', 'north', A],
      ['/stock/x', 'nordic', 'north', E],
      ['/orders', 'orders', 'hub', E],
    ],
    // No "through": hub (through side VendorAudit would get in, OrdersApp would not).
    defaultEndpoint: 'hub',
    byDefault: [
      ['VendorAudit', '/orders', 'orders', E],
      ['OrdersApp', '/orders', 'orders', A],
      ['Builder', '/secrets/a', 'vault', A],
    ],
    // Unsigned: the endpoint policy sees an anonymous caller (it is evaluated before the method's type).
    unsigned: [
      ['U1', 'Admin', '/orders', 'orders', 'hub', E],
      ['U2', 'VendorAudit', '/health', 'orders', 'hub', A],
      ['U3', 'Admin', '/stock', 'nordic', 'north', A],
      ['U4', 'Admin', '/', 'nordic', 'north', E],
      ['U5', 'VendorSync', '/', 'vault', 'side', E],
    ],
  }),
);

/** The tampered call: AWS refuses the signature (403 InvalidSignatureException) before any policy. */
const TAMPERED = 'S1 a tampered signature is refused, never a policy decision';

/** Each proof's outcome (the same in both modes). */
const PROOFS: Record<string, Status> = {
  // H1 lets every principal of 610 and 620 through; H2 any gold-tagged one on GET /.
  P01: 'failed',
  // H2: a gold-tagged principal of any account (Lab, VendorSync).
  P02: 'failed',
  // S1: every principal of 630 (o-vend4rorg77).
  P03: 'failed',
  // N1: o-vend4rorg77's members.
  P04: 'failed',
  // side: 630's principals and Builder; vault: same account (Builder only passes side), V2.
  P05: 'passed',
  // side: 630's principals on GET and PUT, Builder on vault only; orders: O2 (630, GET).
  P06: 'passed',
  // hub: members (610, 620), gold readers, anyone on orders' /health; vault: 610 (same account,
  // V1), V2 (VendorSync); 620 has no grant; V4 stops 640.
  P07: 'passed',
  // VendorSync (630) through H2 and V2.
  P08: 'failed',
  // Anyone on GET /health (H4, O3, NONE).
  P09: 'failed',
  // Anyone on GET /stock (N2, D3, NONE).
  P10: 'failed',
  // 630's principals through S1 and O2.
  P11: 'failed',
  // A valid policy: nothing AWS would refuse.
  P12: 'passed',
};
/** Scenarios (not proofs) that do not pass, per mode: [sandbox, offline]. */
const NOT_PASSED: Record<string, [Status, Status]> = {
  // Sandbox: the wire denies as expected, but the prediction (the older copy) disagrees: a failure.
  // Offline: predicted allowed, expected denied.
  'C04 Builder PUT /secrets/db on vault through side': ['failed', 'failed'],
  'C05 Builder PUT /secrets/db on vault through hub': ['failed', 'failed'],
};
/**
 * Offline, nothing is sent: HTTP 403 follows from a predicted denial (every refusal is 403), but an
 * allowed call's status is its integration's answer (200, 201, a backend's 502 …): "the response
 * status is 200" is not established offline (an error), never a pass on the policies' prediction.
 */
const OFFLINE_ERRORS = ['U2', 'U3'].map((k) => CELLS.find((c) => c.scenario.startsWith(`${k} `))!.scenario);

/** The cells of a report (but the tampered call) that differ from the truth, and those the truth lacks. */
const compare = (doc: any, mode: 'sandbox' | 'offline'): string[] =>
  compareTruth(
    stepCells(doc).filter((c: any) => c.scenario !== TAMPERED),
    CELLS,
    mode,
    (t) => t.predicted ?? t.d,
  );

const expected = (mode: 0 | 1) =>
  expectedStatuses([...CELLS.map((t) => t.scenario), TAMPERED], NOT_PASSED, PROOFS, mode, OFFLINE_ERRORS);

describeAuditorModes('the fourth auditor world in %s mode', 'auditor4', {
  compare,
  expected,
  disagreements: 2,
  tampered: TAMPERED,
});

describe('the fourth auditor world’s routing', () => {
  it('hub (the runner’s VPC, private DNS) by private DNS, side (same VPC, none) by endpoint-api-id, north (eu-north-1) by its alias', () => {
    const config = loadConfig(CONFIG);
    expect(config.endpoints.hub!.addressing).toBe('private-dns');
    expect(config.endpoints.side!.addressing).toBe('endpoint-api-id');
    expect(config.endpoints.north!.addressing).toBe('alias');
  });
});
