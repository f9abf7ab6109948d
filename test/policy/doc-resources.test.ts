// Action/NotAction and Resource/NotResource, from AWS's documentation:
//   [A]  IAM User Guide, "IAM JSON policy elements: Action" / "NotAction" (case-insensitive, wildcards)
//   [R]  IAM User Guide, "IAM JSON policy elements: Resource" / "NotResource" (case-sensitive ARNs,
//        `*` and `?` within ARN segments, `*` in the resource part spans `/`)
//   [AG] API Gateway developer guide, "IAM policy examples for API execution permissions"
//        (api-gateway-iam-policy-examples-for-api-execution) and "API Gateway resource policy
//        examples" (apigateway-resource-policies-examples): arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/VERB/PATH,
//        and the short form execute-api:/STAGE/VERB/PATH for the API the resource policy belongs to
//   [M]  IAM: "MalformedPolicyDocument: Resource X must be in ARN format or "*"" (identity policies)
import { describe, expect, it } from 'vitest';
import { allowThenDeny, API_ID, HUB, outcome, RESOURCE, SPOKE, type Outcome } from './doc-cases.js';

const ROLE = `arn:aws:iam::${HUB}:role/CheckoutRole`;
const arn = (rest: string) => `arn:aws:execute-api:us-east-1:${SPOKE}:${API_ID}/${rest}`;
const allow = (el: object) => [
  { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*', ...el },
];

const actions: [doc: string, action: unknown, requested: string, expected: Outcome][] = [
  ['[A] exact action', 'execute-api:Invoke', 'execute-api:Invoke', 'Allowed'],
  ['[A] action names are case-insensitive', 'EXECUTE-API:invoke', 'execute-api:Invoke', 'Allowed'],
  ['[A] service wildcard', 'execute-api:*', 'execute-api:Invoke', 'Allowed'],
  ['[A] prefix wildcard', 'execute-api:Inv*', 'execute-api:Invoke', 'Allowed'],
  ['[A] ? wildcard', 'execute-api:Invok?', 'execute-api:Invoke', 'Allowed'],
  ['[A] "*" is every action', '*', 'execute-api:Invoke', 'Allowed'],
  ['[A] another action', 'execute-api:ManageConnections', 'execute-api:Invoke', 'ImplicitDeny'],
  ['[A] another service', 's3:*', 'execute-api:Invoke', 'ImplicitDeny'],
  ['[A] a list: any one matches', ['s3:GetObject', 'execute-api:Invoke'], 'execute-api:Invoke', 'Allowed'],
  ['[A] an action needs its service prefix', 'Invoke', 'execute-api:Invoke', 'refused'],
];

describe('Action [A]', () => {
  it.each(actions)('%s', (_doc, action, requested, expected) => {
    expect(outcome(allow({ Action: action }), { principal: ROLE, action: requested })).toBe(expected);
  });
  it('[A] NotAction: the statement applies to every other action', () => {
    const sts = [
      { Effect: 'Deny', Principal: '*', NotAction: 'execute-api:ManageConnections', Resource: '*' },
    ];
    expect(outcome(sts, { principal: ROLE })).toBe('ExplicitDeny');
    expect(outcome(sts, { principal: ROLE, action: 'execute-api:ManageConnections' })).toBe('ImplicitDeny');
  });
});

const resources: [doc: string, resource: unknown, requested: string, expected: Outcome][] = [
  ['[AG] the method ARN', arn('prod/GET/pets'), RESOURCE, 'Allowed'],
  ['[R] ARNs are case-sensitive (verb)', arn('prod/get/pets'), RESOURCE, 'ImplicitDeny'],
  ['[R] ARNs are case-sensitive (path)', arn('prod/GET/Pets'), RESOURCE, 'ImplicitDeny'],
  ['[AG] every method of the API: API/*', arn('*'), RESOURCE, 'Allowed'],
  [
    '[AG] any stage and verb: API/*/*/pets',
    `arn:aws:execute-api:*:*:${API_ID}/*/*/pets`,
    RESOURCE,
    'Allowed',
  ],
  ['[AG] POST only: API/test/POST/*', arn('prod/POST/*'), RESOURCE, 'ImplicitDeny'],
  ['[R] * spans / in the resource part', arn('prod/*'), arn('prod/GET/pets/1/toys'), 'Allowed'],
  ['[R] ? is exactly one character', arn('prod/GET/pet?'), RESOURCE, 'Allowed'],
  ['[R] ? is not zero characters', arn('prod/GET/pets?'), RESOURCE, 'ImplicitDeny'],
  ['[AG] the root path is the empty path', arn('prod/GET/'), arn('prod/GET/'), 'Allowed'],
  ['[AG] another API id', `arn:aws:execute-api:us-east-1:${SPOKE}:zzzzzzzzzz/*`, RESOURCE, 'ImplicitDeny'],
  ['[AG] another account', `arn:aws:execute-api:us-east-1:${HUB}:${API_ID}/*`, RESOURCE, 'ImplicitDeny'],
  ['[AG] another region', `arn:aws:execute-api:eu-west-1:${SPOKE}:${API_ID}/*`, RESOURCE, 'ImplicitDeny'],
  ['[R] "*" is every resource', '*', RESOURCE, 'Allowed'],
  ['[R] a list: any one matches', [arn('dev/*'), arn('prod/*')], RESOURCE, 'Allowed'],
  ['[R] wildcard region and account', `arn:aws:execute-api:*:*:${API_ID}/prod/GET/pets`, RESOURCE, 'Allowed'],
  // The short form names the policy's own API: any stage, verb and path below it as written.
  ['[AG] short form, the method', 'execute-api:/prod/GET/pets', RESOURCE, 'Allowed'],
  ['[AG] short form, every method', 'execute-api:/*', RESOURCE, 'Allowed'],
  ['[AG] short form, any stage', 'execute-api:/*/GET/pets', RESOURCE, 'Allowed'],
  ['[AG] short form, another stage', 'execute-api:/dev/GET/pets', RESOURCE, 'ImplicitDeny'],
  ['[AG] short form, another verb', 'execute-api:/prod/POST/*', RESOURCE, 'ImplicitDeny'],
  ['[AG] short form, * spans / in the path', 'execute-api:/prod/GET/*', arn('prod/GET/pets/1'), 'Allowed'],
  ['[AG] short form is case-sensitive', 'execute-api:/prod/get/pets', RESOURCE, 'ImplicitDeny'],
  ['[R] a resource that is no ARN', 'pets', RESOURCE, 'refused'],
];

describe('Resource [R] [AG]', () => {
  it.each(resources)('%s', (_doc, resource, requested, expected) => {
    expect(
      outcome(allow({ Resource: resource }), { principal: ROLE, resource: requested }, { kind: 'resource' }),
    ).toBe(expected);
  });
  it('[R] NotResource: the statement applies to every other resource', () => {
    const sts = allowThenDeny('*', { NotResource: arn('prod/GET/health') });
    expect(outcome(sts, { principal: ROLE })).toBe('ExplicitDeny');
    expect(outcome(sts, { principal: ROLE, resource: arn('prod/GET/health') })).toBe('Allowed');
  });
  it('[R] NotResource with the short form', () => {
    const sts = allowThenDeny('execute-api:/*', { NotResource: 'execute-api:/prod/GET/health' });
    expect(outcome(sts, { principal: ROLE }, { kind: 'resource' })).toBe('ExplicitDeny');
    expect(outcome(sts, { principal: ROLE, resource: arn('prod/GET/health') }, { kind: 'resource' })).toBe(
      'Allowed',
    );
  });
});

describe('the short form outside a resource policy [M] [AG]', () => {
  it('[M] an identity policy with execute-api:/… is refused (IAM: must be in ARN format)', () => {
    const sts = [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }];
    expect(outcome(sts, { principal: ROLE }, { kind: 'identity' })).toBe('refused');
  });
  it('[M] so is a NotResource in the short form', () => {
    const sts = [{ Effect: 'Deny', Action: 'execute-api:Invoke', NotResource: 'execute-api:/prod/*' }];
    expect(outcome(sts, { principal: ROLE }, { kind: 'identity' })).toBe('refused');
  });
  it('[AG] an endpoint policy belongs to no API: the short form there is refused, never "every API"', () => {
    const sts = [
      { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/prod/*' },
    ];
    expect(outcome(sts, { principal: ROLE }, { kind: 'endpoint' })).toBe('refused');
  });
  it('full ARNs and "*" stay accepted in identity and endpoint policies', () => {
    for (const kind of ['identity', 'endpoint'] as const) {
      const principal = kind === 'endpoint' ? { Principal: '*' } : {};
      const sts = [
        { Effect: 'Allow', ...principal, Action: 'execute-api:Invoke', Resource: [arn('*'), '*'] },
      ];
      expect(outcome(sts, { principal: ROLE }, { kind })).toBe('Allowed');
    }
  });
});
