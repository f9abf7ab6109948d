// The execute-api data plane as a private API reached through an interface endpoint. The order of
// checks is API Gateway's: which API (from Host, SNI or x-apigw-api-id; an alias name only for an
// associated endpoint); faults; the signature; the endpoint policy; stage, route and method; the method's auth
// type; then the resource and identity policies. Every decision is the policy engine's.
import { parseExecuteApiHost } from '../identifiers/index.js';
import { authorizeCall, endpointAllows, requestContext } from '../policy/index.js';
import { authorizeAs } from './authorize.js';
import type { ChainInput, Principal, RequestContext } from '../policy/types.js';
import { authorizerMayOverride, matchRoute, pathSegments } from '../routes/index.js';
import type { DeployedRoute } from '../config/world.js';
import { SANDBOX_ENDPOINT_HEADER } from './diagnostics.js';
import { EXECUTE_API_FRONT, verifyRequest } from '../signing/verify.js';
import { GATEWAY_ANSWER_ERRORS, gatewayErrors, type GatewayError } from './errors.js';
import { hostName, json, newApigwId, newRequestId, safeDecode, type Received, type Reply } from './http.js';
import {
  credentialsOf,
  sessionKeysOf,
  type ApiState,
  type Caller,
  type EndpointState,
  type SandboxState,
} from './state.js';

export type Addressing = 'private-dns' | 'alias' | 'endpoint-host' | 'endpoint-api-id';

/** Is this Host (or SNI) one the execute-api data plane answers? */
export function isExecuteApiHost(host: string): boolean {
  const h = hostName(host);
  return parseExecuteApiHost(h) !== undefined;
}

/** Which API, through which endpoint, addressed how; or why it cannot be found (always Forbidden). */
export function resolveTarget(
  state: SandboxState,
  r: Received,
): { ok: true; api: ApiState; endpoint: EndpointState; addressing: Addressing } | { ok: false } {
  const host = hostName(r.host);
  const sni = r.sni ? hostName(r.sni) : undefined;
  let apiId: string | undefined;
  let endpoint: EndpointState | undefined;
  let addressing: Addressing;
  const named = parseExecuteApiHost(host);
  if (named?.kind === 'alias') {
    addressing = 'alias';
    apiId = named.apiId;
    const e = state.endpoints.get(named.vpceId);
    endpoint = e && e.region === named.region ? e : undefined;
  } else if (named?.kind === 'private-dns') {
    apiId = named.apiId;
    if (sni && parseExecuteApiHost(sni)?.kind === 'endpoint-dns') {
      // Connected to the endpoint-specific name, Host overridden to the API's name.
      addressing = 'endpoint-host';
      endpoint = state.endpointByDnsName(sni);
    } else {
      addressing = 'private-dns';
      endpoint = state.privateDnsEndpoint(named.region);
    }
  } else if (named?.kind === 'endpoint-dns') {
    addressing = 'endpoint-api-id';
    endpoint = state.endpointByDnsName(host);
    apiId = r.headers['x-apigw-api-id']?.trim().toLowerCase();
  } else return { ok: false };
  if (!endpoint || !apiId) return { ok: false };
  const api = state.apis.get(apiId);
  // Another region than the endpoint's: API Gateway answers Forbidden. Association (vpcEndpointIds)
  // is not an access gate: it only creates the alias name, so only the alias needs it; through
  // private DNS or the endpoint's own names the resource policy decides (docs/aws-behaviour.md §1).
  if (!api || api.region !== endpoint.region) return { ok: false };
  if (addressing === 'alias' && !api.world.vpcEndpointIds.includes(endpoint.world.id)) return { ok: false };
  return { ok: true, api, endpoint, addressing };
}

/** What the checks decide: an error from the table, or the echo integration's answer. */
type Outcome = { error: GatewayError } | { status?: number; body: Record<string, unknown> };

