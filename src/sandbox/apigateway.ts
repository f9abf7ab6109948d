// API Gateway control plane (REST-JSON): GetRestApis and GetRestApi, plus the stages, the
// resources (GetResources: the routes, paged by `position`), the deployment the stages serve
// (GetDeployment, embed=apisummary: the routes not marked `deployed: false`) and the authorizers
// (GetAuthorizers, paged, and GetAuthorizer) of an API. A
// caller sees only its own account's APIs in the request's region (another account's API is
// NotFoundException, as in AWS), once its identity policies allow apigateway:GET on the resource
// (AccessDeniedException otherwise). `policy` is escaped the way API Gateway returns it.
import { authorizeControlPlane } from './authorize.js';
import { decodeToken, pageOf } from './paging.js';
import { controlPlaneDenial, gatewayErrors, type GatewayError } from './errors.js';
import { json, newRequestId, safeDecode, wireInteger, type Received, type Reply } from './http.js';
import { stableId, type ApiState, type SandboxState } from './state.js';
import { authenticate, authErrorOf, type AuthErrors } from './sts.js';

/**
 * API Gateway returns the stored policy JSON with its quotes backslash-escaped (and `/` as `\/`)
 * inside the string: readers unescape it once more (JSON.parse(`"${policy}"`)) before parsing.
 */
