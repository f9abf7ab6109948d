// A spoke API as API Gateway returns it: its resource policy (GetRestApi), its routes
// (GetResources, every page), its stages (GetStages) and what a stage serves (GetDeployment).
import { withCallSignal } from './abort.js';
import {
  APIGatewayClient,
  GetAuthorizersCommand,
  GetDeploymentCommand,
  GetRestApiCommand,
  GetStagesCommand,
  paginateGetResources,
} from '@aws-sdk/client-api-gateway';
import { InfraError } from '../errors.js';
import { readCall, readFailure } from './errors.js';
import type { AwsClientConfig } from './client-config.js';
import { routeKey, type RouteRef } from '../routes/index.js';

/** What the harness needs to know of a spoke API: its resource policy and the endpoints it accepts. */
export interface RestApiInfo {
  id: string;
  /** The resource policy (JSON text), or null when the API has none. */
  policyText: string | null;
  endpointTypes: string[];
  /** For a PRIVATE API: the VPC endpoints it accepts calls through. */
  vpcEndpointIds: string[];
}

/** The resource policy text (JSON), or null when the API has none. */
export async function readRestApiPolicy(apigwConfig: AwsClientConfig, apiId: string): Promise<string | null> {
  return (await readRestApi(apigwConfig, apiId)).policyText;
}

/** GetRestApi: the resource policy (unescaped) and the endpoint configuration. */
export async function readRestApi(apigwConfig: AwsClientConfig, apiId: string): Promise<RestApiInfo> {
  const { abortSignal, ...config } = apigwConfig;
  const client = new APIGatewayClient(config);
  try {
    // NotFoundException is also what AWS answers for another account's API: not bad input.
    const out = await readCall(`GetRestApi ${apiId}`, abortSignal, (signal) =>
      client.send(new GetRestApiCommand({ restApiId: apiId }), { abortSignal: signal }),
    );
    return {
      id: apiId,
      policyText: out.policy ? unescapeRestApiPolicy(out.policy, apiId) : null,
      endpointTypes: out.endpointConfiguration?.types ?? [],
      vpcEndpointIds: out.endpointConfiguration?.vpcEndpointIds ?? [],
    };
  } finally {
    client.destroy();
  }
}