export async function handleExecuteApi(state: SandboxState, r: Received): Promise<Reply> {
  state.count('execute-api:Invoke');
  const requestId = newRequestId();
  const apigwId = newApigwId();
  // Sandbox-only: which endpoint the request came through, once known (src/sandbox/diagnostics.ts).
  const diagnostics: Record<string, string> = {};
  const reply = (
    o: GatewayError | { status: number; body: unknown },
    extra: Record<string, string> = {},
  ): Reply => {
    state.counters.statuses[o.status] = (state.counters.statuses[o.status] ?? 0) + 1;
    const headers: Record<string, string> = {
      'x-amzn-RequestId': requestId,
      'x-amz-apigw-id': apigwId,
      ...diagnostics,
      ...extra,
    };
    if ('type' in o) headers['x-amzn-ErrorType'] = o.type;
    return json(o.status, o.body, headers);
  };

  const target = resolveTarget(state, r);
  if (!target.ok) return reply(gatewayErrors.forbidden());
  const { api, endpoint, addressing } = target;
  diagnostics[SANDBOX_ENDPOINT_HEADER] = endpoint.world.id;

  // Faults, drawn in a fixed order so a seed fixes the sequence.
  const f = api.faults;
  const [dReset, dThrottle, dError, dJitter] = [api.rng(), api.rng(), api.rng(), api.rng()];
  const delayMs = f.latencyMs + Math.floor(dJitter * (f.jitterMs + 1));
  const withDelay = (x: Reply): Reply => (delayMs > 0 ? { ...x, delayMs } : x);
  if (delayMs > 0) state.counters.faults.latency = (state.counters.faults.latency ?? 0) + 1;
  if (dReset * 100 < f.resetPercent) {
    state.counters.faults.reset = (state.counters.faults.reset ?? 0) + 1;
    return { kind: 'reset', ...(delayMs > 0 ? { delayMs } : {}) };
  }
  if (dThrottle * 100 < f.throttlePercent) {
    state.counters.faults.throttle = (state.counters.faults.throttle ?? 0) + 1;
    return withDelay(reply(gatewayErrors.throttled()));
  }
  if (dError * 100 < f.errorPercent) {
    state.counters.faults.error = (state.counters.faults.error ?? 0) + 1;
    return withDelay(
      reply(dError * 200 < f.errorPercent ? gatewayErrors.internal() : gatewayErrors.unavailable()),
    );
  }

  const outcome = await decide(state, r, api, endpoint, addressing, requestId);
  return withDelay(
    reply('error' in outcome ? outcome.error : { status: outcome.status ?? 200, body: outcome.body }),
  );
}

