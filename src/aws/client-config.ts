// Configuration for the AWS SDK v3 clients: the region, endpoint overrides (config file and the
// standard AWS_ENDPOINT_URL_* variables, so the same config works against the sandbox or another
// emulator) and an extra CA (AWS_CA_BUNDLE) added to the system roots. Verification is never off.
import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { InputError } from '../errors.js';
import { excerpt } from '../escape/index.js';
import { readInput } from '../input/index.js';
import { secureContextWithCa } from '../gateway/index.js';
import { iamSigningRegion, partitionOfRegion } from '../identifiers/index.js';

export type AwsService = 'sts' | 'ec2' | 'apigateway' | 'iam';

export interface AwsEndpointOverrides {
  sts?: string;
  ec2?: string;
  apigateway?: string;
  iam?: string;
}

export interface AwsClientConfigOptions {
  region: string | undefined;
  service: AwsService;
  /** From the config file (`awsEndpoints`). */
  endpoints?: AwsEndpointOverrides;
  env: NodeJS.ProcessEnv;
  /** Extra CA: PEM text or a path to a PEM file. Defaults to AWS_CA_BUNDLE. */
  caBundle?: string;
  credentials?: AwsCredentialIdentityProvider;
  /** The run's interruption: every request made with this config is aborted by it. */
  signal?: AbortSignal;
}

export interface AwsClientConfig {
  region: string;
  endpoint?: string;
  requestHandler?: NodeHttpHandler;
  /** Default: the SDK's own chain (from process.env). */
  credentials?: AwsCredentialIdentityProvider;
  /**
   * Not a client setting: what each reader passes to `send(command, { abortSignal })`, so a signal
   * closes the request's socket instead of leaving it to finish (readers take it out first).
   */
  abortSignal?: AbortSignal;
}

/** The service-specific variable names the AWS SDKs and CLI read. */
export const ENDPOINT_ENV: Record<AwsService, string> = {
  sts: 'AWS_ENDPOINT_URL_STS',
  ec2: 'AWS_ENDPOINT_URL_EC2',
  apigateway: 'AWS_ENDPOINT_URL_API_GATEWAY',
  iam: 'AWS_ENDPOINT_URL_IAM',
};

/**
 * The endpoint for a service: the service-specific variable, then AWS_ENDPOINT_URL, then the config
 * file (the environment wins, as in the AWS SDKs and CLI; the sandbox exports these variables).
 */
export function endpointFor(
  service: AwsService,
  env: NodeJS.ProcessEnv,
  endpoints?: AwsEndpointOverrides,
): string | undefined {
  // AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true turns the variables off, as in the AWS SDKs.
  const fromEnv =
    env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true'
      ? undefined
      : env[ENDPOINT_ENV[service]] || env.AWS_ENDPOINT_URL;
  const v = fromEnv || endpoints?.[service];
  if (!v) return undefined;
  let scheme: string | undefined;
  try {
    scheme = new URL(v).protocol;
  } catch {
    scheme = undefined;
  }
  if (scheme !== 'https:' && scheme !== 'http:') {
    const from = !fromEnv
      ? `the config's endpoint for ${service}`
      : env[ENDPOINT_ENV[service]]
        ? ENDPOINT_ENV[service]
        : 'AWS_ENDPOINT_URL';
    // Never the value itself: a URL may hold a password (ftp://user:PASSWORD@host) or a token.
    throw new InputError(
      `${from}: the endpoint override for ${service} is not an http(s) URL${scheme ? ` (scheme ${excerpt(scheme, 20)})` : ''}; its value is not shown, as a URL may hold a password`,
    );
  }
  return v;
}

/**
 * Why PEM text is no CA bundle, or undefined: it holds no certificate, or a block that does not parse
 * as one (TLS would fail on it at the first connection, after the run has started, or never, where no
 * connection is made; named at once instead, by its number, never quoted).
 */
export function pemProblem(text: string): string | undefined {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) return 'no PEM certificate in it';
  const bad = blocks.findIndex((b) => {
    try {
      new X509Certificate(b);
      return false;
    } catch {
      return true;
    }
  });
  return bad < 0 ? undefined : `certificate ${bad + 1} of ${blocks.length} is not a valid X.509 certificate`;
}

/** PEM text of the extra CA, or undefined. A path that cannot be read is a clear input error. */
export function loadCaBundle(caBundle: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const src = caBundle ?? env.AWS_CA_BUNDLE;
  if (!src) return undefined;
  if (src.includes('-----BEGIN CERTIFICATE-----')) {
    const problem = pemProblem(src);
    if (problem) throw new InputError(problem, { field: caBundle ? 'the CA bundle' : 'AWS_CA_BUNDLE' });
    return src;
  }
  try {
    // From the environment or the command line, not the project: read anywhere, never quoted.
    const text = readInput(src, 'ca', { anywhere: true, shown: src });
    const problem = pemProblem(text);
    if (problem) throw new InputError(problem, { file: src });
    return text;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot read the CA bundle (${(e as NodeJS.ErrnoException).code ?? 'error'})`, {
      file: src,
      field: caBundle ? undefined : 'AWS_CA_BUNDLE',
    });
  }
}

/** An https.Agent trusting the system roots plus the extra CA. */
export function agentWithCa(caPem: string, keepAlive = true): https.Agent {
  // The gateway's secure context for this CA (built once per process), not a `ca` list parsed
  // again for every connection.
  return new https.Agent({ keepAlive, secureContext: secureContextWithCa(caPem), rejectUnauthorized: true });
}

export function awsClientConfig(opts: AwsClientConfigOptions): AwsClientConfig {
  const region = opts.region || opts.env.AWS_REGION || opts.env.AWS_DEFAULT_REGION;
  if (!region)
    throw new InputError('no AWS region: give --region, set region in the config, or set AWS_REGION');
  const endpoint = endpointFor(opts.service, opts.env, opts.endpoints);
  const ca = loadCaBundle(opts.caBundle, opts.env);
  return {
    // IAM is global and signed for its partition's region (us-east-1 in aws): the SDK does so for
    // AWS's own endpoint, but signs with the configured region for an endpoint given (the sandbox,
    // a proxy), which IAM refuses (docs/aws-behaviour.md §5b).
    region: opts.service === 'iam' ? iamSigningRegion(partitionOfRegion(region)) : region,
    ...(endpoint ? { endpoint } : {}),
    ...(ca ? { requestHandler: new NodeHttpHandler({ httpsAgent: agentWithCa(ca) }) } : {}),
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    ...(opts.signal ? { abortSignal: opts.signal } : {}),
  };
}
