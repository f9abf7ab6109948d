import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { loadPolicyFile, policiesFromCloudFormation } from '../../src/policy/sources/index.js';
import { errorOf, fixture, readFixture, tmpFile } from './helpers.js';

const BIND = {
  region: 'us-west-2',
  bindEndpoint: 'vpce-0123456789abcdef0',
  bindApis: { orders: 'a1b2c3d4e5' },
};

describe('CloudFormation YAML with short-form intrinsics', () => {
  const r = loadPolicyFile(fixture('hub-stack.yaml'), BIND);
  const endpoint = JSON.parse(r.endpoints[0]!.policyText) as { Statement: Record<string, unknown>[] };
  const orders = JSON.parse(r.resourcePolicies[0]!.policyText) as { Statement: Record<string, unknown>[] };

  it('finds the execute-api endpoint (ServiceName from !Sub with AWS::Region) and the API', () => {
    expect(r.format).toBe('cloudformation');
    expect(r.endpoints).toHaveLength(1);
    expect(r.endpoints[0]).toMatchObject({
      address: 'HubEndpoint',
      vpceId: 'vpce-0123456789abcdef0',
      serviceName: 'com.amazonaws.us-west-2.execute-api',
    });
    expect(r.resourcePolicies[0]).toMatchObject({
      address: 'OrdersApi',
      apiName: 'orders',
      apiId: 'a1b2c3d4e5',
    });
  });

  it('resolves !Sub, !Join, !FindInMap, !If with !Equals conditions and AWS::NoValue', () => {
    expect(endpoint.Statement[0]!.Principal).toEqual({
      AWS: [
        'arn:aws:iam::111111111111:role/CheckoutRole',
        'arn:aws:iam::111111111111:role/ReportingRole',
        'arn:aws:iam::111111111111:role/audit/AuditRole',
        'arn:aws:iam::333333333333:role/PaymentsRole',
        'arn:aws:iam::444444444444:role/InventoryRole',
        'arn:aws:iam::111111111111:role/BatchRole',
      ],
    });
    expect(endpoint.Statement[0]!.Resource).toBe('arn:aws:execute-api:us-west-2:*:*/*');
    expect(endpoint.Statement[1]!.Resource).toBe('arn:aws:execute-api:us-west-2:*:*/prod/GET/health');
  });

  it('drops a list item that resolves to AWS::NoValue when the condition is false', () => {
    const off = loadPolicyFile(fixture('hub-stack.yaml'), { ...BIND, parameters: { AllowBatch: 'false' } });
    const doc = JSON.parse(off.endpoints[0]!.policyText) as { Statement: { Principal: { AWS: string[] } }[] };
    expect(doc.Statement[0]!.Principal.AWS).toHaveLength(5);
    expect(doc.Statement[0]!.Principal.AWS).not.toContain('arn:aws:iam::111111111111:role/BatchRole');
  });

  it('resolves !Split of a !Sub and !Ref to a bound resource', () => {
    expect(orders.Statement[0]!.Principal).toEqual({
      AWS: ['arn:aws:iam::111111111111:role/CheckoutRole', 'arn:aws:iam::111111111111:role/audit/AuditRole'],
    });
    expect(orders.Statement[1]!.Condition).toEqual({
      StringNotEquals: { 'aws:SourceVpce': 'vpce-0123456789abcdef0' },
    });
  });

  it('uses the pseudo parameters given', () => {
    const cn = loadPolicyFile(fixture('hub-stack.yaml'), {
      ...BIND,
      region: 'eu-central-1',
      partition: 'aws',
    });
    expect(cn.endpoints[0]!.serviceName).toBe('com.amazonaws.eu-central-1.execute-api');
  });

  it('a !Ref to a resource whose id is known only after deploy names file, resource, property and line', () => {
    const e = errorOf(() => loadPolicyFile(fixture('hub-stack.yaml'), { region: 'us-west-2' })) as InputError;
    expect(e).toBeInstanceOf(InputError);
    expect(e.where.file).toBe(fixture('hub-stack.yaml'));
    expect(e.where.field).toBe(
      'Resources.OrdersApi.Properties.Policy.Statement[1].Condition.StringNotEquals.aws:SourceVpce.Ref',
    );
    expect(e.message).toMatch(/resource OrdersApi: cannot resolve Ref HubEndpoint offline/);
    const lines = readFixture('hub-stack.yaml').split('\n');
    expect(lines[e.where.line! - 1]).toContain('aws:SourceVpce: !Ref HubEndpoint');
  });

  it('an unresolvable !ImportValue is an error naming the resource and property path', () => {
    const f = fixture('unresolvable.yaml');
    const e = errorOf(() => loadPolicyFile(f)) as InputError;
    expect(e.message).toBe(
      `${f}: line 14: Resources.HubEndpoint.Properties.PolicyDocument.Statement[0].Principal.AWS.Fn::ImportValue: ` +
        "resource HubEndpoint: cannot resolve Fn::ImportValue shared-roles-CheckoutRoleArn offline: another stack's export",
    );
    // ...and resolves when the export's value is given.
    const ok = loadPolicyFile(f, {
      imports: { 'shared-roles-CheckoutRoleArn': 'arn:aws:iam::111111111111:role/CheckoutRole' },
    });
    expect(ok.endpoints).toHaveLength(1);
  });

  it('a !Ref to a NoEcho parameter is an error naming it, never its value (issue 12, attack run 6)', () => {
    // The secret's Default (or a value given for it) was resolved into a Sid and printed by diff.
    const canary = 'H12NoEchoCanary0123456789';
    const text = readFixture('hub-stack.yaml')
      .replace(
        'Parameters:\n',
        `Parameters:\n  Secret:\n    Type: String\n    NoEcho: true\n    Default: ${canary}\n`,
      )
      .replace('Sid: AllowNamedRoles', 'Sid: !Ref Secret');
    const f = tmpFile('noecho.yaml', text);
    for (const opts of [BIND, { ...BIND, parameters: { Secret: canary } }]) {
      const e = errorOf(() => loadPolicyFile(f, opts)) as InputError;
      expect(e).toBeInstanceOf(InputError);
      expect(e.where.field).toBe('Resources.HubEndpoint.Properties.PolicyDocument.Statement[0].Sid.Ref');
      expect(e.message).toContain(
        'cannot resolve Ref Secret: parameter Secret is NoEcho (a secret), and spokegate prints the policies it reads',
      );
      expect(e.message).not.toContain(canary);
    }
  });

  it('a YAML syntax error names the line', () => {
    const f = tmpFile('bad.yaml', 'Resources:\n  A:\n    Type: AWS::EC2::VPCEndpoint\n    Properties: {\n');
    const e = errorOf(() => loadPolicyFile(f)) as InputError;
    expect(e).toBeInstanceOf(InputError);
    expect(e.where.file).toBe(f);
    expect(e.where.line).toBeGreaterThanOrEqual(4);
  });

  it('a parameter without a default is an error', () => {
    const text =
      'Parameters:\n  Acct: { Type: String }\nResources:\n  E:\n    Type: AWS::EC2::VPCEndpoint\n    Properties:\n      ServiceName: !Sub "com.amazonaws.${AWS::Region}.execute-api"\n      PolicyDocument: { Statement: [{ Effect: Allow, Principal: { AWS: !Ref Acct }, Action: "*", Resource: "*" }] }\n';
    expect(() => policiesFromCloudFormation(text, 't.yaml')).toThrow(
      /cannot resolve Ref Acct offline: parameter Acct has no Default/,
    );
    const r = policiesFromCloudFormation(text, 't.yaml', { parameters: { Acct: '111111111111' } });
    expect(JSON.parse(r.endpoints[0]!.policyText).Statement[0].Principal).toEqual({ AWS: '111111111111' });
  });

  it('a resource whose Condition is false is not created', () => {
    const text =
      'Conditions:\n  Never: !Equals [a, b]\nResources:\n  E:\n    Type: AWS::EC2::VPCEndpoint\n    Condition: Never\n    Properties:\n      ServiceName: com.amazonaws.us-west-2.execute-api\n';
    const r = policiesFromCloudFormation(text, 't.yaml');
    expect(r.endpoints).toEqual([]);
    expect(r.notes).toEqual(['E: not created (condition Never is false)']);
  });

  it('an endpoint without PolicyDocument gets the default full-access policy', () => {
    const text =
      'Resources:\n  E:\n    Type: AWS::EC2::VPCEndpoint\n    Properties:\n      ServiceName: com.amazonaws.us-west-2.execute-api\n';
    const r = policiesFromCloudFormation(text, 't.yaml');
    expect(JSON.parse(r.endpoints[0]!.policyText).Statement[0]).toEqual({
      Effect: 'Allow',
      Principal: '*',
      Action: '*',
      Resource: '*',
    });
  });

  it('knows the other short forms: !Select, !Base64, !GetAtt with a given value, ${!Literal}', () => {
    const text = [
      'Resources:',
      '  E:',
      '    Type: AWS::EC2::VPCEndpoint',
      '    Properties:',
      '      ServiceName: !Select [1, [x, com.amazonaws.us-west-2.execute-api]]',
      '      PolicyDocument:',
      '        Statement:',
      '          - Sid: !Base64 hi',
      '            Effect: Allow',
      '            Principal: { AWS: !GetAtt Role.Arn }',
      '            Action: "*"',
      "            Resource: !Sub 'arn:aws:execute-api:*:*:*/${!stage}/*'",
    ].join('\n');
    const r = policiesFromCloudFormation(text, 't.yaml', {
      physicalIds: { 'Role.Arn': 'arn:aws:iam::1:role/R' },
    });
    const st = JSON.parse(r.endpoints[0]!.policyText).Statement[0];
    expect(st).toMatchObject({
      Sid: 'aGk=',
      Principal: { AWS: 'arn:aws:iam::1:role/R' },
      Resource: 'arn:aws:execute-api:*:*:*/${stage}/*',
    });
    expect(() => policiesFromCloudFormation(text, 't.yaml')).toThrow(
      /cannot resolve Fn::GetAtt Role.Arn offline/,
    );
  });
});