async function decide(
  state: SandboxState,
  r: Received,
  api: ApiState,
  endpoint: EndpointState,
  addressing: Addressing,
  requestId: string,
): Promise<Outcome> {
  // Authentication: no Authorization header means anonymous.
  const now = new Date(state.now().getTime() + api.faults.clockSkewSeconds * 1000);
  const v = await verifyRequest(
    { method: r.method, host: r.host, path: r.path, query: r.query, headers: r.headers, body: r.body },
    state.lookup,
    { now, service: 'execute-api', expectedRegion: api.region, sigV4a: true, front: EXECUTE_API_FRONT },
  );
  let caller: Caller | undefined;
  // A bearer token (no SigV4 at all) is an anonymous caller to the endpoint policy and to a method
  // that does not need a signature; an AWS_IAM method refuses it as an incomplete signature
  // (apigateway-vpc-endpoint-policies; docs/aws-behaviour.md §6).
  let notSigV4: string | undefined;
  if (!v.ok) {
    switch (v.kind) {
      case 'missing':
        break;
      case 'incomplete':
        if (v.notSigV4) {
          notSigV4 = v.message;
          break;
        }
        return { error: gatewayErrors.incompleteSignature(v.message) };
      case 'unknown-key':
        return { error: gatewayErrors.invalidToken(v.message) };
      case 'expired-token':
        return { error: gatewayErrors.expiredToken(v.message) };
      default:
        return { error: gatewayErrors.invalidSignature(v.message) };
    }
  } else {
    caller = state.callerOf(v.accessKeyId);
    if (!caller)
      return {
        error: gatewayErrors.invalidToken('The security token included in the request is invalid.'),
      };
  }
  const principal: Principal = caller?.principal ?? { kind: 'anonymous' };
  const who = caller?.arn ?? 'anonymous';

  // Stage and path (decoded per segment, as API Gateway matches and authorizes them).
  const [stageSeg, ...rest] = pathSegments(r.path);
  const stage = stageSeg ?? '';
  const resourcePath = `/${rest.join('/')}`;
  const method = r.method.toUpperCase();
  // No stage in the path: nothing to authorize against; API Gateway answers as for any unknown path.
  if (!stageSeg) return { error: gatewayErrors.missingAuthenticationToken() };
  const clock = {
    'aws:CurrentTime': now.toISOString(),
    'aws:EpochTime': Math.floor(now.getTime() / 1000),
    'aws:SecureTransport': r.tls !== false,
  };
  const vpcSourceIp = state.world.runnerAddress ?? r.remoteAddress;
  const ctx: RequestContext = requestContext(
    principal,
    {
      region: api.region,
      account: api.world.account,
      apiId: api.world.id,
      stage,
      method,
      path: resourcePath,
      sourceVpce: endpoint.world.id,
      sourceVpc: endpoint.world.vpc,
      // aws:VpcSourceIp: the caller's own address; AWS sets it for every call through an endpoint.
      ...(vpcSourceIp ? { vpcSourceIp } : {}),
      // aws:SourceIp: absent through an endpoint (IAM), unless the world plays the rewritten reading.
      ...(state.world.sourceIpThroughEndpoint ? { sourceIp: state.world.sourceIpThroughEndpoint } : {}),
      // aws:UserAgent / aws:Referer: the caller's own headers, when sent.
      ...(r.headers['user-agent'] !== undefined ? { userAgent: r.headers['user-agent'] } : {}),
      ...(r.headers.referer !== undefined ? { referer: r.headers.referer } : {}),
      // aws:ResourceOrgID / aws:ResourceOrgPaths: the API account's organization, when it has one.
      ...resourceOrg(state, api.world.account),
    },
    caller
      ? {
          ...(state.orgIdOf(caller.account) ? { orgId: state.orgIdOf(caller.account)! } : {}),
          ...state.orgPathsOf(caller.account),
          tags: caller.tags,
          userId: caller.userId,
          credentials: credentialsOf(caller),
          context: { ...clock, ...sessionKeysOf(caller, state.now()) },
        }
      : { context: clock },
  );
  const resourceArn = ctx.resource;

  // The endpoint policy filters first: a deny there ends the call before API Gateway routes it.
  // Most calls pass it: the engine's endpoint step alone, and the full decision (explicit or
  // implicit, for the error) only for a call it refuses.
  // The caller's boundary as authorizeAs gives it: with one, a NotPrincipal Deny applies whatever it names.
  const boundary = (caller?.boundary ?? caller?.role?.boundary)?.policy;
  if (!endpointAllows(endpoint.policy, ctx, boundary)) {
    const atEndpoint = authorizeCall(
      {
        endpointPolicy: endpoint.policy,
        authorizationType: 'NONE',
        ...(boundary ? { permissionsBoundary: boundary } : {}),
      },
      ctx,
    );
    return {
      error: gatewayErrors.accessDenied(
        who,
        resourceArn,
        'endpoint',
        atEndpoint.detail === 'ExplicitDeny',
        state.world.denialMessages,
      ),
    };
  }

  // Stage, route and method: anything unknown is "Missing Authentication Token", as in AWS.
  if (!api.world.stages.includes(stage)) return { error: gatewayErrors.missingAuthenticationToken() };
  // Only what is deployed to the stage serves: its deployment's routes, or its canary's for the
  // share of calls the canary takes (a route defined since is not served: AWS: redeploy).
  // Who calls what (a presigned URL's own parameters change with every signature: not part of it).
  const deployment = servingDeployment(
    api,
    stage,
    `${who} ${method} ${r.path}?${withoutPresigning(r.query)}`,
  );
  const route = matchRoute(deployment.routes, method, rest);
  if (!route) return { error: gatewayErrors.missingAuthenticationToken() };
  if (route.authorizationType === 'AWS_IAM' && !caller)
    return {
      error:
        notSigV4 !== undefined
          ? gatewayErrors.incompleteSignature(notSigV4)
          : gatewayErrors.missingAuthenticationToken(),
    };
  const authorizer = route.authorizer === undefined ? undefined : api.world.authorizers[route.authorizer];
  // A Cognito authorizer authenticates the caller before the resource policy is read (§5d).
  if (route.authorizationType === 'COGNITO_USER_POOLS' && authorizer?.decision === 'unauthorized')
    return { error: gatewayErrors.unauthorized() };
  if (route.authorizationType === 'COGNITO_USER_POOLS' && authorizer?.decision === 'fail')
    return { error: gatewayErrors.authorizerFailed() };

  // Whether the resource policy sees the signer on an authorizer's route is not established (AWS
  // documents anonymous for resource policies on routes not AWS_IAM; docs/aws-behaviour.md §5d):
  // the world says which reading the sandbox plays, and spokegate predicts under both.
  // So is it on a NONE route (noneRouteCaller).
  const anonymousToResource =
    ((route.authorizationType === 'CUSTOM' || route.authorizationType === 'COGNITO_USER_POOLS') &&
      state.world.authorizerRouteCaller === 'anonymous') ||
    (route.authorizationType === 'NONE' && !!caller && state.world.noneRouteCaller === 'anonymous');
  const chain: ChainInput = {
    endpointPolicy: endpoint.policy,
    ...(anonymousToResource ? { anonymousToResource } : {}),
    // An authorizer's route is decided by the resource policy without the identity layer, as NONE;
    // the authorizer's own answer is applied below.
    authorizationType: route.authorizationType === 'AWS_IAM' ? 'AWS_IAM' : 'NONE',
    // None: the engine refuses every call, as AWS does for a private API without one.
    resourcePolicy: api.resourcePolicy ?? null,
    identityPolicies: caller?.identity ?? [],
    ...(caller?.sessionPolicies ? { sessionPolicies: caller.sessionPolicies } : {}),
    resourceAccount: api.world.account,
  };
  const { decision, layer } = authorizeAs(caller, chain, ctx);
  // A Lambda authorizer is called unless the policies refused first (an explicit deny, the endpoint
  // policy, no resource policy); its policy then counts with the resource policy (Table A, §5d).
  if (
    route.authorizationType === 'CUSTOM' &&
    (decision.decision === 'allow' ||
      authorizerMayOverride('CUSTOM', decision, api.resourcePolicy !== undefined))
  ) {
    if (authorizer?.decision === 'unauthorized') return { error: gatewayErrors.unauthorized() };
    if (authorizer?.decision === 'fail') return { error: gatewayErrors.authorizerFailed() };
    if (authorizer?.decision !== 'allow')
      return { error: gatewayErrors.authorizerDenied(state.world.denialMessages) };
  } else if (decision.decision === 'deny') {
    return {
      error: gatewayErrors.accessDenied(
        anonymousToResource ? 'anonymous' : who,
        resourceArn,
        layer ?? 'none',
        decision.detail === 'ExplicitDeny',
        state.world.denialMessages,
      ),
    };
  }

  // Allowed through every policy. A route can be set to answer as API Gateway would after
  // authorization (request validation, ...), or with its backend's own status (world.md).
  if (route.gatewayAnswer) return { error: GATEWAY_ANSWER_ERRORS[route.gatewayAnswer]() };
  if (route.integrationStatus !== undefined && route.integrationStatus !== 200) {
    return {
      status: route.integrationStatus,
      body: {
        message: `the integration answered ${route.integrationStatus}`,
        route: `${route.method} ${route.path}`,
      },
    };
  }

  // The echo integration: who called which route.
  const body = {
    route: `${route.method} ${route.path}`,
    method,
    path: resourcePath,
    stage,
    api: { alias: api.alias, id: api.world.id, account: api.world.account },
    caller: caller
      ? {
          arn: caller.arn,
          account: caller.account,
          principalArn: caller.role?.world.arn ?? caller.arn,
          userId: caller.userId,
        }
      : { arn: 'anonymous' },
    authorizationType: route.authorizationType,
    ...(route.authorizer ? { authorizer: api.authorizerIds[route.authorizer] } : {}),
    deployment: deployment.id,
    endpoint: endpoint.world.id,
    addressing,
    // Without presigned-URL parameters: the session token must never come back in a body.
    query: withoutPresigning(r.query),
    bodyBytes: r.body.length,
    requestId,
  };
  return { body };
}