/** GetRestApi returns the policy with `"` and `/` backslash-escaped: {\"Version\":...\/*}. */
export function unescapeRestApiPolicy(policy: string, apiId = '?'): string {
  for (const candidate of [policy, policy.replace(/\\(["/\\])/g, '$1')]) {
    try {
      JSON.parse(candidate);
      return candidate;
    } catch {
      /* try the unescaped form */
    }
  }
  throw new InfraError(`the resource policy of REST API ${apiId} is not JSON`);
}

/** The routes and stages an API serves, as its control plane lists them. */
export interface RestApiRoutes {
  /** Every `METHOD /path` defined (ANY included), from all pages of GetResources: not all deployed. */
  routes: RestApiRoute[];
  stages: string[];
  /**
   * What the stage serves: the routes of the deployments its calls reach (its own, its canary's, or
   * both when the canary takes a share between 0 and 100%), from GetDeployment `apiSummary`. Absent
   * when the stage does not exist.
   */
  deployed?: {
    routes: RestApiRoute[];
    deploymentIds: string[];
    /** The stage's canary (GetStages `canarySettings`): its deployment and its share of the calls. */
    canary?: { deploymentId: string; percentTraffic?: number };
  };
}

/** A route as read: its authorization type and authorizer (GetResources) when given. */
type RestApiRoute = RouteRef;

/** GetAuthorizers, every page: each authorizer's `"NAME" (TYPE)` by its id. */
async function readAuthorizers(
  client: APIGatewayClient,
  apiId: string,
  abortSignal: AwsClientConfig['abortSignal'],
): Promise<Map<string, string>> {
  const named = new Map<string, string>();
  let position: string | undefined;
  // API Gateway pages with `position` (botocore apigateway model GetAuthorizers; no paginator).
  for (let page = 0; page < 1000; page++) {
    const out = await readCall(`GetAuthorizers ${apiId}`, abortSignal, (signal) =>
      client.send(
        new GetAuthorizersCommand({ restApiId: apiId, limit: 500, ...(position ? { position } : {}) }),
        {
          abortSignal: signal,
        },
      ),
    );
    for (const a of out.items ?? [])
      if (a.id) named.set(a.id, `"${a.name ?? a.id}" (${a.type ?? 'type not given'})`);
    if (!out.position || out.position === position) break;
    position = out.position;
  }
  return named;
}

/**
 * The deployments a stage's calls reach (docs/aws-behaviour.md §5c): `percentTraffic` is the share
 * (0-100) sent to the canary's deployment (botocore apigateway `CanarySettings`), so at 100 every
 * call goes to the canary's and at 0 none (promoting a canary sets 0 and leaves it on the stage:
 * developer guide, promote-canary-deployment); between, or a share not given, either may serve.
 */
function servingDeployments(
  own: string | undefined,
  canary: { deploymentId: string; percentTraffic?: number } | undefined,
): string[] {
  if (canary?.percentTraffic === 100) return [canary.deploymentId];
  const ids = canary && canary.percentTraffic !== 0 ? [own, canary.deploymentId] : [own];
  return [...new Set(ids.filter((d): d is string => !!d))];
}

/**
 * GetResources (every page, methods embedded), GetStages and, for `stage`, GetDeployment with
 * embed=apisummary: a change to the API's routes serves nothing until it is deployed to the stage.
 */
export async function readRestApiRoutes(
  apigwConfig: AwsClientConfig,
  apiId: string,
  stage?: string,
): Promise<RestApiRoutes> {
  const { abortSignal, ...config } = apigwConfig;
  const client = new APIGatewayClient(config);
  try {
    const routes: RestApiRoutes['routes'] = [];
    try {
      // The paginator hands its last argument to every page's send().
      await withCallSignal(abortSignal, async (signal) => {
        for await (const page of paginateGetResources(
          { client, pageSize: 500 },
          { restApiId: apiId, embed: ['methods'] },
          { abortSignal: signal },
        )) {
          for (const res of page.items ?? [])
            for (const [method, m] of Object.entries(res.resourceMethods ?? {}))
              if (res.path)
                routes.push({
                  method,
                  path: res.path,
                  ...(m.authorizationType ? { authorizationType: m.authorizationType } : {}),
                  ...(m.authorizerId ? { authorizerId: m.authorizerId } : {}),
                });
        }
      });
    } catch (e) {
      throw readFailure(`GetResources ${apiId}`, e, abortSignal);
    }
    const stages = await readCall(`GetStages ${apiId}`, abortSignal, (signal) =>
      client.send(new GetStagesCommand({ restApiId: apiId }), { abortSignal: signal }),
    );
    const found = (stages.item ?? []).find((s) => s.stageName === stage);
    const canary = found?.canarySettings?.deploymentId
      ? {
          deploymentId: found.canarySettings.deploymentId,
          ...(found.canarySettings.percentTraffic !== undefined
            ? { percentTraffic: found.canarySettings.percentTraffic }
            : {}),
        }
      : undefined;
    const deploymentIds = servingDeployments(found?.deploymentId, canary);
    const deployed: RestApiRoutes['routes'] = [];
    const typesBy = new Map<RestApiRoute, string[]>();
    for (const deploymentId of deploymentIds) {
      const d = await readCall(`GetDeployment ${apiId} ${deploymentId}`, abortSignal, (signal) =>
        client.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId, embed: ['apisummary'] }), {
          abortSignal: signal,
        }),
      );
      for (const [path, methods] of Object.entries(d.apiSummary ?? {}))
        for (const [method, m] of Object.entries(methods)) {
          const type = m.authorizationType;
          const said = `${type ?? 'no type'} in deployment ${deploymentId}`;
          // The same route under another path parameter name (a path part renamed between the
          // two deployments) is the same route: API Gateway routes by position (§46).
          const same = deployed.find((r) => routeKey(r) === routeKey({ method, path }));
          // A canary deployment may authorize a route otherwise: a call may reach either, so its
          // type is then not one fact.
          if (same) {
            typesBy.get(same)!.push(said);
            if (same.authorizationType !== type) {
              delete same.authorizationType;
              same.typeUnknown = `stage "${stage}" and its canary disagree: ${typesBy.get(same)!.join(', ')}`;
            }
          } else {
            const route = { method, path, ...(type ? { authorizationType: type } : {}) };
            typesBy.set(route, [said]);
            deployed.push(route);
          }
        }
    }
    // The deployment's summary names no authorizer: the API's own method does (a hint in messages).
    for (const r of deployed) {
      const defined = routes.find((d) => routeKey(d) === routeKey(r));
      if (defined?.authorizerId) r.authorizerId = defined.authorizerId;
    }
    // Which authorizer that is (GetAuthorizers: its name and type, TOKEN, REQUEST or
    // COGNITO_USER_POOLS), read only when a route names one: messages say which one decides.
    if (routes.some((r) => r.authorizerId)) {
      const named = await readAuthorizers(client, apiId, abortSignal);
      for (const r of [...routes, ...deployed]) {
        const a = r.authorizerId ? named.get(r.authorizerId) : undefined;
        if (a) r.authorizer = a;
      }
    }
    return {
      routes,
      stages: (stages.item ?? []).flatMap((s) => (s.stageName ? [s.stageName] : [])),
      ...(found && deploymentIds.length
        ? { deployed: { routes: deployed, deploymentIds, ...(canary ? { canary } : {}) } }
        : {}),
    };
  } finally {
    client.destroy();
  }
}
