// `spokegate call`: one signed request to a spoke API through the hub endpoint (docs/design.md).
// Exit 0 allowed, 1 denied, 3 error (no answer, throttled, 5xx, unrecognised), 2 bad input.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  awsClientConfig,
  baseCredentialsFromEnv,
  loadCaBundle,
  pemProblem,
  readEndpoint,
  RoleSessions,
  type SessionOptions,
} from '../../aws/index.js';
import {
  loadConfig,
  unsignableUser,
  type ApiConfig,
  type Config,
  type EndpointConfig,
} from '../../config/index.js';
import { EXIT, InputError } from '../../errors.js';
import { excerpt } from '../../escape/index.js';
import { isApiId, isRegion, isRoleArn, isVpceId } from '../../identifiers/index.js';
import { unknownAlias } from '../../suggest.js';
import { readInput } from '../../input/index.js';
import {
  address,
  createGatewayClient,
  parseConnectTo,
  parseResolve,
  requestTarget,
  routeFor,
  type AddressingMode,
  type CallResult,
} from '../../gateway/index.js';
import { roleSessionOptions } from '../../predict/index.js';
import { regionProblem, routeProblem, statedRoutes } from '../../routes/index.js';
import { redactSecrets } from '../../signing/sign.js';
import type { Credentials } from '../../signing/types.js';
import type { Io } from '../io.js';
import { integerOption } from '../options.js';

export interface CallOptions {
  as: string;
  api?: string;
  apiId?: string;
  stage?: string;
  region?: string;
  endpoint?: string;
  vpce?: string;
  endpointDns?: string;
  addressing?: AddressingMode;
  resolve?: string[];
  connectTo?: string[];
  ca?: string;
  header?: string[];
  data?: string;
  config?: string;
  timeoutMs?: string;
  retries?: string;
  json?: boolean;
  verbose?: boolean;
}

const LOCAL_CONFIGS = ['spokegate.config.yaml', 'features/sandbox/spokegate.config.yaml'];

export async function run(opts: CallOptions, args: string[], io: Io): Promise<number> {
  const [methodArg, pathArg] = args;
  const plan = await plan_(opts, methodArg, pathArg, io);
  const gateway = createGatewayClient({
    timeoutMs: plan.timeoutMs,
    retries: plan.retries,
    ca: plan.ca,
    // Parsed once, here (they are checked before anything is sent); the client takes the rules.
    connectTo: plan.connectToRules,
    resolve: plan.resolveRules,
    keepAlive: false,
  });
  let result: CallResult;
  try {
    const credentials = await plan.credentials();
    if (opts.verbose) {
      const a = address(plan.api, plan.endpoint, plan.addressing);
      const r = routeFor(a.urlHost, a.port, plan.connectToRules, plan.resolveRules);
      io.err(
        `* ${plan.method} https://${a.urlHost}${target(plan.api.stage, plan.path)} (${plan.addressing}; Host: ${a.hostHeader}; ` +
          `SNI: ${a.sni}; TCP to ${r.connectHost}:${r.connectPort})`,
      );
      if (!credentials) io.err('* unsigned (anonymous)');
    }
    let attempt = 0;
    result = await gateway.call({
      api: plan.api,
      endpoint: plan.endpoint,
      addressing: plan.addressing,
      method: plan.method,
      path: plan.path,
      headers: plan.headers,
      ...(opts.data !== undefined ? { body: opts.data } : {}),
      credentials,
      onSigned: opts.verbose
        ? (s) => {
            attempt++;
            io.err(
              `* attempt ${attempt}: canonical request\n${redactSecrets(s.canonicalRequest, credentials)}`,
            );
            io.err(`* string to sign\n${redactSecrets(s.stringToSign, credentials)}`);
          }
        : undefined,
    });
  } finally {
    gateway.close();
    plan.close();
  }

  if (opts.json) {
    const { status, outcome, reason, requestId, errorType, message, body, attempts, latencyMs } = result;
    io.out(
      JSON.stringify({
        status,
        outcome,
        reason,
        requestId: requestId ?? null,
        errorType: errorType ?? null,
        message: message ?? null,
        body,
        attempts,
        latencyMs: Math.round(latencyMs),
      }),
    );
  } else {
    const parts = [
      `${result.status ?? '---'} ${result.outcome} (${result.reason})`,
      result.errorType,
      result.requestId && `requestId ${result.requestId}`,
      `${result.attempts} attempt${result.attempts === 1 ? '' : 's'}`,
      `${Math.round(result.latencyMs)} ms`,
    ].filter(Boolean);
    io.err(parts.join(', '));
    if (result.message && result.outcome !== 'allowed') io.err(result.message);
    if (result.status !== null) {
      const b = result.body;
      if (b !== '' && b !== null) io.out(typeof b === 'string' ? b : JSON.stringify(b, null, 2));
    }
  }
  return result.outcome === 'allowed' ? EXIT.ok : result.outcome === 'denied' ? EXIT.failed : EXIT.infra;
}

