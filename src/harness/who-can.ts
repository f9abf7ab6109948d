// The analysis world of a run: the endpoint, the APIs and the configured roles with the policies the
// run knows (the same sources as the predictions: EC2 and API Gateway in sandbox/live mode, files,
// Terraform plans or CloudFormation templates offline).
import type { AnalysisWorld } from '../analysis/index.js';
import type { RunContext } from './context.js';

export async function analysisWorld(
  ctx: RunContext,
  endpointAlias?: string,
  apis?: string[],
): Promise<AnalysisWorld> {
  const config = ctx.config;
  const alias = ctx.endpointAlias(endpointAlias);
  const ep = ctx.endpoint(alias);
  const policy = await ctx.endpointPolicy(alias);
  const apiAliases = apis ?? Object.keys(config.apis);
  const apiWorld = await Promise.all(
    apiAliases.map(async (a) => {
      const api = ctx.api(a);
      const facts = await ctx.apiFacts(a);
      return {
        alias: a,
        region: api.region ?? config.region,
        account: api.account,
        id: api.id,
        stage: api.stage,
        ...(facts.resourcePolicy ? { resourcePolicy: facts.resourcePolicy } : {}),
        ...(facts.vpcEndpointIds ? { acceptedEndpoints: facts.vpcEndpointIds } : {}),
        noneRoutes: api.noneRoutes ?? [],
      };
    }),
  );
  const roles = await Promise.all(
    Object.entries(config.roles).map(async ([a, r]) => {
      const identityPolicies =
        ctx.mode === 'offline' || r.identityPolicies ? await ctx.identityPoliciesOf(a) : undefined;
      return {
        alias: a,
        arn: r.arn,
        sessionName: r.sessionName ?? 'spokegate',
        ...(identityPolicies ? { identityPolicies } : {}),
      };
    }),
  );
  const members = new Set<string>(config.organization?.accounts ?? []);
  for (const e of Object.values(config.endpoints)) if (e.account) members.add(e.account);
  for (const a of Object.values(config.apis)) members.add(a.account);
  return {
    endpoint: { alias, id: ep.id, ...(ep.vpc ? { vpc: ep.vpc } : {}), policy: policy.compiled },
    apis: apiWorld,
    roles,
    ...(config.organization ? { organization: { id: config.organization.id, members: [...members] } } : {}),
  };
}
