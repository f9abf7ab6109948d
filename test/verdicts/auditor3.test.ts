// Issue 10 (lane A): a third auditor's world (test/fixtures/auditor3), unlike the first two: pay's
// stage "beta" serves a canary deployment with other routes than prod; an account (540000000004)
// the world puts in our organization and the config in none; a role (Dev) whose tags only the world
// states; the config's copy of dr's endpoint policy is older than the world's (it lacks a Deny of
// breakglass sessions: a prediction the wire contradicts); Resource patterns whose `*` spans `/`
// (`*/beta/*` matching a prod path, `*/*/GET/*` matching a POST through a greedy route); a CUSTOM
// authorizer route guarded by a NotPrincipal Deny naming an assumed-role session; one role under
// two session names, NotPrincipal sparing one of them. Every cell, scenario and routing check below
// is derived by hand from the world's policies and compared with spokegate in sandbox mode (the
// wire) and offline (the prediction from the config), both through the CLI in this process.
import { expect, it } from 'vitest';
import { describeAuditorModes, describeAddressing } from './auditor-world.js';
import { auditorTruth, truthChecks } from './auditor-truth.js';

// ---------------------------------------------------------------------------------------------
// The hand-derived truth (docs/aws-behaviour.md §2, §3, §5d, §8, "Authorization outcome rules").
//
// Organization o-thirdorg2026 = {510 hub, 520 pay, 540 ext} in the world; the config states 510
// and 520 only: 540's organization is unknown to it. 530 partner is in o-partner3org99.
// Roles: OpsMain/OpsBreakglass = 510:role/ops/Ops {team ops}, sessions ops-main / breakglass;
// Auditor = 510:role/Auditor (no tags), GET-only identity policy (`*/*/GET/*`, which spans `/`);
// PayApp = 520:role/PayApp {team payments}; PayBatch = 520:role/batch/PayBatch (no tags), GET-only;
// Partner = 530:role/Partner {team partner}; PartnerAdmin = 530:role/admin/PartnerAdmin {team ops};
// Dev = 540:role/dev/Dev {team dev: the world only}; Ext = 540:role/Ext {team ops}. The others'
// identity policies allow every invoke.
//
// hub (default, the runner's VPC): H0 our organization; H1 account 530 on 530's `*/*/GET/*`; H2
// Deny `*/beta/*` unless tag team ops (`*` spans `/`: a prod path holding /beta/ too); H3 Deny
// NotPrincipal {510 root, role ops/Ops, session Ops/ops-main} on DELETE: only ops-main is spared;
// H4 anyone on `*/*/GET/health`.
// dr (world): D0 ArnLike role/ops/* of any account; D1 PayApp on 520's APIs; D2 tag team ops or
// partner; D3 untagged principals (Null team: anonymous too) on GET; D4 Deny aws:userid
// *:breakglass — the config's copy lacks D4.
// pay (520; stages prod, beta; beta serves a canary with GET /, /charges, ANY /files/{proxy+} and a
// NONE GET /debug): P0 organization on /prod/*; P1 Partner on /*/GET/* (spans `/`); P2 anyone on
// /*/GET/health (NONE on prod); P3 anyone on /beta/GET/debug; P4 Deny DELETE unless aws:SourceVpce
// is hub's; P5 Deny PayBatch on /*/*/files/*.
// ledger (530, v1; GET /health NONE, GET /admin CUSTOM with an allowing authorizer): L0 account 530
// (delegates: identity must allow); L1 organization on /v1/GET/*; L2 anyone on /*/GET/health; L3
// Deny NotPrincipal {530 root, PartnerAdmin, PartnerAdmin/padmin} on GET /admin.
// tools (510, prod): T0 account 510 on /prod/* (delegates); T1 Deny POST for tag team dev; T3
// organization on /prod/GET/*. No health route.
// Cross account: identity and resource must both allow; same account: either suffices.
// ---------------------------------------------------------------------------------------------

const { compare, expected } = truthChecks(auditorTruth('auditor3'));

describeAuditorModes(
  'the third auditor world in %s mode',
  'auditor3',
  { compare, expected, disagreements: 4 },
  (_mode, run) => {
    it('a witness observed as a configured role really got through; otherwise it says why not', () => {
      const witnesses = run().doc.cells.filter((c: any) => /counterexample witness/.test(c.note ?? ''));
      expect(witnesses.length).toBe(6);
      for (const w of witnesses) {
        expect(w.predicted.decision, w.scenario).toBe('allow');
        if (w.observed) expect(w.observed.outcome, w.scenario).toBe('allowed');
        else expect(w.note, w.scenario).toMatch(/not observable: /);
        // Dev and Ext (540000000004, organization not stated) never stand for an outsider.
        expect(w.note).not.toMatch(/(observed|predicted) as (Dev|Ext),/);
      }
    });
  },
);

describeAddressing(
  'the third auditor world’s routing',
  'auditor3',
  'hub (the runner’s VPC) is addressed by private DNS, dr (another VPC, private DNS too) by its own name',
  { hub: 'private-dns', dr: 'endpoint-host' },
);
