// CloudFormation refuses a template whose resources depend on each other in a cycle, through Ref,
// Fn::GetAtt, `${…}` in Fn::Sub or DependsOn ("Circular dependency between resources: [A, B]";
// cfn-lint E3004 checks the same four ways): none of its policies is ever in force. Judging one
// (binding each name to the configured id) answered for a template that cannot deploy (note10 §12:
// only a resource naming itself was refused, e683639).
import { describe, expect, it } from 'vitest';
import { policiesFromCloudFormation } from '../../src/policy/sources/index.js';
import { errorOf } from './helpers.js';

const BOUND = {
  region: 'us-west-2',
  accountId: '111111111111',
  endpoints: [{ id: 'vpce-0123456789abcdef0', vpc: 'vpc-0a1b2c3d' }],
  bindApis: { orders: 'a1b2c3d4e5' },
};

/**
 * A hub endpoint and the orders API (each policy allowing everyone), each resource's extra lines
 * (`hub`, `api`: indented as properties' siblings) and `more` resources appended.
 */
const hubAndApi = (o: {
  hubResource?: string;
  apiSourceVpce?: string;
  hub?: string;
  api?: string;
  more?: string;
}) =>
  [
    'Resources:',
    '  Hub:',
    '    Type: AWS::EC2::VPCEndpoint',
    ...(o.hub ? [o.hub] : []),
    '    Properties:',
    '      ServiceName: com.amazonaws.us-west-2.execute-api',
    '      VpcId: vpc-0a1b2c3d',
    '      VpcEndpointType: Interface',
    '      PolicyDocument:',
    '        Statement:',
    "          - Effect: Allow\n            Principal: '*'\n            Action: execute-api:Invoke",
    `            Resource: ${o.hubResource ?? "'*'"}`,
    '  Api:',
    '    Type: AWS::ApiGateway::RestApi',
    ...(o.api ? [o.api] : []),
    '    Properties:',
    '      Name: orders',
    '      Policy:',
    '        Statement:',
    "          - Effect: Allow\n            Principal: '*'\n            Action: execute-api:Invoke\n            Resource: '*'",
    ...(o.apiSourceVpce
      ? [
          `            Condition:\n              StringEquals:\n                aws:SourceVpce: ${o.apiSourceVpce}`,
        ]
      : []),
    ...(o.more ? [o.more] : []),
  ].join('\n');

const read = (text: string) => policiesFromCloudFormation(text, 'stack.yaml', BOUND);
const BUCKETS = (a: string, b: string) =>
  `  A:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: ${a}\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: ${b}`;

describe('CloudFormation: a cycle through two or more resources is exit 2, as CloudFormation refuses it', () => {
  it.each([
    [
      'the endpoint names the API (Sub), the API the endpoint (Ref)',
      { hubResource: "!Sub 'arn:aws:execute-api:us-west-2:*:${Api}/*'", apiSourceVpce: '!Ref Hub' },
      /\[Api, Hub\]|\[Hub, Api\]/,
    ],
    [
      'GetAtt one way, DependsOn the other',
      { apiSourceVpce: '!GetAtt Hub.Id', hub: '    DependsOn: Api' },
      /Hub.*Api|Api.*Hub/,
    ],
    [
      'DependsOn lists both ways',
      { hub: '    DependsOn: [Api]', api: '    DependsOn: [Hub]' },
      /Hub.*Api|Api.*Hub/,
    ],
    [
      'three resources: Hub -> Api -> Stage -> Hub',
      {
        hub: '    DependsOn: Api',
        api: '    DependsOn: Stage',
        more: '  Stage:\n    Type: AWS::ApiGateway::Stage\n    Properties:\n      Description: !Ref Hub',
      },
      /Stage/,
    ],
    [
      'a cycle between two buckets the policies never name (the template still cannot deploy)',
      { more: BUCKETS('!Ref B', "!Sub '${A.Arn}-x'") },
      /\[A, B\]/,
    ],
  ])('%s', (_what, o, names) => {
    const e = errorOf(() => read(hubAndApi(o)));
    expect(e.message).toMatch(/circular dependency between resources/i);
    expect(e.message).toMatch(names);
    expect(e.message).toMatch(/stack\.yaml/);
  });

  it.each([
    [
      'a chain without a cycle (Hub -> Api, Stage -> Hub)',
      {
        hubResource: "!Sub '${Api}/*'",
        more: '  Stage:\n    Type: AWS::ApiGateway::Stage\n    Properties:\n      Description: !Ref Hub',
      },
    ],
    [
      'an Fn::Sub variable named like a resource is the variable',
      { hubResource: "!Sub ['${Api}/*', { Api: x }]", apiSourceVpce: '!Ref Hub' },
    ],
    ['${!Api} in Fn::Sub is literal text', { hubResource: "!Sub '${!Api}/*'", apiSourceVpce: '!Ref Hub' }],
    [
      'a parameter and pseudo parameters are not resources',
      { hubResource: "!Sub '${AWS::Region}/*'", apiSourceVpce: '!Ref Hub' },
    ],
  ])('%s: read', (_what, o) => {
    expect(read(hubAndApi(o)).endpoints).toHaveLength(1);
  });
});

