// Issue 11 item 6: the engine refuses the documents AWS refuses, with the statement and the rule;
// lint reports the same rules from the same table (LINT_RULES[].refusedFor).
import { describe, expect, it } from 'vitest';
import {
  LINT_RULES,
  lintPolicyText,
  parsePolicy,
  PolicyError,
  type PolicyKind,
} from '../../src/policy/index.js';
import { invokeAllow } from './helpers.js';

const API = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/*';
const allow = invokeAllow('A', API);
const { Principal: _p, ...identityAllow } = allow;

function refusal(doc: object | string, kind?: PolicyKind): PolicyError {
  try {
    parsePolicy(doc, { name: 'p', file: 'p.json' }, kind ? { kind } : {});
  } catch (e) {
    if (e instanceof PolicyError) return e;
    throw e;
  }
  throw new Error('accepted');
}
const accepts = (doc: object | string, kind?: PolicyKind) =>
  parsePolicy(doc, { name: 'p' }, kind ? { kind } : {}).document.Statement.length;
const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });

describe('Principal', () => {
  it('an endpoint or resource policy statement without Principal is refused (SG001)', () => {
    for (const kind of ['endpoint', 'resource'] as const) {
      const e = refusal(doc(allow, identityAllow), kind);
      expect(e.rule).toBe('SG001');
      expect(e.location.statement).toBe(1);
      expect(e.message).toMatch(/Statement\[1\].*Principal/);
    }
  });
  it('an identity policy with Principal or NotPrincipal is refused (SG009)', () => {
    expect(refusal(doc(allow), 'identity').rule).toBe('SG009');
    const { Principal, ...rest } = allow;
    expect(refusal(doc({ ...rest, Effect: 'Deny', NotPrincipal: Principal }), 'identity').rule).toBe('SG009');
    expect(accepts(doc(identityAllow), 'identity')).toBe(1);
  });
  it('without a kind, both shapes parse (evaluate --policy does not know the kind)', () => {
    expect(accepts(doc(allow, identityAllow))).toBe(2);
  });
});

describe('Resource', () => {
  const { Resource: _r, ...noResource } = allow;
  it('a statement without Resource or NotResource is refused for endpoint, resource and identity (SG008)', () => {
    expect(refusal(doc(noResource), 'endpoint').rule).toBe('SG008');
    expect(refusal(doc(noResource), 'resource').rule).toBe('SG008');
    const { Principal: _x, ...idNoResource } = noResource;
    expect(refusal(doc(idNoResource), 'identity').rule).toBe('SG008');
  });
  it('a trust policy needs none', () => {
    expect(accepts(doc({ ...noResource, Action: 'sts:AssumeRole' }), 'trust')).toBe(1);
  });
  it('a statement without Action or NotAction is refused whatever the kind', () => {
    const { Action: _a, ...noAction } = allow;
    expect(refusal(doc(noAction)).message).toMatch(/Action or NotAction/);
  });
});

describe('duplicate Sid', () => {
  it('is refused in an identity policy (IAM: "Statement IDs (SID) in a single policy must be unique")', () => {
    const e = refusal(doc(identityAllow, identityAllow), 'identity');
    expect(e.rule).toBe('SG018');
    expect(e.location.statement).toBe(1);
  });
  it('is a warning elsewhere', () => {
    expect(accepts(doc(allow, allow), 'endpoint')).toBe(2);
    const f = lintPolicyText(JSON.stringify(doc(allow, allow)), { name: 'p' }, 'endpoint').find(
      (x) => x.rule === 'SG018',
    );
    expect(f?.severity).toBe('warning');
  });
});

describe('duplicate JSON keys', () => {
  const text =
    '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": "*",\n      "Action": "execute-api:Invoke",\n      "Resource": "*",\n      "Effect": "Deny"\n    }\n  ]\n}\n';
  it('two "Effect"s are refused, naming the statement, the key and its line (SG021)', () => {
    const e = refusal(text);
    expect(e.rule).toBe('SG021');
    expect(e.location).toMatchObject({ statement: 0, element: 'Effect', line: 9, column: 7 });
    expect(e.message).toMatch(/p\.json: line 9: Statement\[0\] Effect: .*"Effect".*line 5/);
  });
  it('also at the top level and inside a Condition', () => {
    expect(refusal('{"Statement": [], "Statement": []}').location).toMatchObject({
      element: 'Statement',
      line: 1,
    });
    const c = JSON.stringify(
      doc({ ...allow, Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } }),
    ).replace('"aws:SourceVpce":"vpce-1"', '"aws:SourceVpce":"vpce-1","aws:SourceVpce":"vpce-2"');
    expect(refusal(c).location).toMatchObject({
      statement: 0,
      element: 'Condition.StringEquals.aws:SourceVpce',
    });
  });
  it('lint reports it as a finding', () => {
    expect(lintPolicyText(text, { name: 'p' }, 'endpoint').map((f) => f.rule)).toContain('SG021');
  });
});

describe('size limits', () => {
  const big = (n: number) =>
    doc(
      ...Array.from({ length: n }, (_, i) => ({
        ...allow,
        Sid: `S${i}`,
        Resource: `arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/GET/${'x'.repeat(150)}${i}`,
      })),
    );
  it('an endpoint policy over 20,480 characters is refused (SG002)', () => {
    const text = JSON.stringify(big(80), null, 2);
    expect(text.length).toBeGreaterThan(20_480);
    expect(refusal(text, 'endpoint').rule).toBe('SG002');
  });
  it('an identity policy over 10,240 non-whitespace characters is refused (SG002)', () => {
    const d = big(40) as { Statement: Record<string, unknown>[] };
    for (const s of d.Statement) delete s.Principal;
    const text = JSON.stringify(d);
    expect(text.replace(/\s/g, '').length).toBeGreaterThan(10_240);
    expect(refusal(text, 'identity').rule).toBe('SG002');
    expect(accepts(JSON.stringify(doc(identityAllow), null, 8), 'identity')).toBe(1);
  });
  it('a resource policy over the default 8,192-character quota is a warning (the quota can be raised)', () => {
    const text = JSON.stringify(big(40));
    expect(text.length).toBeGreaterThan(8_192);
    expect(accepts(text, 'resource')).toBe(40);
    const f = lintPolicyText(text, { name: 'p' }, 'resource').find((x) => x.rule === 'SG002');
    expect(f?.severity).toBe('warning');
  });
});

describe('one table', () => {
  it('every rule that AWS refuses is an error finding for those kinds', () => {
    const refused = LINT_RULES.filter((r) => r.refusedFor.length > 0).map((r) => r.id);
    expect(refused).toEqual(
      expect.arrayContaining([
        'SG000',
        'SG001',
        'SG002',
        'SG003',
        'SG004',
        'SG008',
        'SG009',
        'SG018',
        'SG021',
      ]),
    );
    const f = lintPolicyText(
      JSON.stringify(doc(identityAllow, identityAllow)),
      { name: 'p' },
      'identity',
    ).find((x) => x.rule === 'SG018');
    expect(f?.severity).toBe('error');
  });
});