export function apiGatewayPolicyString(policyJson: string): string {
  return JSON.stringify(policyJson).slice(1, -1).replace(/\//g, '\\/');
}

export function restApiJson(a: ApiState): Record<string, unknown> {
  return {
    id: a.world.id,
    name: a.world.name ?? a.alias,
    ...(a.world.description ? { description: a.world.description } : {}),
    createdDate: a.createdDate,
    apiKeySource: 'HEADER',
    endpointConfiguration: {
      types: ['PRIVATE'],
      vpcEndpointIds: a.world.vpcEndpointIds,
      ipAddressType: 'dualstack',
    },
    ...(a.policyText ? { policy: apiGatewayPolicyString(a.policyText) } : {}),
    disableExecuteApiEndpoint: false,
    rootResourceId: a.rootResourceId,
    tags: {},
  };
}

const GATEWAY_AUTH_ERRORS: AuthErrors<GatewayError> = {
  missing: () => gatewayErrors.missingAuthenticationToken(),
  incomplete: (m) => gatewayErrors.incompleteSignature(m),
  'unknown-key': (m) => gatewayErrors.invalidToken(m),
  'expired-token': (m) => gatewayErrors.expiredToken(m),
  other: (m) => gatewayErrors.invalidSignature(m),
};

export async function handleApiGateway(state: SandboxState, r: Received): Promise<Reply> {
  const requestId = newRequestId();
  const send = (status: number, body: unknown, type?: string) =>
    json(status, body, { 'x-amzn-RequestId': requestId, ...(type ? { 'x-amzn-ErrorType': type } : {}) });
  const fail = (e: GatewayError) => send(e.status, e.body, e.type);
  const segs = r.path.split('/').filter(Boolean).map(safeDecode);
  const op =
    segs[0] !== 'restapis'
      ? 'unknown'
      : segs.length === 1
        ? 'GetRestApis'
        : segs.length === 2
          ? 'GetRestApi'
          : segs[2] === 'stages' && segs.length === 3
            ? 'GetStages'
            : segs[2] === 'resources' && segs.length === 3
              ? 'GetResources'
              : segs[2] === 'deployments' && segs.length === 4
                ? 'GetDeployment'
                : segs[2] === 'authorizers' && segs.length === 3
                  ? 'GetAuthorizers'
                  : segs[2] === 'authorizers' && segs.length === 4
                    ? 'GetAuthorizer'
                    : 'unknown';
  state.count(`apigateway:${op}`);
  const auth = await authenticate(state, r, 'apigateway');
  if (!auth.ok) return fail(authErrorOf(GATEWAY_AUTH_ERRORS, auth.kind, auth.message));
  if (r.method.toUpperCase() !== 'GET' || op === 'unknown') return fail(gatewayErrors.unknownOperation());

  // Authorization first (on the resource's ARN, which names no account), then existence.
  const resource = `arn:aws:apigateway:${auth.region}::/${segs.map(encodeURIComponent).join('/')}`;
  const decision = authorizeControlPlane(state, auth.caller, 'apigateway:GET', resource, auth.region);
  if (!decision.allowed) {
    return fail(
      gatewayErrors.controlPlaneDenied(
        controlPlaneDenial(
          auth.caller.arn,
          'apigateway:GET',
          resource.slice(0, 256),
          decision.explicit,
          decision.layer,
        ),
      ),
    );
  }
  const inRegion = [...state.apis.values()].filter(
    (a) => a.region === auth.region && a.world.account === auth.caller.account,
  );
  const notFound = (id: string) =>
    fail(
      gatewayErrors.notFound(`Invalid API identifier specified ${auth.caller.account}:${id.slice(0, 64)}`),
    );
  // One page of a list: `limit` (default 25; "the maximum value is 500": API Gateway accepts more
  // and serves at most that, docs/aws-behaviour.md §5b), `position` a token this sandbox issued.
  const paged = <T>(items: readonly T[], render: (t: T) => unknown) => {
    const q = new URLSearchParams(r.query);
    const limitText = q.get('limit');
    const asked = limitText === null ? 25 : wireInteger(limitText);
    // Not a number: refused as bad input (AWS's answer not measured). Below 1: a 500 InternalFailure,
    // as measured on API Gateway (floci-io/floci#3561, on GetUsage; docs/aws-behaviour.md §5b).
    if (!Number.isSafeInteger(asked))
      return fail(gatewayErrors.badRequest('Invalid limit: a positive integer is expected'));
    if (asked < 1) return fail(gatewayErrors.internalFailure());
    const limit = Math.min(asked, 500);
    const position = q.get('position');
    const start = position ? decodeToken(position) : 0;
    if (start === undefined) return fail(gatewayErrors.badRequest('Invalid position parameter'));
    const page = pageOf(items, start, state.pageSize(limit));
    return send(200, { item: page.items.map(render), ...(page.next ? { position: page.next } : {}) });
  };
  if (op === 'GetRestApis') return paged(inRegion, restApiJson);
  const api = inRegion.find((a) => a.world.id === segs[1]);
  if (!api) return notFound(segs[1]!);
  if (op === 'GetRestApi') return send(200, restApiJson(api));
  if (op === 'GetResources') {
    const embedMethods = new URLSearchParams(r.query)
      .getAll('embed')
      .join(',')
      .split(',')
      .includes('methods');
    return paged(resourcesOf(api), (res) => resourceJson(api, res, embedMethods));
  }
  if (op === 'GetAuthorizers') return paged(authorizersOf(api), (a) => a);
  if (op === 'GetAuthorizer') {
    const found = authorizersOf(api).find((a) => a.id === segs[3]);
    // Wording as API Gateway gives it for an unknown authorizer id (aws/chalice#304, on
    // CreateDeployment); NotFoundException as for a deployment (docs/aws-behaviour.md §5d).
    return found ? send(200, found) : fail(gatewayErrors.notFound('Invalid Authorizer identifier specified'));
  }
  // One deployment serves every stage (the routes not marked `deployed: false`), and each canary
  // its own (its routes).
  const deploymentId = api.deploymentId;
  if (op === 'GetDeployment') {
    const canary = Object.keys(api.world.canaries).find(
      (stage) => api.canaries.get(stage)!.deploymentId === segs[3],
    );
    if (segs[3] !== deploymentId && canary === undefined)
      return fail(gatewayErrors.notFound('Invalid Deployment identifier specified'));
    const routes =
      canary === undefined
        ? api.world.routes.filter((x) => x.deployed !== false)
        : api.world.canaries[canary]!.routes;
    const embed = new URLSearchParams(r.query).getAll('embed').join(',').split(',');
    // MethodSnapshot (botocore apigateway model): authorizationType and apiKeyRequired only.
    const summary: Record<string, Record<string, unknown>> = {};
    for (const route of routes)
      (summary[route.path] ??= {})[route.method] = {
        authorizationType: route.authorizationType,
        apiKeyRequired: route.gatewayAnswer === 'api-key-required',
      };
    return send(200, {
      id: segs[3],
      createdDate: api.createdDate,
      ...(embed.includes('apisummary') ? { apiSummary: summary } : {}),
    });
  }
  return send(200, {
    item: api.world.stages.map((s) => {
      const canary = api.world.canaries[s];
      return {
        stageName: s,
        deploymentId,
        createdDate: api.createdDate,
        lastUpdatedDate: api.createdDate,
        cacheClusterEnabled: false,
        tracingEnabled: false,
        // CanarySettings (botocore apigateway model): the canary's deployment and its share.
        ...(canary
          ? {
              canarySettings: {
                ...(canary.percentTraffic === undefined ? {} : { percentTraffic: canary.percentTraffic }),
                deploymentId: api.canaries.get(s)!.deploymentId,
                useStageCache: false,
              },
            }
          : {}),
      };
    }),
  });
}

interface ApiResource {
  id: string;
  parentId?: string;
  path: string;
  methods: ApiState['world']['routes'];
}

/** The API's resource tree from its routes: every route's path and each of its ancestors, root first. */
export function resourcesOf(api: ApiState): ApiResource[] {
  const paths = new Set<string>(['/']);
  for (const route of api.world.routes) {
    const segs = route.path.split('/').filter(Boolean);
    for (let i = 1; i <= segs.length; i++) paths.add(`/${segs.slice(0, i).join('/')}`);
  }
  const idOf = (path: string) =>
    path === '/' ? api.rootResourceId : stableId('', `resource:${api.world.id}:${path}`, 6).toLowerCase();
  return [...paths].sort().map((path) => {
    const parent = path === '/' ? undefined : path.slice(0, path.lastIndexOf('/')) || '/';
    return {
      id: idOf(path),
      ...(parent ? { parentId: idOf(parent) } : {}),
      path,
      methods: api.world.routes.filter((route) => route.path === path),
    };
  });
}

/** A Resource as GetResources returns it: `resourceMethods` keyed by verb, the Method itself with `embed=methods`. */
function resourceJson(api: ApiState, res: ApiResource, embedMethods: boolean): Record<string, unknown> {
  return {
    id: res.id,
    ...(res.parentId
      ? { parentId: res.parentId, pathPart: res.path.slice(res.path.lastIndexOf('/') + 1) }
      : {}),
    path: res.path,
    ...(res.methods.length
      ? {
          resourceMethods: Object.fromEntries(
            res.methods.map((m) => [
              m.method,
              embedMethods
                ? {
                    httpMethod: m.method,
                    authorizationType: m.authorizationType,
                    ...(m.authorizer ? { authorizerId: api.authorizerIds[m.authorizer] } : {}),
                    apiKeyRequired: m.gatewayAnswer === 'api-key-required',
                  }
                : {},
            ]),
          ),
        }
      : {}),
  };
}

/**
 * The API's authorizers as GetAuthorizers returns them (botocore apigateway model `Authorizer`):
 * a Lambda one (TOKEN, REQUEST) names its function's invocation URI, a Cognito one its user pool;
 * both read the token from the Authorization header. Sorted by id, so pages are stable.
 */
export function authorizersOf(api: ApiState): Record<string, unknown>[] {
  const { region } = api;
  const account = api.world.account;
  return Object.entries(api.world.authorizers)
    .map(([name, a]) => {
      const id = api.authorizerIds[name]!;
      const lambda = `arn:aws:lambda:${region}:${account}:function:${name}`;
      return {
        id,
        name,
        type: a.type,
        ...(a.type === 'COGNITO_USER_POOLS'
          ? { providerARNs: [`arn:aws:cognito-idp:${region}:${account}:userpool/${region}_${id}`] }
          : {
              authorizerUri: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${lambda}/invocations`,
            }),
        identitySource: 'method.request.header.Authorization',
        authorizerResultTtlInSeconds: 300,
      };
    })
    .sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}