/**
 * The share the sandbox gives a world canary that states none (GetStages then gives none either).
 * AWS documents no default (docs/aws-behaviour.md §5d): even odds make both deployments answer, so
 * a client that took the stage to serve one deployment alone is contradicted.
 */
const CANARY_UNSTATED_SHARE = 50;

/**
 * The deployment a call to `stage` reaches: the stage's own, or its canary's for the share of calls
 * `percentTraffic` gives it. Each call is drawn by itself (`request`: who calls what; AWS chooses at
 * random per request), from the canary's seed: the same calls get the same deployments in any
 * order (0 and 100 fix every call's outright).
 */
export function servingDeployment(
  api: ApiState,
  stage: string,
  request: string,
): { id: string; routes: readonly DeployedRoute[] } {
  const canary = api.canaries.get(stage);
  const settings = api.world.canaries[stage];
  const share = settings?.percentTraffic ?? CANARY_UNSTATED_SHARE;
  if (canary && settings && canary.draw(request) * 100 < share)
    return { id: canary.deploymentId, routes: settings.routes };
  return { id: api.deploymentId, routes: api.world.routes.filter((r) => r.deployed !== false) };
}

/** A query string without a presigned URL's `X-Amz-*` parameters. */
function withoutPresigning(query: string): string {
  return query
    .split('&')
    .filter((p) => p && !/^x-amz-/i.test(safeDecode(p)))
    .join('&');
}

/** The organization facts of the API's account (docs/aws-behaviour.md §8, resource keys). */
function resourceOrg(
  state: SandboxState,
  account: string,
): { resourceOrgId?: string; resourceOrgPaths?: string[] } {
  const id = state.orgIdOf(account);
  if (!id) return {};
  const paths = state.orgPathsOf(account).orgPaths;
  return { resourceOrgId: id, ...(paths?.length ? { resourceOrgPaths: paths } : {}) };
}
