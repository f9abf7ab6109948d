// Keys only a service-to-service call carries (aws:SourceAccount, aws:SourceArn, aws:SourceOrgID,
// aws:SourceOrgPaths; aws:CalledVia, aws:CalledViaFirst, aws:CalledViaLast) are absent from every
// call through the endpoint: the IAM condition-keys page gives each "included in the request context
// only if accessing a resource triggers an AWS service to call another service on behalf of the
// resource owner" (the Source keys) or "not present when the principal makes the call directly"
// (the CalledVia keys), and a caller in the VPC calls directly (aws:ViaAWSService false, which the
// engine fixes; docs/aws-behaviour.md §8). Before, who-can split them like free request keys:
// classes such as "aws:SourceAccount is "555555555555" (not known offline)" that no request falls in.
import { describe, expect, it } from 'vitest';
import { decide, whoCan } from '../../src/analysis/index.js';
import { checkComplete } from './random-requests.js';
import { allow, ANYONE, deny, openAll, R222 } from './hidden-style.js';
import { smallWorld } from './helpers.js';

const SERVICE_WORDS = /Source(Account|Arn|Org)|CalledVia|not known offline/;
const SERVICE_CONDITIONS = [
  { StringEquals: { 'aws:SourceAccount': '555555555555' } },
  { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:us-west-2:555555555555:*' } },
  { StringEquals: { 'aws:SourceOrgID': 'o-a1b2c3d4e5' } },
  { 'ForAnyValue:StringLike': { 'aws:SourceOrgPaths': 'o-a1b2c3d4e5/*' } },
  { 'ForAnyValue:StringEquals': { 'aws:CalledVia': 'athena.amazonaws.com' } },
  { StringEquals: { 'aws:CalledViaFirst': 'cloudformation.amazonaws.com' } },
  { StringEquals: { 'aws:CalledViaLast': 'kms.amazonaws.com' } },
];

describe('who-can over keys only a service-to-service call carries', () => {
  it.each(SERVICE_CONDITIONS)(
    'an Allow needing %j lets in by itself nobody, and nothing is unknown offline',
    (cond) => {
      const world = smallWorld([openAll], [allow('Service', ANYONE, cond)]);
      // Only the caller's own identity policies (unknown here) can let a principal of 222 in.
      expect(decide(world, R222, { unknownIdentity: 'silent' }).decision).toBe('deny');
      const who = whoCan(world);
      const all = who.classes.map((c) => `${c.description} ${JSON.stringify(c.witness)}`).join('\n');
      expect(all).not.toMatch(SERVICE_WORDS);
      // (An account root holds every permission of its account: the API account's root needs no identity policy.)
      for (const c of who.classes)
        expect(c.ifIdentityAllows === true || c.witness.principal.kind === 'root', c.description).toBe(true);
      expect(who.unknowable).toEqual([]);
    },
  );

  it.each(SERVICE_CONDITIONS)(
    'a Deny with %j negated is decided with the key missing, in classes that never name it',
    (cond) => {
      const [op, body] = Object.entries(cond)[0]!;
      const negated = op.replace(/(String|Arn)(Equals|Like)/, '$1Not$2');
      const world = smallWorld([openAll], [openAll, deny('OnlyViaService', ANYONE, { [negated]: body })]);
      const who = whoCan(world);
      expect(who.unknowable).toEqual([]);
      const all = who.classes.map((c) => `${c.description} ${JSON.stringify(c.witness)}`).join('\n');
      expect(all).not.toMatch(SERVICE_WORDS);
      // A missing key makes a negated operator true (the Deny holds), but ForAnyValue false.
      const denied = !op.startsWith('ForAnyValue:');
      expect(decide(world, R222).decision).toBe(denied ? 'deny' : 'allow');
      expect(who.reportedClassesOf(R222).length > 0).toBe(!denied);
      if (denied) expect(who.classes.map((c) => c.description)).toEqual([]);
      checkComplete(world, 500);
    },
  );

  it('an Allow with IfExists on the key lets the caller in: the classes read without it', () => {
    const world = smallWorld(
      [openAll],
      [allow('FromOursIfAny', ANYONE, { StringEqualsIfExists: { 'aws:SourceAccount': '222222222222' } })],
    );
    expect(decide(world, R222).decision).toBe('allow');
    const who = whoCan(world);
    expect(who.reportedClassesOf(R222).length).toBeGreaterThan(0);
    const all = who.classes.map((c) => `${c.description} ${JSON.stringify(c.witness)}`).join('\n');
    expect(all).not.toMatch(SERVICE_WORDS);
    expect(who.unknowable).toEqual([]);
    checkComplete(world, 1_000);
  });
});