describe('CloudFormation JSON', () => {
  const r = loadPolicyFile(fixture('hub-stack.json'), { region: 'us-west-2' });

  it('reads a PolicyDocument written as a JSON string built with Fn::Sub', () => {
    expect(r.endpoints).toHaveLength(1); // the S3 endpoint is skipped, its GetAtt never resolved
    expect(JSON.parse(r.endpoints[0]!.policyText)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowCheckout',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111111111111:role/CheckoutRole' },
          Action: 'execute-api:Invoke',
          Resource: 'arn:aws:execute-api:us-west-2:*:*/*',
        },
      ],
    });
    expect(r.endpoints[0]!.serviceName).toBe('com.amazonaws.us-west-2.execute-api');
  });

  it('reads the RestApi Policy with parameters resolved', () => {
    expect(r.resourcePolicies[0]).toMatchObject({ address: 'PaymentsApi', apiName: 'payments' });
    const doc = JSON.parse(r.resourcePolicies[0]!.policyText);
    expect(doc.Statement[1].Condition.StringNotEquals['aws:SourceVpce']).toBe('vpce-0123456789abcdef0');
  });

  it('a JSON syntax error names line and column', () => {
    const text = readFixture('hub-stack.json').replace('"Resources": {', '"Resources": {,');
    const f = tmpFile('stack.json', text);
    const e = errorOf(() => loadPolicyFile(f)) as InputError;
    expect(e.where.line).toBe(8);
    expect(e.message).toMatch(/line 8: invalid JSON at column 17: /);
  });

  it('a policy string that is not JSON names the property', () => {
    const text = JSON.stringify({
      Resources: {
        E: {
          Type: 'AWS::EC2::VPCEndpoint',
          Properties: { ServiceName: 'com.amazonaws.us-west-2.execute-api', PolicyDocument: '{not json' },
        },
      },
    });
    const e = errorOf(() => policiesFromCloudFormation(text, 's.json')) as InputError;
    expect(e.where.field).toBe('Resources.E.Properties.PolicyDocument');
    expect(e.message).toMatch(/not valid JSON/);
  });
});