interface Plan {
  api: { id: string; region: string; stage: string };
  endpoint?: { id: string; dnsName?: string };
  addressing: AddressingMode;
  method: string;
  path: string;
  headers: Record<string, string>;
  timeoutMs: number;
  retries: number;
  ca?: string;
  connectToRules: ReturnType<typeof parseConnectTo>[];
  resolveRules: ReturnType<typeof parseResolve>[];
  credentials: () => Promise<Credentials | null>;
  close: () => void;
}

/** Check every input before anything goes on the network; bad input is an InputError (exit 2). */
async function plan_(
  opts: CallOptions,
  methodArg: string | undefined,
  pathArg: string | undefined,
  io: Io,
): Promise<Plan> {
  const env = io.env;
  // Loaded only when something needs it (an alias, --config, or a region not given otherwise).
  const state: { config?: Config | null } = {};
  const getConfig = (why: string): Config => {
    const c = maybeConfig();
    if (!c) throw new InputError(`${why} needs a config file (--config FILE, or spokegate.config.yaml here)`);
    return c;
  };
  const maybeConfig = (): Config | null => {
    if (state.config !== undefined) return state.config;
    if (opts.config) return (state.config = loadConfig(resolve(io.cwd, opts.config)));
    // Only a config here counts: `call` never falls back to the demo world's config silently.
    const found = LOCAL_CONFIGS.map((f) => resolve(io.cwd, f)).find((f) => existsSync(f));
    return (state.config = found ? loadConfig(found) : null);
  };

  // API Gateway REST APIs answer only these methods: anything else is a typo, not a probe.
  const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
  if (!methodArg || !METHODS.includes(methodArg.toUpperCase()))
    throw new InputError(
      `"${methodArg ?? ''}" is not an HTTP method API Gateway serves (${METHODS.join(', ')})`,
      {
        field: 'METHOD',
      },
    );
  const method = methodArg.toUpperCase();
  if (pathArg === undefined || /[\r\n\t]/.test(pathArg))
    throw new InputError('PATH is missing or has control characters');
  const path = pathArg.startsWith('/') ? pathArg : `/${pathArg}`;

  // The API: an alias from the config, or --api-id and --stage.
  let apiCfg: ApiConfig | undefined;
  let apiId = opts.apiId;
  let stage = opts.stage;
  if (opts.api) {
    const c = getConfig(`--api ${opts.api}`);
    apiCfg = c.apis[opts.api];
    if (!apiCfg) throw unknownAliasError('API', opts.api, c.apis, { file: c.file, field: 'apis' });
    apiId ??= apiCfg.id;
    stage ??= apiCfg.stage;
  }
  if (!apiId || !stage) throw new InputError('give --api ALIAS, or --api-id ID and --stage STAGE');
  if (!isApiId(apiId)) throw new InputError(`--api-id "${apiId}" is not a REST API id`);
  if (!/^[A-Za-z0-9_-]+$/.test(stage)) throw new InputError(`--stage "${stage}" is not a stage name`);
  // The routes and stages the config states for the API (`--api`, or an `--api-id` the config
  // knows): a call that reaches none is bad input, never sent (AWS would answer Missing
  // Authentication Token). `call` reads nothing for it: GetResources needs the API account's
  // reader, a run's business. An --api-id the config does not know has nothing to check against.
  const checked: [string, ApiConfig] | undefined =
    opts.api && apiCfg
      ? apiId === apiCfg.id
        ? [opts.api, apiCfg]
        : undefined
      : Object.entries(maybeConfig()?.apis ?? {}).find(([, a]) => a.id === apiId);
  if (checked) {
    const [alias, cfg] = checked;
    const problem = routeProblem(
      statedRoutes(alias, cfg, 'not stated'),
      { api: alias, stage, method, path },
      '--stage',
    );
    // The config's own stage was checked when it loaded: a stage problem here is --stage's.
    if (problem) throw new InputError(problem.message, problem.kind === 'route' ? { field: 'PATH' } : {});
  }

  // The endpoint: --vpce, --endpoint ALIAS, or the config's default endpoint.
  let epCfg: EndpointConfig | undefined;
  let vpceId = opts.vpce;
  if (opts.endpoint) {
    const c = getConfig(`--endpoint ${opts.endpoint}`);
    epCfg = c.endpoints[opts.endpoint];
    if (!epCfg)
      throw unknownAliasError('endpoint', opts.endpoint, c.endpoints, { file: c.file, field: 'endpoints' });
  } else if (!vpceId && opts.api) {
    const c = getConfig('the default endpoint');
    epCfg = c.defaults.endpoint ? c.endpoints[c.defaults.endpoint] : undefined;
  }
  vpceId ??= epCfg?.id;
  if (vpceId && !isVpceId(vpceId)) throw new InputError(`--vpce "${vpceId}" is not a VPC endpoint id`);

  // Commander checks --addressing against its choices and zod the config's: both are known modes.
  const addressing: AddressingMode = opts.addressing ?? epCfg?.addressing ?? 'private-dns';

  // Explicit flags, then the config the user pointed at, then the AWS variables, then a default config.
  // Each candidate with where it came from: a bad value is named by its source, never as --region.
  const [region, regionFrom] = firstGiven([
    [() => opts.region, '--region'],
    [() => apiCfg?.region, `apis.${opts.api ?? ''}.region`],
    [
      () => (opts.api || opts.endpoint || opts.config ? maybeConfig()?.region : undefined),
      "the config's region",
    ],
    [() => env.AWS_REGION, 'AWS_REGION'],
    [() => env.AWS_DEFAULT_REGION, 'AWS_DEFAULT_REGION'],
    [() => maybeConfig()?.region, "the config's region"],
  ]);
  if (!region)
    throw new InputError('missing region: give --region, or set AWS_REGION, or a region in the config');
  if (!isRegion(region)) throw new InputError(`${regionFrom} "${excerpt(region, 64)}" is not an AWS region`);

  // An interface endpoint reaches only its own region's APIs (docs/aws-behaviour.md §1c), as a run,
  // check and who-can say: a call through one in another region is bad input, never sent. The
  // endpoint's region is the config's (--endpoint, the default endpoint, or a --vpce it knows).
  const known =
    epCfg !== undefined
      ? Object.entries(state.config?.endpoints ?? {}).find(([, e]) => e === epCfg)
      : vpceId
        ? Object.entries(maybeConfig()?.endpoints ?? {}).find(([, e]) => e.id === vpceId)
        : undefined;
  if (known) {
    const c = state.config!;
    const [epAlias, ep] = known;
    const epRegion = ep.region ?? c.region;
    if (epRegion !== region) {
      const same = opts.api && apiCfg && region === (apiCfg.region ?? c.region);
      throw new InputError(
        same
          ? regionProblem(c, opts.api!, epAlias)!
          : `endpoint "${epAlias}" is in ${epRegion} and the API ${apiId} in ${region} (${regionFrom}): an interface endpoint reaches only its own region's APIs, so no call through "${epAlias}" reaches it (endpoints.${epAlias}.region)`,
      );
    }
  }

  // Connection overrides and TLS.
  const connectTo = opts.connectTo?.length
    ? opts.connectTo
    : env.SPOKEGATE_CONNECT_TO
      ? [env.SPOKEGATE_CONNECT_TO]
      : [];
  const connectToRules = connectTo.map((s) =>
    parseConnectTo(s, opts.connectTo?.length ? '--connect-to' : 'SPOKEGATE_CONNECT_TO'),
  );
  const resolveList = opts.resolve ?? [];
  const resolveRules = resolveList.map((s) => parseResolve(s));
  let ca: string | undefined;
  if (opts.ca) {
    const file = resolve(io.cwd, opts.ca);
    try {
      ca = readInput(file, 'ca', { anywhere: true, shown: opts.ca });
    } catch (e) {
      throw new InputError((e as Error).message, { field: '--ca' });
    }
    const problem = pemProblem(ca);
    if (problem) throw new InputError(problem, { file, field: '--ca' });
  } else {
    ca = loadCaBundle(undefined, env);
  }

  const headers: Record<string, string> = {};
  for (const h of opts.header ?? []) {
    // RFC 9110 §5.5: a field value is visible characters, spaces and tabs (no control character).
    const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*([\t\x20-\x7e\x80-\xff]*)$/.exec(h);
    // A header's value may be a credential (an API key): an error names the header, never the value.
    if (!m) throw new InputError(headerProblem(h));
    const name = m[1]!.toLowerCase();
    if (['host', 'authorization', 'x-amz-date', 'x-amz-security-token'].includes(name))
      throw new InputError(`-H ${m[1]}: spokegate sets this header itself`);
    headers[name] = m[2]!;
  }
  // Who signs: checked now, resolved (AssumeRole) only when the call is made.
  const who = opts.as;
  let roleArn: string | undefined;
  let roleOpts: SessionOptions = {};
  if (who !== 'self' && who !== 'anonymous') {
    if (who.startsWith('arn:')) {
      if (!isRoleArn(who))
        throw new InputError(`--as "${who}" is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)`);
      roleArn = who;
    } else {
      const c = getConfig(`--as ${who}`);
      const r = c.roles[who];
      if (!r)
        throw unknownAliasError(
          'role',
          who,
          c.roles,
          { file: c.file, field: 'roles' },
          {
            names: ['self', 'anonymous'],
            text: 'self, anonymous, a role ARN',
          },
        );
      if (r.user)
        throw new InputError(unsignableUser(who, r), {
          file: c.file,
          field: `${r.federated ? 'federated' : 'users'}.${who}`,
        });
      roleArn = r.arn;
      roleOpts = roleSessionOptions(c, r);
    }
  }
  const cfg = state.config ?? null;
  const timeoutMs =
    integerOption(opts.timeoutMs, '--timeout-ms', 100, 600_000) ?? cfg?.defaults.timeoutMs ?? 10_000;
  const retries = integerOption(opts.retries, '--retries', 0, 10) ?? cfg?.defaults.retries ?? 3;

  const awsEndpoints = cfg?.awsEndpoints;
  let sessions: RoleSessions | undefined;
  const getSessions = () =>
    (sessions ??= new RoleSessions({
      region,
      endpoints: awsEndpoints,
      env,
      caBundle: ca,
      onNote: (line) => io.err(line),
    }));

  // The endpoint-specific DNS name, when the addressing mode needs it.
  let dnsName = opts.endpointDns ?? epCfg?.dnsName;
  if (!dnsName && (addressing === 'endpoint-host' || addressing === 'endpoint-api-id')) {
    if (!vpceId)
      throw new InputError(
        `addressing "${addressing}" needs --endpoint-dns NAME, or --vpce ID to look it up`,
      );
    const info = await readEndpoint(
      awsClientConfig({
        region: epCfg?.region ?? region,
        service: 'ec2',
        endpoints: awsEndpoints,
        env,
        caBundle: ca,
        credentials: baseCredentialsFromEnv(env),
      }),
      vpceId,
    );
    dnsName = info.dnsNames[0];
    if (!dnsName) throw new InputError(`VPC endpoint ${vpceId} has no DNS names`);
  }
  if (addressing === 'alias' && !vpceId)
    throw new InputError('addressing "alias" needs --vpce ID or --endpoint ALIAS');

  return {
    api: { id: apiId, region, stage },
    ...(vpceId ? { endpoint: { id: vpceId, ...(dnsName ? { dnsName } : {}) } } : {}),
    addressing,
    method,
    path,
    headers,
    timeoutMs,
    retries,
    ...(ca ? { ca } : {}),
    connectToRules,
    resolveRules,
    credentials: async () => {
      if (who === 'anonymous') return null;
      if (who === 'self') return getSessions().self();
      return getSessions().get(roleArn!, roleOpts);
    },
    close: () => sessions?.close(),
  };
}

