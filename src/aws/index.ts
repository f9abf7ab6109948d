// Thin adapters over the AWS SDK: client configuration, role sessions (STS), the endpoint reader
// (EC2) and the resource-policy reader (API Gateway).
export {
  agentWithCa,
  awsClientConfig,
  endpointFor,
  ENDPOINT_ENV,
  loadCaBundle,
  pemProblem,
} from './client-config.js';
export type {
  AwsClientConfig,
  AwsClientConfigOptions,
  AwsEndpointOverrides,
  AwsService,
} from './client-config.js';
export { AssumeRoleDenied, baseCredentialsFromEnv, RoleSessions } from './role-sessions.js';
export type { RoleSessionsOptions, SessionOptions } from './role-sessions.js';
export { parseEndpointPolicy, readEndpoint, sortDnsNames } from './endpoint-reader.js';
export type { VpcEndpointInfo } from './endpoint-reader.js';
export { readRestApi, readRestApiPolicy, readRestApiRoutes, unescapeRestApiPolicy } from './rest-api.js';
export type { RestApiInfo, RestApiRoutes } from './rest-api.js';
export { decodeIamDocument, readRole, readRoleIdentityPolicies } from './iam.js';
export type { IdentityPolicyText } from './iam.js';
export { readCallerIdentity } from './identity.js';