describe('CloudFormation: a spoke API bound to its own account', () => {
  /** A template of the orders API alone, its policy allowing everyone on `resource`. */
  const ordersApiTemplate = (resource: string) =>
    [
      'Resources:',
      '  OrdersApi:',
      '    Type: AWS::ApiGateway::RestApi',
      '    Properties:',
      '      Name: orders',
      '      Policy:',
      '        Statement:',
      '          - Effect: Allow',
      "            Principal: '*'",
      '            Action: execute-api:Invoke',
      `            Resource: ${resource}`,
    ].join('\n');

  it('resolves AWS::AccountId in the API policy as the API owner account', () => {
    const text = ordersApiTemplate("!Sub 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:*/*'");
    const r = policiesFromCloudFormation(text, 'spoke.yaml', {
      region: 'us-west-2',
      accountId: '111111111111',
      bindApis: { orders: { id: 'a1b2c3d4e5', account: '222222222222' } },
    });
    expect(r.resourcePolicies[0]!.apiId).toBe('a1b2c3d4e5');
    expect(JSON.parse(r.resourcePolicies[0]!.policyText).Statement[0].Resource).toBe(
      'arn:aws:execute-api:us-west-2:222222222222:*/*',
    );
  });

  // CloudFormation refuses a resource whose properties name the resource itself ("Circular dependency
  // between resources"; aws/aws-cdk#5660: an API's own ARN in its resource policy): such a template never
  // deploys, so binding the name to the configured API's id judged a policy that is never in force.
  it.each([
    ['${OrdersApi} in !Sub', "!Sub 'arn:aws:execute-api:${AWS::Region}:*:${OrdersApi}/*'"],
    ['!GetAtt OrdersApi.RestApiId', '!GetAtt OrdersApi.RestApiId'],
    ['!Ref OrdersApi', '!Ref OrdersApi'],
  ])('an API policy naming its own API (%s) is exit 2, a cycle', (_name, value) => {
    const text = ordersApiTemplate(value);
    const e = errorOf(() =>
      policiesFromCloudFormation(text, 'spoke.yaml', {
        region: 'us-west-2',
        bindApis: { orders: 'a1b2c3d4e5' },
      }),
    );
    expect(e.message).toMatch(
      /resource OrdersApi: .*refers to the resource itself: CloudFormation refuses a circular dependency/,
    );
  });
});

