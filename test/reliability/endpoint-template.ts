// The one-endpoint CloudFormation template the attack runs probe template resolution with.

/** A template whose one execute-api endpoint's policy Resource is `resource`. */
export function template(resource: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    ...extra,
    Resources: {
      Hub: {
        Type: 'AWS::EC2::VPCEndpoint',
        Properties: {
          VpcEndpointType: 'Interface',
          ServiceName: 'com.amazonaws.us-west-2.execute-api',
          VpcId: 'vpc-0aa11bb22cc33dd44',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: resource },
            ],
          },
        },
      },
    },
  });
}

/**
 * The YAML of the endpoint Hub, in a template's Resources: it allows anyone, then denies on the
 * StringEquals lines `conditions` (written indented); `tags` goes before its PolicyDocument.
 */
export const yamlHub = (conditions: string, tags = '') => `  Hub:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      VpcEndpointType: Interface
      ServiceName: com.amazonaws.us-west-2.execute-api
      VpcId: vpc-0aa11bb22cc33dd44
${tags}      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: 'execute-api:Invoke'
            Resource: '*'
          - Effect: Deny
            Principal: '*'
            Action: 'execute-api:Invoke'
            Resource: '*'
            Condition:
              StringEquals:
${conditions}
`;

/** A YAML template whose endpoint allows anyone, then denies on `condition` (line 22). */
export const yamlTemplate = (condition: string) =>
  `Resources:\n${yamlHub(`                aws:PrincipalTag/other: x\n                ${condition}`)}`;
