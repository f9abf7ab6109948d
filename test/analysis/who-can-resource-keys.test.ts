// The resource keys of an execute-api call are facts of the API, not of the request
// (docs/aws-behaviour.md §8, "Resource keys"): aws:ResourceAccount is the API's account (IAM's
// condition-keys page: "always included in the request context for most service actions", API
// Gateway not among the exceptions), aws:ResourceOrgID / aws:ResourceOrgPaths its account's
// organization and path (present "only if the account that owns the resource is a member of an
// organization"), and aws:ResourceTag/* is never there (API Gateway's execute-api has no ABAC: IAM's
// "AWS services that work with IAM" table; the key "is returned only for resources that support
// authorization based on tags"). Before, who-can split all four like free request keys: classes such
// as "aws:ResourceAccount is "555555555555" (not known offline)" that no request to the API falls
// in, while the engine left them out, so an Allow on the API's own account let nobody in.
import { describe, expect, it } from 'vitest';
import { decide, whoCan, type AnalysisWorld } from '../../src/analysis/index.js';
import { checkComplete } from './random-requests.js';
import { allow, ANYONE, deny, openAll, R222, role } from './hidden-style.js';
import { INVOKE, ORG, smallWorld, twoApis } from './helpers.js';

const RESOURCE_WORDS = /Resource(Account|Org|Tag)|not known offline/;
const text = (world: AnalysisWorld) =>
  whoCan(world)
    .classes.map((c) => `${c.description} ${JSON.stringify(c.witness)}`)
    .join('\n');

describe('who-can over the resource keys of the API', () => {
  it('aws:ResourceAccount is the API account: an Allow on it lets everyone in, on another account no one', () => {
    const own = smallWorld(
      [openAll],
      [allow('OwnAccount', ANYONE, { StringEquals: { 'aws:ResourceAccount': '222222222222' } })],
    );
    expect(decide(own, R222).decision).toBe('allow');
    expect(decide(own, R222, { unknownIdentity: 'silent' }).decision).toBe('allow');
    const who = whoCan(own);
    expect(who.unknowable).toEqual([]);
    expect(text(own)).not.toMatch(RESOURCE_WORDS);
    expect(who.reportedClassesOf(R222).length).toBeGreaterThan(0);
    checkComplete(own, 1_000);

    const other = smallWorld(
      [openAll],
      [allow('Other', ANYONE, { StringEquals: { 'aws:ResourceAccount': '555555555555' } })],
    );
    expect(decide(other, R222, { unknownIdentity: 'silent' }).decision).toBe('deny');
    expect(whoCan(other).unknowable).toEqual([]);
    expect(text(other)).not.toMatch(RESOURCE_WORDS);
    // Only the caller's own identity policies (in the API's account) or the root's let anyone in.
    for (const c of whoCan(other).classes)
      expect(c.ifIdentityAllows === true || c.witness.principal.kind === 'root', c.description).toBe(true);
  });

  it('a Deny unless aws:ResourceAccount is the API account denies no one (the data-perimeter shape)', () => {
    const world = smallWorld(
      [openAll, deny('Perimeter', ANYONE, { StringNotEquals: { 'aws:ResourceAccount': ['222222222222'] } })],
      [openAll],
    );
    expect(decide(world, R222).decision).toBe('allow');
    expect(text(world)).not.toMatch(RESOURCE_WORDS);
    expect(whoCan(world).unknowable).toEqual([]);
    checkComplete(world, 1_000);
  });

  it('aws:ResourceTag is never in an execute-api request: an Allow on it lets no one in by itself', () => {
    const world = smallWorld(
      [openAll],
      [allow('Tagged', ANYONE, { StringEquals: { 'aws:ResourceTag/team': 'orders' } })],
    );
    expect(decide(world, R222, { unknownIdentity: 'silent' }).decision).toBe('deny');
    const who = whoCan(world);
    expect(who.unknowable).toEqual([]);
    expect(text(world)).not.toMatch(RESOURCE_WORDS);
    checkComplete(world, 1_000);
    // A Deny when the tag is not "orders" holds for every call (a missing key makes it true).
    const denied = smallWorld(
      [openAll],
      [openAll, deny('NotTagged', ANYONE, { StringNotEquals: { 'aws:ResourceTag/team': 'orders' } })],
    );
    expect(whoCan(denied).classes).toEqual([]);
  });

  it('aws:ResourceOrgID is the organization the config states for the API account', () => {
    const member = smallWorld(
      [openAll, deny('InOrg', ANYONE, { StringNotEquals: { 'aws:ResourceOrgID': ORG } })],
      [openAll],
    );
    expect(decide(member, R222).decision).toBe('allow');
    expect(whoCan(member).unknowable).toEqual([]);
    expect(text(member)).not.toMatch(RESOURCE_WORDS);
    checkComplete(member, 1_000);
    // The API account stated to be in no organization: the key is missing, the Deny holds.
    const none = { ...member, memberships: { '222222222222': 'none' } };
    expect(decide(none, R222).decision).toBe('deny');
    expect(whoCan(none).classes).toEqual([]);
    expect(whoCan(none).unknowable).toEqual([]);
  });

  it('aws:ResourceOrgPaths is the path the config states for the API account', () => {
    const path = `${ORG}/r-ab12/ou-ab12-11111111/`;
    const world = {
      ...smallWorld(
        [openAll],
        [
          allow('InOu', ANYONE, {
            'ForAnyValue:StringLike': { 'aws:ResourceOrgPaths': `${ORG}/r-ab12/ou-ab12-11111111/*` },
          }),
        ],
      ),
      orgPaths: { '222222222222': path },
    };
    expect(decide(world, R222, { unknownIdentity: 'silent' }).decision).toBe('allow');
    expect(whoCan(world).unknowable).toEqual([]);
    expect(text(world)).not.toMatch(RESOURCE_WORDS);
    checkComplete(world, 1_000);
  });

  it('each API carries its own account: two APIs of two accounts, one principal asking both', () => {
    const onlyLedger = {
      Sid: 'OnlyLedgerAccount',
      Effect: 'Allow',
      Principal: '*',
      Action: INVOKE,
      Resource: '*',
      Condition: { StringEquals: { 'aws:ResourceAccount': '333333333333' } },
    };
    const world = twoApis([onlyLedger], [openAll], [openAll]);
    const principal = role('arn:aws:iam::222222222222:role/Any', 'wk');
    const at = (api: string) => ({ api, principal, method: 'GET', path: '/x' });
    // The same principal object asks both APIs, in both orders.
    expect(decide(world, at('orders')).decision).toBe('deny');
    expect(decide(world, at('ledger')).decision).toBe('allow');
    expect(decide(world, at('orders')).decision).toBe('deny');
    const who = whoCan(world);
    expect(who.classes.map((c) => c.api)).not.toContain('orders');
    expect(who.classes.map((c) => c.api)).toContain('ledger');
  });

  it("the API account's organization not stated: the key is split, and said to be unknown offline", () => {
    const base = smallWorld(
      [openAll, deny('InOrg', ANYONE, { StringNotEquals: { 'aws:ResourceOrgID': ORG } })],
      [openAll],
    );
    const world = { ...base, organization: { id: ORG, members: ['111111111111'] } };
    const who = whoCan(world);
    expect(who.unknowable.map((u) => u.key)).toEqual(['aws:ResourceOrgID']);
    expect(who.unknowable[0]!.why).toMatch(/organization of the API's account 222222222222/);
    const all = who.classes.map((c) => c.description).join('\n');
    expect(all).toMatch(/aws:ResourceOrgID is "o-a1b2c3d4e5" \(not known offline\)/);
  });
});
