// CloudFormation template text for the IaC verdict tests: a private RestApi whose Policy holds
// execute-api:Invoke statements for anyone. YAML text, not objects: the tests need `!Sub`/`!Ref`.

export const CFN_HEAD = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
`;

/** A Policy statement for Principal '*' and execute-api:Invoke on `resource`; `condition` is its indented Condition block. */
export const cfnInvoke = (
  effect: 'Allow' | 'Deny',
  resource: string,
  { sid, condition = '' }: { sid?: string; condition?: string } = {},
) => `          - ${
  sid
    ? `Sid: ${sid}
            `
    : ''
}Effect: ${effect}
            Principal: '*'
            Action: execute-api:Invoke
            Resource: ${resource}
${condition}`;

/** A private AWS::ApiGateway::RestApi resource `logicalId` named `name` whose Policy holds `statements`. */
export const cfnPrivateRestApi = (logicalId: string, name: string, statements: string[]) => `  ${logicalId}:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: ${name}
      EndpointConfiguration: { Types: [PRIVATE] }
      Policy:
        Version: '2012-10-17'
        Statement:
${statements.join('')}`;
