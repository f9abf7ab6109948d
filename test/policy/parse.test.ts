// Validation: invalid policies are rejected with an error naming the statement and the element.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parsePolicy, PolicyError } from '../../src/policy/index.js';

const ok = { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' };

function error(input: string | object): PolicyError {
  try {
    parsePolicy(input, { name: 'endpoint:hub', file: 'policy.json' });
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyError);
    expect(e).toBeInstanceOf(InputError);
    return e as PolicyError;
  }
  throw new Error('expected a PolicyError');
}

describe('parsePolicy', () => {
  it('accepts a Statement object or array, and text or objects', () => {
    expect(parsePolicy({ Statement: ok }, { name: 'a' }).document.Statement).toHaveLength(1);
    expect(
      parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: [ok, ok] }), { name: 'a' }).document
        .Statement,
    ).toHaveLength(2);
  });

  it.each([
    ['malformed JSON', '{"Statement": [', /invalid JSON at column \d+: unexpected end of input/, undefined],
    [
      'wrong Effect casing',
      { Statement: [ok, { ...ok, Sid: 'Bad', Effect: 'allow' }] },
      /Effect must be "Allow" or "Deny"/,
      'Statement[1] (Sid "Bad") Effect',
    ],
    [
      'missing Effect',
      { Statement: [{ Principal: '*', Action: '*', Resource: '*' }] },
      /Effect is missing/,
      'Statement[0] Effect',
    ],
    [
      'Principal a bare ARN',
      { Statement: [{ ...ok, Principal: 'arn:aws:iam::111111111111:role/R' }] },
      /bare string/,
      'Statement[0] Principal',
    ],
    [
      'wildcard in a principal ARN',
      { Statement: [{ ...ok, Sid: 'W', Principal: { AWS: 'arn:aws:iam::111111111111:role/*' } }] },
      /wildcard/,
      'Statement[0] (Sid "W") Principal',
    ],
    [
      'unknown operator',
      { Statement: [{ ...ok, Condition: { StringEqualz: { 'aws:SourceVpce': 'v' } } }] },
      /unknown condition operator "StringEqualz"/,
      'Statement[0] Condition.StringEqualz',
    ],
    [
      'Null with IfExists',
      { Statement: [{ ...ok, Condition: { NullIfExists: { k: 'true' } } }] },
      /unknown condition operator/,
      undefined,
    ],
    [
      'bad set qualifier',
      { Statement: [{ ...ok, Condition: { 'ForSomeValues:StringEquals': { k: 'v' } } }] },
      /unknown condition operator/,
      undefined,
    ],
    [
      'Principal and NotPrincipal',
      { Statement: [{ ...ok, NotPrincipal: { AWS: '111111111111' } }] },
      /both Principal and NotPrincipal/,
      undefined,
    ],
    [
      'no Action',
      { Statement: [{ Effect: 'Allow', Principal: '*', Resource: '*' }] },
      /needs Action or NotAction/,
      undefined,
    ],
    [
      'Action and NotAction',
      { Statement: [{ ...ok, NotAction: 'x:y' }] },
      /both Action and NotAction/,
      undefined,
    ],
    [
      'an action without a service',
      { Statement: [{ ...ok, Action: 'Invoke' }] },
      /not an action/,
      'Statement[0] Action',
    ],
    [
      'a resource that is not an ARN',
      { Statement: [{ ...ok, Resource: 'orders' }] },
      /not a resource ARN/,
      undefined,
    ],
    ['unknown element', { Statement: [{ ...ok, Actions: 'x:y' }] }, /unknown element "Actions"/, undefined],
    ['element in the wrong case', { Statement: [{ ...ok, effect: 'Allow' }] }, /case-sensitive/, undefined],
    ['bad Version', { Version: '2012-10-18', Statement: [ok] }, /Version must be/, undefined],
    ['no Statement', { Version: '2012-10-17' }, /no Statement/, undefined],
    ['not an object', '[1,2]', /JSON object/, undefined],
    [
      'a bad number',
      { Statement: [{ ...ok, Condition: { NumericLessThan: { k: 'ten' } } }] },
      /not a number/,
      undefined,
    ],
    [
      'a bad CIDR',
      { Statement: [{ ...ok, Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/33' } } }] },
      /prefix length/,
      undefined,
    ],
    [
      'a bad date',
      { Statement: [{ ...ok, Condition: { DateLessThan: { 'aws:CurrentTime': 'tomorrow' } } }] },
      /not an ISO 8601 date/,
      undefined,
    ],
    [
      'a condition value that is an object',
      { Statement: [{ ...ok, Condition: { StringEquals: { k: { a: 1 } } } }] },
      /must be a string/,
      undefined,
    ],
  ])('rejects %s', (_name, input, message, field) => {
    const e = error(input as string | object);
    expect(e.message).toMatch(message);
    expect(e.message).toContain('policy.json');
    if (field) expect(e.message).toContain(field);
  });

  it('gives the line of a JSON syntax error', () => {
    const e = error('{\n  "Statement": [\n    {"Effect": "Allow",,}\n  ]\n}');
    expect(e.message).toMatch(/line 3/);
  });

  it('reports unknown operators as SG004 for lint', () => {
    expect(error({ Statement: [{ ...ok, Condition: { Foo: { k: 'v' } } }] }).rule).toBe('SG004');
  });
});
