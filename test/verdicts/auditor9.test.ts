// Issue 10 (lane H, fifteenth pass): a ninth auditor's world (test/fixtures/auditor9), unlike the
// first eight: aws:SourceVpce naming both endpoints in one grant; an endpoint owned by a spoke
// account; NotAction in an endpoint Allow and in a resource-policy Deny; NotResource in a Deny scoped
// by aws:PrincipalArn; ArnLike role-path wildcards (role/*ops/* matches role/devops/ too); Principal
// "*" with a StringNotEquals aws:PrincipalAccount list; aws:ResourceAccount beside
// aws:PrincipalAccount; aws:SecureTransport, aws:RequestedRegion, aws:CurrentTime and aws:EpochTime;
// NumericGreaterThanIfExists aws:MultiFactorAuthAge; a stage that is not the first; a role chain; a
// private API with no resource policy. Every cell, scenario and proof is derived by hand from the
// world's policies FIRST and then compared with spokegate in each run.
import { describeAuditorModes, modesFromFiles } from './auditor-world.js';
import { auditorTruth, truthChecks } from './auditor-truth.js';

// ---------------------------------------------------------------------------------------------
// The hand-derived truth (docs/aws-behaviour.md §3, §8, §11, §13, §30 and the "Authorization outcome
// rules"; IAM User Guide reference_policies_evaluation-logic (same account: the resource policy OR
// the identity policy; across accounts: both), reference_policies_elements_condition_operators (a
// negated operator on a missing key is true, a positive one false; ...IfExists holds on a missing
// key; ArnLike's * spans slashes within the resource part), reference_policies_elements_notaction
// and _notresource, reference_policies_condition-keys (aws:PrincipalAccount, aws:ResourceAccount,
// aws:SecureTransport, aws:RequestedRegion, aws:CurrentTime, aws:EpochTime, aws:MultiFactorAuthAge
// "present only when MFA was used")).
//
// Organization o-ninth99org = {610 hub, 620 books}, stated complete; 630 guest in o-other99org.
// Roles (identity): Ops = 610:role/platform/ops/Ops, Invoke *; Dev = 610:role/dev/Dev, Invoke *;
// Clerk = 620:role/Clerk, Invoke * and sts:AssumeRole on Chained; Chained = 620:role/ops/Chained,
// GETs only, assumed with Clerk's session (role chaining); Outsider = 630:role/devops/Outsider,
// Invoke *.
//
// hub (610, the runner's VPC): H1 anyone of the organization, NotAction ManageConnections (so Invoke
// too); H2 anyone on ledger's GET /status (prod) and books' GET /books (canary) when
// aws:SecureTransport is true; H3 Deny outside eu-north-1 (aws:RequestedRegion: never); H4 Deny
// after 2099 (aws:CurrentTime: never).
// edge (620, another VPC, its own DNS name): G1 ArnLike aws:PrincipalArn arn:aws:iam::*:role/*ops/*
// until 2100 (Ops, Chained, and Outsider's role/devops/); G2 620's root (every 620 principal); G3
// Deny before epoch 1700000000 (never); G4 Deny PUT on ledger.
// books (620, stages live and canary; canary configured; GET /books is NONE): K1 anyone through
// either endpoint (aws:SourceVpce); K2 Deny StringNotEquals aws:PrincipalAccount [610, 620] (an
// anonymous caller has no such key: the Deny applies); K3 Deny NotResource .../*/GET/* for role/dev/*
// (Dev only reads); K4 Deny DELETE when NumericGreaterThanIfExists aws:MultiFactorAuthAge 900 (no
// MFA: every role session); K5 Deny the live stage.
// ledger (610, prod; GET /status is NONE): L1 anyone whose aws:PrincipalAccount and whose
// aws:ResourceAccount are 610 (every 610 principal); L2 620's GETs when aws:ResourceAccount is 620
// (never); L3 Outsider's GET /entries; L4 Deny NotAction Invoke (not Invoke); L5 Deny POST without
// TLS (never); L6 anyone on GET /status over TLS.
// vault (610): private, no resource policy: every call refused.
// ---------------------------------------------------------------------------------------------

const MODES = modesFromFiles(['hub', 'edge'], ['books', 'ledger', 'vault'], {
  // One template per account: the hub endpoint, ledger and vault in 610; edge and books in 620
  // (books' grant names edge by !Ref, the other endpoint by a parameter).
  'offline from CloudFormation templates': {
    hub: 'cfn-hub.yaml',
    edge: 'cfn-books.yaml',
    books: 'cfn-books.yaml',
    ledger: 'cfn-hub.yaml',
    vault: 'cfn-hub.yaml',
  },
});

describeAuditorModes(
  'the ninth auditor world in %s',
  'auditor9',
  { ...truthChecks(auditorTruth('auditor9')), disagreements: 0 },
  undefined,
  MODES,
);
