// Property tests (fast-check): monotonicity of Deny, and the hand-written matchers against
// reference implementations (RegExp for wildcards, net.BlockList for CIDR).
import fc from 'fast-check';
import { BlockList } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseCidr, ipInCidr } from '../../src/policy/conditions/ip.js';
import {
  lintPolicyText,
  PolicyError,
  authorizeCall,
  evaluatePolicy,
  parsePolicy,
  principalFromArn,
  requestContext,
} from '../../src/policy/index.js';
import { compileWildcard, ResourceMatcher, wildcardSource } from '../../src/policy/wildcard.js';
import { ContextView } from '../../src/policy/context.js';
import { statementApplies } from '../../src/policy/evaluate.js';
import type { Policy } from '../../src/policy/parse.js';

const roles = [
  'arn:aws:iam::111111111111:role/A',
  'arn:aws:iam::111111111111:role/B',
  'arn:aws:iam::222222222222:role/C',
];
const apis = ['api1', 'api2'];

const principalArb = fc.oneof(
  fc.constant('*' as unknown),
  fc.constant({ AWS: '*' }),
  fc.subarray(roles, { minLength: 1 }).map((r) => ({ AWS: r })),
  fc.constantFrom({ AWS: '111111111111' }, { AWS: 'arn:aws:iam::222222222222:root' }),
);
const resourceArb = fc.constantFrom(
  '*',
  'arn:aws:execute-api:us-west-2:222222222222:api1/*',
  'arn:aws:execute-api:us-west-2:222222222222:api2/prod/GET/*',
  'arn:aws:execute-api:*:*:*/*/POST/*',
  'execute-api:/*',
);
const conditionArb = fc.option(
  fc.constantFrom(
    { StringEquals: { 'aws:SourceVpce': 'vpce-1' } },
    { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } },
    { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/*' } },
    { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a'] } },
    { NumericLessThan: { n: '5' } },
    { Null: { 'aws:PrincipalOrgID': 'true' } },
  ),
  { nil: undefined },
);
const statementArb = (effect: fc.Arbitrary<'Allow' | 'Deny'>) =>
  fc
    .record({
      effect,
      principal: principalArb,
      action: fc.constantFrom('execute-api:Invoke', '*', 'execute-api:*', 's3:Get*'),
      resource: resourceArb,
      condition: conditionArb,
    })
    .map((s) => ({
      Effect: s.effect,
      Principal: s.principal,
      Action: s.action,
      Resource: s.resource,
      ...(s.condition ? { Condition: s.condition } : {}),
    }));
const policyArb = fc.array(statementArb(fc.constantFrom('Allow', 'Deny')), { maxLength: 6 });
const requestArb = fc
  .record({
    who: fc.constantFrom(...roles, 'anonymous'),
    api: fc.constantFrom(...apis),
    method: fc.constantFrom('GET', 'POST'),
    vpce: fc.constantFrom('vpce-1', 'vpce-2'),
    n: fc.integer({ min: 0, max: 10 }),
    tags: fc.subarray(['a', 'b']),
  })
  .map((r) =>
    requestContext(
      principalFromArn(r.who),
      {
        region: 'us-west-2',
        account: '222222222222',
        apiId: r.api,
        stage: 'prod',
        method: r.method,
        path: '/x',
        sourceVpce: r.vpce,
      },
      { context: { n: r.n, 'aws:TagKeys': r.tags } },
    ),
  );

const compile = (sts: object[]) => parsePolicy({ Version: '2012-10-17', Statement: sts }, { name: 'p' });

describe('adding a Deny never turns a deny into an allow', () => {
  it('in one policy', () => {
    fc.assert(
      fc.property(policyArb, statementArb(fc.constant('Deny')), requestArb, (sts, deny, req) => {
        const before = evaluatePolicy(compile(sts), req).kind;
        const after = evaluatePolicy(compile([...sts, deny]), req).kind;
        if (before !== 'Allowed') expect(after).not.toBe('Allowed');
        if (before === 'ExplicitDeny') expect(after).toBe('ExplicitDeny');
      }),
      { numRuns: 400 },
    );
  });
  it('in any layer of the chain', () => {
    fc.assert(
      fc.property(
        policyArb,
        policyArb,
        policyArb,
        statementArb(fc.constant('Deny')),
        fc.constantFrom(0, 1, 2),
        fc.constantFrom('AWS_IAM', 'NONE') as fc.Arbitrary<'AWS_IAM' | 'NONE'>,
        requestArb,
        (e, r, i, deny, where, auth, req) => {
          const layers = [e, r, i.map((s) => ({ ...s, Principal: undefined }))];
          const chain = (ls: object[][]) => ({
            authorizationType: auth,
            endpointPolicy: compile(ls[0]!),
            resourcePolicy: compile(ls[1]!),
            identityPolicies: [compile(ls[2]!)],
          });
          const before = authorizeCall(chain(layers), req).decision;
          const more = layers.map((l, k) =>
            k === where ? [...l, where === 2 ? { ...deny, Principal: undefined } : deny] : l,
          );
          const after = authorizeCall(chain(more), req).decision;
          if (before === 'deny') expect(after).toBe('deny');
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the statement index never drops a statement', () => {
  it('evaluatePolicy equals a plain loop over every statement', () => {
    fc.assert(
      fc.property(policyArb, requestArb, (sts, req) => {
        const policy = compile(sts) as Policy;
        const view = new ContextView(req);
        const applying = policy.statements.filter((st) => statementApplies(st, view) !== 'none');
        const denies = applying.filter((st) => st.effect === 'Deny').map((st) => st.ref);
        const allows = applying.filter((st) => st.effect === 'Allow').map((st) => st.ref);
        const d = evaluatePolicy(policy, req);
        if (denies.length) expect(d).toMatchObject({ kind: 'ExplicitDeny', statements: denies });
        else if (allows.length) expect(d).toMatchObject({ kind: 'Allowed', statements: allows });
        else expect(d.kind).toBe('ImplicitDeny');
      }),
      { numRuns: 500 },
    );
  });
});

describe('matchers agree with reference implementations', () => {
  const alphabet = fc.constantFrom('a', 'b', ':', '/', '*', '?', '.');
  it('wildcards match like an anchored RegExp', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: alphabet, maxLength: 8 }),
        fc.string({ unit: fc.constantFrom('a', 'b', ':', '/', '.', '*'), maxLength: 10 }),
        (pattern, value) => {
          const re = new RegExp(`^${wildcardSource(pattern)}$`);
          expect(compileWildcard(pattern).test(value)).toBe(re.test(value));
        },
      ),
      { numRuns: 2000 },
    );
  });
  it('Resource matchers (API-key and head index) match like the plain wildcard', () => {
    const part = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?'), minLength: 1, maxLength: 3 });
    const arnish = fc
      .tuple(part, part, part, part)
      .map(([a, b, c, d]) => `arn:aws:execute-api:${a}:${b}:${c}/${d}`);
    const value = fc
      .tuple(
        fc.stringMatching(/^[ab]{1,3}$/),
        fc.stringMatching(/^[ab]{1,3}$/),
        fc.stringMatching(/^[ab]{1,3}$/),
        fc.stringMatching(/^[ab/]{0,4}$/),
      )
      .map(([a, b, c, d]) => `arn:aws:execute-api:${a}:${b}:${c}/${d}`);
    fc.assert(
      fc.property(fc.oneof(arnish, fc.constant('*')), value, (pattern, v) => {
        const view = new ContextView({
          principal: { kind: 'anonymous' },
          action: 'a:b',
          resource: v,
          context: {},
        });
        expect(new ResourceMatcher(pattern).test(v, view)).toBe(compileWildcard(pattern).test(v));
      }),
      { numRuns: 2000 },
    );
  });
  it('CIDR matching agrees with net.BlockList', () => {
    const v4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
    const v6 = fc
      .array(fc.nat(0xffff), { minLength: 8, maxLength: 8 })
      .map((g) => g.map((x) => x.toString(16)).join(':'));
    const v6short = fc
      .tuple(fc.nat(0xffff), fc.nat(0xffff))
      .map(([a, b]) => `2001:db8::${a.toString(16)}:${b.toString(16)}`);
    const mapped = v4.map((a) => `::ffff:${a}`);
    const addr = fc.oneof(v4, v6, v6short, mapped);
    fc.assert(
      fc.property(
        fc.oneof(
          v4.chain((a) => fc.nat(32).map((p) => [a, p] as const)),
          fc.oneof(v6, v6short).chain((a) => fc.nat(128).map((p) => [a, p] as const)),
        ),
        addr,
        ([net, prefix], ip) => {
          const list = new BlockList();
          const type = net.includes(':') ? 'ipv6' : 'ipv4';
          list.addSubnet(net, prefix, type);
          // The families do not mix (§17): net.BlockList lets IPv4 and IPv4-mapped IPv6 meet.
          const sameFamily = ip.includes(':') === net.includes(':');
          const expected = sameFamily && list.check(ip, ip.includes(':') ? 'ipv6' : 'ipv4');
          expect(ipInCidr(ip, parseCidr(`${net}/${prefix}`))).toBe(expected);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('bad input never escapes as anything but a PolicyError', () => {
  const element = fc.oneof(
    fc.jsonValue(),
    fc.constantFrom(
      '*',
      'Allow',
      'Deny',
      'execute-api:Invoke',
      'arn:aws:iam::111111111111:role/R',
      { AWS: '*' },
      { StringEquals: { k: 'v' } },
    ),
  );
  const statement = fc.dictionary(
    fc.constantFrom(
      ...'Sid Effect Principal NotPrincipal Action NotAction Resource NotResource Condition Other'.split(' '),
    ),
    element,
  );
  const doc = fc.oneof(
    fc.jsonValue(),
    fc.record(
      {
        Version: fc.constantFrom('2012-10-17', '2008-10-17', 'x'),
        Statement: fc.oneof(statement, fc.array(statement, { maxLength: 3 })),
      },
      { requiredKeys: [] },
    ),
  );
  it('parsePolicy and lintPolicyText', () => {
    fc.assert(
      fc.property(doc, (d) => {
        try {
          parsePolicy(d as object, { name: 'p' });
        } catch (e) {
          expect(e).toBeInstanceOf(PolicyError);
        }
        const text = JSON.stringify(d) ?? 'null';
        for (const f of lintPolicyText(text, { name: 'p' }, 'endpoint')) expect(f.rule).toMatch(/^SG\d{3}$/);
      }),
      { numRuns: 1000 },
    );
  });
});
