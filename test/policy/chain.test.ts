// The authorization chain: endpoint policy -> auth type -> resource + identity policies, with the
// same-account / cross-account table of reference/aws-behaviour.md.
import { describe, expect, it } from 'vitest';
import { authorizeCall, parsePolicy, type ChainInput, type CompiledPolicy } from '../../src/policy/index.js';
import { apiRequest, HUB, SPOKE } from './helpers.js';

const API = `arn:aws:execute-api:us-west-2:${SPOKE}:a1b2c3d4e5/*`;
const sameRole = `arn:aws:iam::${SPOKE}:role/LocalRole`;
const crossRole = `arn:aws:iam::${HUB}:role/CheckoutRole`;

const policy = (name: string, statements: object[]): CompiledPolicy =>
  parsePolicy({ Version: '2012-10-17', Statement: statements }, { name });

// An AWS_IAM call by the caller through the given layers.
const signed = (layers: Omit<ChainInput, 'authorizationType'>, caller: Parameters<typeof apiRequest>[0]) =>
  authorizeCall({ authorizationType: 'AWS_IAM', ...layers }, apiRequest(caller));

const identity = {
  allow: policy('identity', [
    { Sid: 'IdAllow', Effect: 'Allow', Action: 'execute-api:Invoke', Resource: API },
  ]),
  neither: policy('identity', [
    {
      Effect: 'Allow',
      Action: 'execute-api:Invoke',
      Resource: `arn:aws:execute-api:us-west-2:${SPOKE}:zzzzzzzzzz/*`,
    },
  ]),
  deny: policy('identity', [
    { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: API },
    { Sid: 'IdDeny', Effect: 'Deny', Action: 'execute-api:Invoke', Resource: API },
  ]),
};
const resource = (role: string) => ({
  allow: policy('resource', [
    {
      Sid: 'ResAllow',
      Effect: 'Allow',
      Principal: { AWS: role },
      Action: 'execute-api:Invoke',
      Resource: API,
    },
  ]),
  neither: policy('resource', [
    {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${SPOKE}:role/Nobody` },
      Action: 'execute-api:Invoke',
      Resource: API,
    },
  ]),
  deny: policy('resource', [
    { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: API },
    { Sid: 'ResDeny', Effect: 'Deny', Principal: { AWS: role }, Action: 'execute-api:Invoke', Resource: API },
  ]),
});

type Verdict = 'allow' | 'implicit' | 'deny';
// identity | resource | same account | cross account  (reference/aws-behaviour.md)
const TABLE: [keyof typeof identity, 'allow' | 'neither' | 'deny', Verdict, Verdict][] = [
  ['allow', 'allow', 'allow', 'allow'],
  ['allow', 'neither', 'allow', 'implicit'],
  ['allow', 'deny', 'deny', 'deny'],
  ['neither', 'allow', 'allow', 'implicit'],
  ['neither', 'neither', 'implicit', 'implicit'],
  ['neither', 'deny', 'deny', 'deny'],
  ['deny', 'allow', 'deny', 'deny'],
  ['deny', 'neither', 'deny', 'deny'],
  ['deny', 'deny', 'deny', 'deny'],
];

function verdict(d: ReturnType<typeof authorizeCall>): Verdict {
  return d.decision === 'allow' ? 'allow' : d.detail === 'ExplicitDeny' ? 'deny' : 'implicit';
}

describe('authorization table (AWS_IAM)', () => {
  for (const [id, res, same, cross] of TABLE) {
    for (const [where, role, expected] of [
      ['same account', sameRole, same],
      ['cross account', crossRole, cross],
    ] as const) {
      it(`identity ${id}, resource ${res}, ${where} -> ${expected}`, () => {
        const chain: ChainInput = {
          authorizationType: 'AWS_IAM',
          resourcePolicy: resource(role)[res],
          identityPolicies: [identity[id]],
        };
        const d = authorizeCall(chain, apiRequest(role));
        expect(verdict(d)).toBe(expected);
        if (expected === 'allow') expect(d.layer).toBeNull();
        if (expected === 'deny') {
          expect(d.layer).toBe(res === 'deny' ? 'resource' : 'identity');
          expect(d.statements.map((s) => s.sid)).toEqual([res === 'deny' ? 'ResDeny' : 'IdDeny']);
        }
        if (expected === 'implicit') expect(d.statements).toEqual([]);
        expect(d.layers.map((l) => l.layer)).toEqual(['resource', 'identity']);
      });
    }
  }
});

describe('account principals in a resource policy delegate to the account', () => {
  // A resource policy whose one statement allows the principal to invoke the API.
  const invokeFor = (principal: string, sid: { Sid?: string } = {}) =>
    policy('resource', [
      { ...sid, Effect: 'Allow', Principal: { AWS: principal }, Action: 'execute-api:Invoke', Resource: API },
    ]);
  for (const name of [SPOKE, `arn:aws:iam::${SPOKE}:root`]) {
    const res = invokeFor(name, { Sid: 'ToAccount' });
    it(`${name}: same account needs the identity policy to allow`, () => {
      const allow = signed({ resourcePolicy: res, identityPolicies: [identity.allow] }, sameRole);
      expect(allow.decision).toBe('allow');
      const silent = signed({ resourcePolicy: res, identityPolicies: [identity.neither] }, sameRole);
      expect(silent).toMatchObject({ decision: 'deny', detail: 'ImplicitDeny', layer: 'identity' });
      expect(silent.explanation.join('\n')).toMatch(/delegates/);
    });
  }
  it('an account principal of another account does not match at all', () => {
    const res = invokeFor(SPOKE);
    const d = signed({ resourcePolicy: res, identityPolicies: [identity.allow] }, crossRole);
    expect(d).toMatchObject({ decision: 'deny', layer: 'resource' });
  });
  it('cross account: the hub account named in the resource policy plus an identity allow', () => {
    const res = invokeFor(`arn:aws:iam::${HUB}:root`);
    expect(signed({ resourcePolicy: res, identityPolicies: [identity.allow] }, crossRole).decision).toBe(
      'allow',
    );
    expect(signed({ resourcePolicy: res, identityPolicies: [identity.neither] }, crossRole).decision).toBe(
      'deny',
    );
  });
});

describe('endpoint policy', () => {
  const endpoint = policy('endpoint', [
    {
      Sid: 'OnlyCheckout',
      Effect: 'Allow',
      Principal: { AWS: crossRole },
      Action: 'execute-api:Invoke',
      Resource: API,
    },
  ]);
  const open = policy('resource', [
    { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: API },
  ]);

  it('a deny there ends the call before the resource policy', () => {
    const d = signed({ endpointPolicy: endpoint, resourcePolicy: open }, `arn:aws:iam::${HUB}:role/Other`);
    expect(d).toMatchObject({ decision: 'deny', detail: 'ImplicitDeny', layer: 'endpoint', statements: [] });
    expect(d.layers.map((l) => l.layer)).toEqual(['endpoint']);
  });
  it('an explicit deny there names the statement', () => {
    const ep = policy('endpoint', [
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
      {
        Sid: 'NoOther',
        Effect: 'Deny',
        Principal: '*',
        Action: '*',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:PrincipalAccount': HUB } },
      },
    ]);
    const d = signed({ endpointPolicy: ep }, sameRole);
    expect(d).toMatchObject({
      decision: 'deny',
      detail: 'ExplicitDeny',
      layer: 'endpoint',
      statements: [{ policy: 'endpoint', index: 1, sid: 'NoOther' }],
    });
  });
  it('an account principal there admits the account (it only filters)', () => {
    const ep = policy('endpoint', [{ Effect: 'Allow', Principal: { AWS: HUB }, Action: '*', Resource: '*' }]);
    const d = signed({ endpointPolicy: ep, resourcePolicy: open }, crossRole);
    expect(d.decision).toBe('allow');
  });
  it('the allowing statements of every layer are listed', () => {
    const d = signed(
      {
        endpointPolicy: endpoint,
        resourcePolicy: resource(crossRole).allow,
        identityPolicies: [identity.allow],
      },
      crossRole,
    );
    expect(d.decision).toBe('allow');
    expect(d.statements.map((s) => `${s.policy}:${s.sid}`)).toEqual([
      'endpoint:OnlyCheckout',
      'resource:ResAllow',
      'identity:IdAllow',
    ]);
  });
});

describe('method authorization type', () => {
  const open = policy('resource', [
    { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: API },
  ]);
  const everyone = policy('endpoint', [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }]);

  it('AWS_IAM: an anonymous caller is denied as missing authentication, before the resource policy', () => {
    const d = signed({ endpointPolicy: everyone, resourcePolicy: open }, 'anonymous');
    // Authentication, not a policy: no layer denies it, and the reason says so.
    expect(d).toMatchObject({
      decision: 'deny',
      detail: 'ImplicitDeny',
      layer: null,
      reason: 'missing-auth',
    });
    expect(d.explanation.join('\n')).toMatch(/MissingAuthenticationToken/);
  });
  it('NONE: an anonymous caller passes on a resource policy that allows "*"', () => {
    const d = authorizeCall(
      { authorizationType: 'NONE', endpointPolicy: everyone, resourcePolicy: open },
      apiRequest('anonymous'),
    );
    expect(d.decision).toBe('allow');
  });
  it('NONE: identity policies are skipped, even an explicit deny', () => {
    const d = authorizeCall(
      { authorizationType: 'NONE', resourcePolicy: open, identityPolicies: [identity.deny] },
      apiRequest(crossRole),
    );
    expect(d.decision).toBe('allow');
    expect(d.layers.map((l) => l.layer)).toEqual(['resource']);
  });
  it('NONE: a signed caller is still identified, so named principals still count', () => {
    const named = policy('endpoint', [
      { Effect: 'Allow', Principal: { AWS: crossRole }, Action: '*', Resource: '*' },
    ]);
    expect(
      authorizeCall({ authorizationType: 'NONE', endpointPolicy: named }, apiRequest(crossRole)).decision,
    ).toBe('allow');
    expect(
      authorizeCall({ authorizationType: 'NONE', endpointPolicy: named }, apiRequest('anonymous')).decision,
    ).toBe('deny');
  });
  it('NONE: the resource policy still denies', () => {
    const d = authorizeCall(
      { authorizationType: 'NONE', resourcePolicy: resource(crossRole).deny },
      apiRequest(crossRole),
    );
    expect(d).toMatchObject({ decision: 'deny', detail: 'ExplicitDeny', layer: 'resource' });
  });
});

describe('layers not given are not evaluated', () => {
  it('evaluates nothing and allows when no layer is given (signed caller)', () => {
    const d = authorizeCall({ authorizationType: 'AWS_IAM' }, apiRequest(crossRole));
    expect(d.decision).toBe('allow');
    expect(d.layers).toEqual([]);
    expect(d.explanation.join('\n')).toMatch(/not given/);
  });
  it('identity alone decides when there is no resource policy', () => {
    expect(signed({ identityPolicies: [identity.neither] }, crossRole)).toMatchObject({
      decision: 'deny',
      layer: 'identity',
    });
  });
  it('resource alone decides when there are no identity policies', () => {
    expect(signed({ resourcePolicy: resource(crossRole).allow }, crossRole).decision).toBe('allow');
  });
  it('uses resourceAccount when given instead of the ARN', () => {
    const chain: ChainInput = {
      authorizationType: 'AWS_IAM',
      resourcePolicy: resource(crossRole).allow,
      identityPolicies: [identity.neither],
    };
    expect(authorizeCall(chain, apiRequest(crossRole)).decision).toBe('deny');
    expect(authorizeCall({ ...chain, resourceAccount: HUB }, apiRequest(crossRole)).decision).toBe('allow');
  });
});

describe('explanations and near misses', () => {
  it('serialises to JSON with layers and explanation', () => {
    const d = signed(
      { resourcePolicy: resource(crossRole).neither, identityPolicies: [identity.allow] },
      crossRole,
    );
    const json = JSON.parse(JSON.stringify(d)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['decision', 'detail', 'layer', 'statements', 'layers', 'explanation']);
    expect(json.explanation).toEqual(expect.arrayContaining([expect.stringMatching(/cross account/)]));
    const res = d.layers.find((l) => l.layer === 'resource')!;
    expect(res.decision.nearMisses).toEqual([
      expect.objectContaining({
        index: 0,
        element: 'Principal',
        reason: expect.stringMatching(
          /does not name arn:aws:sts::111111111111:assumed-role\/CheckoutRole\/spokegate/,
        ),
      }),
    ]);
  });
});

describe('identity policies given as an empty list (the caller has none)', () => {
  const open = policy('resource', [
    { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: API },
  ]);
  it('cross account: denied at the identity layer', () => {
    const d = signed({ resourcePolicy: open, identityPolicies: [] }, crossRole);
    expect(d).toMatchObject({ decision: 'deny', detail: 'ImplicitDeny', layer: 'identity' });
    expect(d.explanation.join('\n')).toMatch(/has none/);
  });
  it('same account: the resource policy suffices', () => {
    expect(signed({ resourcePolicy: open, identityPolicies: [] }, sameRole).decision).toBe('allow');
  });
});

describe('decision objects', () => {
  it('a spread copy carries the public fields only', () => {
    const d = signed(
      { resourcePolicy: resource(crossRole).allow, identityPolicies: [identity.allow] },
      crossRole,
    );
    const copy = { ...d };
    expect(Object.keys(copy).sort()).toEqual(['decision', 'detail', 'layer', 'layers', 'statements']);
    expect(JSON.stringify(copy)).not.toMatch(/"view"|"state"|"policy":\{/);
    expect(d.explanation.length).toBeGreaterThan(0);
  });
});