describe('CloudFormation under SAM: a DependsOn id is a resource of the template or one SAM makes (issue 12)', () => {
  // SAM expands AWS::Serverless::* resources (and embedded Connectors) into resources named from
  // their logical ids ("AWS SAM uses the LogicalIds of the AWS SAM resources in your template file to
  // construct the LogicalIds", sam-specification-generated-resources), plus a few of its own
  // (samtranslator: ServerlessRestApi, ServerlessHttpApi, ServerlessUsagePlan, ServerlessApiKey,
  // ServerlessDeploymentApplication, CodeDeployServiceRole, ApiGatewayDomainName<sha>,
  // ApiGatewayDomainNameV2<sha>, RecordSetGroup<sha>, DomainNameAccessAssociation<sha>). Any other id
  // is "Unresolved resource dependencies": the template never deploys. Until pass 16 no id was
  // checked once the template held an AWS::Serverless resource.
  const FN =
    '  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs20.x\n      Handler: i.h\n      InlineCode: x';
  const sam = (dependsOn: string, more = FN) =>
    `Transform: AWS::Serverless-2016-10-31\n${hubAndApi({ api: `    DependsOn: ${dependsOn}`, more })}`;
  const QUEUE_WITH_CONNECTOR =
    '  Queue:\n    Type: AWS::SQS::Queue\n    Connectors:\n      Reads:\n        Properties:\n          Destination:\n            Id: Hub\n          Permissions: [Read]';
  it.each([
    ['Missing', FN],
    ['Hubx (a resource of the template, not a SAM one, with a letter more)', FN],
    ['ServerlesRestApi (a typo of the implicit API)', FN],
    ['QueueReadsPolicy (a connector on a resource the template does not hold)', FN],
  ])('%s: exit 2 naming the id', (id, more) => {
    const name = id.split(' ')[0]!;
    const e = errorOf(() => read(sam(name, more)));
    expect(e.message).toContain(`DependsOn "${name}" names no resource`);
    expect(e.message).toMatch(/stack\.yaml/);
  });
  it.each([
    ['FnRole (the role SAM makes for the function)', FN],
    ['FnVersion640128d35d (a version of it)', FN],
    ['ServerlessRestApi (the implicit REST API)', FN],
    ['ServerlessRestApiProdStage', FN],
    ['ServerlessHttpApi', FN],
    ['CodeDeployServiceRole (DeploymentPreference)', FN],
    ['ServerlessDeploymentApplication', FN],
    ['ApiGatewayDomainName926eeb5ff1', FN],
    ['ApiGatewayDomainNameV2926eeb5ff1', FN],
    ['RecordSetGroup926eeb5ff1', FN],
    ['QueueReadsPolicy (an embedded connector of Queue)', QUEUE_WITH_CONNECTOR],
  ])('%s: read', (id, more) => {
    expect(read(sam(id.split(' ')[0]!, more)).endpoints).toHaveLength(1);
  });
});
