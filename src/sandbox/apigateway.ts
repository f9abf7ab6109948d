// API Gateway control plane (REST-JSON): GetRestApis and GetRestApi, plus the stages of an API.
// Every API of the world in the request's region is visible (a sandbox convenience: in AWS an
// account sees only its own APIs). `policy` is escaped the way API Gateway returns it.
import { gatewayErrors, type GatewayError } from './errors.js';
import { json, newRequestId, safeDecode, type Received, type Reply } from './http.js';
import type { ApiState, SandboxState } from './state.js';
import { authenticate } from './sts.js';

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

function authError(kind: string, message: string): GatewayError {
  switch (kind) {
    case 'missing':
      return gatewayErrors.missingAuthenticationToken();
    case 'incomplete':
      return gatewayErrors.incompleteSignature(message);
    case 'unknown-key':
      return gatewayErrors.invalidToken(message);
    case 'expired-token':
      return gatewayErrors.expiredToken(message);
    default:
      return gatewayErrors.invalidSignature(message);
  }
}

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
            : 'unknown';
  state.count(`apigateway:${op}`);
  const auth = await authenticate(state, r, 'apigateway');
  if (!auth.ok) return fail(authError(auth.kind, auth.message));
  if (r.method.toUpperCase() !== 'GET' || op === 'unknown') return fail(gatewayErrors.unknownOperation());

  const inRegion = [...state.apis.values()].filter((a) => a.region === auth.region);
  const notFound = (id: string) =>
    fail(
      gatewayErrors.notFound(`Invalid API identifier specified ${auth.caller.account}:${id.slice(0, 64)}`),
    );
  if (op === 'GetRestApis') {
    const q = new URLSearchParams(r.query);
    const limitText = q.get('limit');
    const limit = limitText === null ? 25 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
      return fail(
        gatewayErrors.badRequest('1 validation error detected: Member must have value between 1 and 500'),
      );
    }
    const position = q.get('position');
    let start = 0;
    if (position) {
      const i = inRegion.findIndex((a) => a.world.id === position);
      if (i < 0) return fail(gatewayErrors.badRequest('Invalid position parameter'));
      start = i;
    }
    const page = inRegion.slice(start, start + limit);
    const next = inRegion[start + limit];
    return send(200, { item: page.map(restApiJson), ...(next ? { position: next.world.id } : {}) });
  }
  const api = inRegion.find((a) => a.world.id === segs[1]);
  if (!api) return notFound(segs[1]!);
  if (op === 'GetRestApi') return send(200, restApiJson(api));
  return send(200, {
    item: api.world.stages.map((s) => ({
      stageName: s,
      deploymentId: `${api.world.id.slice(0, 6)}`,
      createdDate: api.createdDate,
      lastUpdatedDate: api.createdDate,
      cacheClusterEnabled: false,
      tracingEnabled: false,
    })),
  });
}