function target(stage: string, path: string): string {
  const t = requestTarget(stage, path);
  return t.query ? `${t.path}?${t.query}` : t.path;
}

/** An alias the config does not have: the closest name (of the config's and `also`'s) and the config's names. */
function unknownAliasError(
  kind: string,
  alias: string,
  known: Record<string, unknown>,
  where: { file: string; field: string },
  also?: { names: string[]; text: string },
): InputError {
  return new InputError(unknownAlias(kind, alias, Object.keys(known), { also }), where);
}

/** The first value given (not undefined), asked for in order, and the name of where it came from. */
function firstGiven(candidates: [() => string | undefined, string][]): [string | undefined, string] {
  for (const [get, from] of candidates) {
    const v = get();
    if (v !== undefined) return [v, from];
  }
  return [undefined, ''];
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Why `-H` is not 'Name: value', quoting at most the name: the value may be a credential. */
function headerProblem(h: string): string {
  const colon = h.indexOf(':');
  if (colon < 0) return `-H: no ":" between a name and a value ('Name: value'; the argument is not shown)`;
  const name = h.slice(0, colon);
  if (!HEADER_NAME.test(name))
    return `-H "${excerpt(name, 80)}: …": not a header name (letters, digits and !#$%&'*+.^_\`|~-; the value is not shown)`;
  return `-H ${name}: the value holds a line break, a control character or a character over U+00FF (a header value is one line of text; it is not shown)`;
}