// A macro rewrites the template before CloudFormation creates anything (transform-section-structure:
// "they can make more extensive transformations to the entire template"), so the template as
// written is not what gets deployed: read as written, a macro that adds or opens an endpoint would be
// missed. Only the transforms whose effect spokegate knows are read; the rest are exit 2.
describe('CloudFormation transforms: what a macro makes of the template is not read as written', () => {
  const ENDPOINT =
    'Resources:\n  E:\n    Type: AWS::EC2::VPCEndpoint\n    Properties:\n      ServiceName: com.amazonaws.us-west-2.execute-api\n';
  const refused = (text: string) => errorOf(() => policiesFromCloudFormation(text, 't.yaml'));

  it.each([
    ['a macro', 'Transform: MyMacro\n', /macro "MyMacro" rewrites the template before deploy/],
    ['AWS::Include', "Transform: ['AWS::Include']\n", /macro "AWS::Include"/],
    ['a macro after SAM', 'Transform: [AWS::Serverless-2016-10-31, Mine]\n', /macro "Mine"/],
  ])('a template Transform of %s is exit 2 naming it and the processed template', (_, head, re) => {
    const e = refused(head + ENDPOINT);
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(re);
    expect(e.message).toMatch(/--template-stage Processed/);
  });

  it('Fn::ForEach (AWS::LanguageExtensions) making resources is exit 2 naming the key', () => {
    const text =
      'Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Endpoints:\n    - Name\n    - [A, B]\n    - Ep${Name}:\n        Type: AWS::EC2::VPCEndpoint\n        Properties:\n          ServiceName: com.amazonaws.us-west-2.execute-api\n';
    const e = refused(text);
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/resource Fn::ForEach::Endpoints: this key makes resources at deploy/);
  });

  it('Fn::Transform in place of an endpoint’s properties is exit 2, never the default full-access policy', () => {
    const text =
      "Resources:\n  E:\n    Type: AWS::EC2::VPCEndpoint\n    Properties:\n      Fn::Transform: { Name: 'AWS::Include', Parameters: { Location: s3://b/k } }\n";
    const e = refused(text);
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/resource E: Fn::Transform/);
  });

  // Issue 12 (pass 17): Fn::Length without the transform was resolved anyway, and the refusal that
  // followed blamed the Resource (a number there). CloudFormation's pages: "You must use the
  // AWS::LanguageExtensions transform to use" Fn::Length, Fn::ToJsonString and FindInMap's
  // DefaultValue (docs/aws-behaviour.md §16).
  const policy = (value: string) =>
    `${ENDPOINT}      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: '*'\n            Action: '*'\n            Resource: '*'\n            Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': ${value} } }\n`;
  const MAPPING = 'Mappings: { M: { k1: { k2: 1 } } }\n';
  it.each([
    ['Fn::Length', '', "{ 'Fn::Length': [1, 2] }"],
    ['Fn::Length', '', '!Length [1, 2]'],
    ['Fn::ToJsonString', '', "{ 'Fn::ToJsonString': [1] }"],
    ['Fn::FindInMap', MAPPING, '!FindInMap [M, k1, k3, { DefaultValue: 9 }]'],
  ])(
    '%s without the AWS::LanguageExtensions transform is exit 2 naming the function and the transform',
    (fn, head, value) => {
      const e = refused(head + policy(value));
      expect(e).toBeInstanceOf(InputError);
      expect(e.message).toMatch(
        new RegExp(
          `^t\\.yaml: line 1[23]: .*Condition.*: resource E: ${fn}.* AWS::LanguageExtensions transform`,
        ),
      );
    },
  );

  it.each([
    ["{ 'Fn::Length': [1, 2] }", 2],
    ['!FindInMap [M, k1, k3, { DefaultValue: 9 }]', 9],
  ])('with the transform, %s is read', (value, n) => {
    const r = policiesFromCloudFormation(
      `Transform: AWS::LanguageExtensions\n${MAPPING}${policy(value)}`,
      't.yaml',
    );
    expect(r.endpoints[0]!.policyText).toMatch(new RegExp(`"aws:MultiFactorAuthAge": ?${n}\\b`));
  });

  it('SAM and AWS::LanguageExtensions leave the endpoint as written: read', () => {
    for (const t of ['AWS::Serverless-2016-10-31', '[AWS::LanguageExtensions, AWS::Serverless-2016-10-31]'])
      expect(policiesFromCloudFormation(`Transform: ${t}\n${ENDPOINT}`, 't.yaml').endpoints).toHaveLength(1);
  });
});

