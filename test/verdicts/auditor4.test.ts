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
import { describeAuditorModes, describeAddressing } from './auditor-world.js';
import { auditorTruth, TAMPERED, truthChecks } from './auditor-truth.js';

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

/**
 * Offline, nothing is sent: HTTP 403 follows from a predicted denial (every refusal is 403), but an
 * allowed call's status is its integration's answer (200, 201, a backend's 502 …): "the response
 * status is 200" is not established offline (an error), never a pass on the policies' prediction.
 */
const { compare, expected } = truthChecks(auditorTruth('auditor4'), {
  tampered: TAMPERED,
  offlineErrors: ['U2', 'U3'],
});

describeAuditorModes('the fourth auditor world in %s mode', 'auditor4', {
  compare,
  expected,
  disagreements: 2,
  tampered: TAMPERED,
});

describeAddressing(
  'the fourth auditor world’s routing',
  'auditor4',
  'hub (the runner’s VPC, private DNS) by private DNS, side (same VPC, none) by endpoint-api-id, north (eu-north-1) by its alias',
  { hub: 'private-dns', side: 'endpoint-api-id', north: 'alias' },
);