// Issue 10 (note8 §10): an endpoint's id was resolved only as `Ref Endpoint`; `!GetAtt Endpoint.Id`
// (and its long form) was exit 2 "known only after deploy", though CloudFormation gives the same id
// for both (the VPCEndpoint's Ref and its Id attribute; a RestApi's Ref and its RestApiId).
describe('CloudFormation: GetAtt of an id is the Ref of the resource', () => {
  const hub = readFixture('hub-stack.yaml');
  const withCondition = (value: string) =>
    tmpFile('hub.yaml', hub.replace('aws:SourceVpce: !Ref HubEndpoint', `aws:SourceVpce: ${value}`));
  const sourceVpce = (file: string) => {
    const r = loadPolicyFile(file, BIND);
    const doc = JSON.parse(r.resourcePolicies[0]!.policyText) as { Statement: Record<string, unknown>[] };
    return doc.Statement[1]!.Condition;
  };
  const bound = { StringNotEquals: { 'aws:SourceVpce': 'vpce-0123456789abcdef0' } };

  it.each([
    ['!GetAtt HubEndpoint.Id', '!GetAtt HubEndpoint.Id'],
    ['Fn::GetAtt long form', "{ 'Fn::GetAtt': [HubEndpoint, Id] }"],
    ['!GetAtt list form', '!GetAtt [HubEndpoint, Id]'],
    ['${HubEndpoint.Id} in !Sub', "!Sub '${HubEndpoint.Id}'"],
    ['!Ref (as before)', '!Ref HubEndpoint'],
  ])('%s gives the bound endpoint id', (_name, value) => {
    expect(sourceVpce(withCondition(value))).toEqual(bound);
  });

  it('!GetAtt OrdersApi.RestApiId gives the bound API id', () => {
    // In the endpoint's policy (the API's own would be a cycle), with the API no longer naming the
    // endpoint (VpcEndpointIds, aws:SourceVpce), which would be one too.
    const file = tmpFile(
      'hub.yaml',
      hub
        .replace(
          "Resource: !Sub 'arn:aws:execute-api:${AWS::Region}:*:*/*'",
          "Resource: !Sub 'arn:aws:execute-api:${AWS::Region}:*:${OrdersApi.RestApiId}/*'",
        )
        .replace('        VpcEndpointIds: [!Ref HubEndpoint]\n', '')
        .replace('aws:SourceVpce: !Ref HubEndpoint', 'aws:SourceVpce: vpce-0123456789abcdef0'),
    );
    const endpoint = JSON.parse(loadPolicyFile(file, BIND).endpoints[0]!.policyText) as {
      Statement: Record<string, unknown>[];
    };
    expect(endpoint.Statement[0]!.Resource).toBe('arn:aws:execute-api:us-west-2:*:a1b2c3d4e5/*');
  });

  it('another attribute of the endpoint is still known only after deploy', () => {
    const e = errorOf(() => loadPolicyFile(withCondition('!GetAtt HubEndpoint.CreationTimestamp'), BIND));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/cannot resolve Fn::GetAtt HubEndpoint\.CreationTimestamp offline/);
  });

  it('the Id of an endpoint no configured endpoint is: exit 2 as Ref is, naming the setting', () => {
    const e = errorOf(() =>
      loadPolicyFile(withCondition('!GetAtt HubEndpoint.Id'), {
        region: 'us-west-2',
        bindApis: BIND.bindApis,
      }),
    );
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/HubEndpoint[^]*endpoints\.ALIAS\.vpc/);
  });
});

// Issue 12 (pass 17): a YAML 1.1 boolean (`yes`, `on`, …) was refused anywhere in a template, so a
// real template with `Enabled: yes` in an unrelated resource could not be checked. CloudFormation
// reads YAML 1.1 (an unquoted `YES` tag value is deployed as "true": aws/aws-cli#5257,
// ASFHyP3/hyp3#2061; docs/aws-behaviour.md §45): where spokegate reads the value (the endpoints'
// and RestApis' definitions, Parameters, Mappings, Conditions, logical ids) it still changes
// what is checked, and is exit 2; elsewhere it changes nothing spokegate reads.
describe('CloudFormation YAML 1.1 scalars: refused where spokegate reads them, accepted elsewhere', () => {
  const template = (o: {
    head?: string;
    condition?: string;
    endpointTags?: string;
    other?: string;
    tail?: string;
  }) =>
    `AWSTemplateFormatVersion: '2010-09-09'
${o.head ?? ''}Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Status: Enabled
      Tags:
        - Key: Backup
          Value: ${o.other ?? "'no'"}
  Hub:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      ServiceName: com.amazonaws.us-west-2.execute-api
      Tags:
        - Key: Shared
          Value: ${o.endpointTags ?? "'no'"}
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: 'execute-api:Invoke'
            Resource: '*'
            Condition:
              StringEquals:
                aws:PrincipalTag/shared: ${o.condition ?? "'yes'"}
${o.tail ?? ''}`;
  const read = (text: string) => policiesFromCloudFormation(text, 'stack.yaml');
  const ok: [string, Parameters<typeof template>[0]][] = [
    ['a tag value of an unrelated resource', { other: 'yes' }],
    [
      'Enabled: on in an unrelated resource',
      {
        tail: '  Dist:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: on\n',
      },
    ],
    ['a tag of the endpoint (not read)', { endpointTags: 'YES' }],
    ['an Outputs value', { tail: 'Outputs:\n  Flag:\n    Value: off\n' }],
    [
      "a parameter's Description",
      { head: 'Parameters:\n  Mode:\n    Type: String\n    Description: y\n    Default: x\n' },
    ],
    ['Metadata', { head: 'Metadata:\n  Reviewed: yes\n' }],
    // Pass 18: Mappings and Conditions no policy reads (no Fn::FindInMap of the map, no Fn::If or
    // Condition of the condition from what is read) were refused whole.
    ['a Mappings value no policy reads', { head: 'Mappings:\n  M:\n    k1:\n      v: no\n' }],
    ['a Conditions operand no policy reads', { head: 'Conditions:\n  C: !Equals [!Ref AWS::Region, N]\n' }],
    [
      'a condition only an unrelated resource uses',
      {
        head: 'Conditions:\n  C: !Equals [!Ref AWS::Region, N]\n',
        tail: '  Q:\n    Type: AWS::SQS::Queue\n    Condition: C\n',
      },
    ],
  ];
  it.each(ok)('%s is accepted', (_, o) => {
    expect(read(template(o)).endpoints).toHaveLength(1);
  });
  const refused: [string, Parameters<typeof template>[0], number][] = [
    ['a policy condition value', { condition: 'yes' }, 26],
    ['a condition value in a list', { condition: '[a, Off]' }, 26],
    ['a parameter Default', { head: 'Parameters:\n  Mode:\n    Type: String\n    Default: on\n' }, 5],
    [
      'a Mappings value the policy reads (Fn::FindInMap)',
      { head: 'Mappings:\n  M:\n    k1:\n      v: no\n', condition: '!FindInMap [M, k1, v]' },
      5,
    ],
    [
      'a Mappings value when a map name is not written out',
      {
        head: 'Parameters:\n  P:\n    Type: String\n    Default: M\nMappings:\n  M:\n    k1:\n      v: no\n',
        condition: '!FindInMap [!Ref P, k1, v]',
      },
      9,
    ],
    [
      'a Conditions operand the policy reads (Fn::If)',
      { head: 'Conditions:\n  C: !Equals [!Ref AWS::Region, N]\n', condition: "!If [C, 'a', 'b']" },
      3,
    ],
    [
      'a Conditions operand of a condition a read condition names',
      {
        head: 'Conditions:\n  C: !Equals [!Ref AWS::Region, N]\n  D: !Not [!Condition C]\n',
        condition: "!If [D, 'a', 'b']",
      },
      3,
    ],
    // The alias is where the value is read; the anchor's line is named.
    [
      'an alias in the policy of an anchor in Metadata',
      { head: 'Metadata:\n  Flag: &f yes\n', condition: '*f' },
      3,
    ],
    [
      'a merge key in the policy',
      {
        head: 'Metadata:\n  Base: &b { aws:PrincipalTag/x: on }\n',
        condition: "'z'\n                <<: *b",
      },
      3,
    ],
    ['a condition key', { condition: "{ 'x': 'y' }\n              StringLike:\n                yes: a" }, 28],
  ];
  it.each(refused)('%s is exit 2 naming the file and line', (_, o, line) => {
    const e = errorOf(() => read(template(o)));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(new RegExp(`^stack\\.yaml: line ${line}: the unquoted value .*YAML 1\\.1`));
  });
});
