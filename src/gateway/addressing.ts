// The four ways to address a private API through an execute-api endpoint (reference/aws-behaviour.md
// §1): which host the URL names, which Host header is sent (and signed), which SNI is used.
import { InputError } from '../errors.js';
import { aliasHost, privateDnsHost } from '../identifiers/index.js';

export { privateDnsHost };

export const addressingModes = ['private-dns', 'alias', 'endpoint-host', 'endpoint-api-id'] as const;
export type AddressingMode = (typeof addressingModes)[number];

export interface ApiRef {
  id: string;
  region: string;
  stage: string;
}

export interface EndpointRef {
  id: string;
  /** Endpoint-specific DNS name (vpce-...-....execute-api.REGION.vpce.amazonaws.com). */
  dnsName?: string;
}

export interface Addressed {
  /** The host in the URL: what DNS would resolve and TCP connect to. */
  urlHost: string;
  port: number;
  /** The Host header sent, which is also the host signed (with the port when not 443). */
  hostHeader: string;
  /** TLS server name (the host connected to by name). */
  sni: string;
  /** Extra routing headers (x-apigw-api-id). */
  headers: Record<string, string>;
}

export function address(
  api: ApiRef,
  endpoint: EndpointRef | undefined,
  mode: AddressingMode,
  port = 443,
): Addressed {
  const withPort = (h: string) => (port === 443 ? h : `${h}:${port}`);
  const needDns = (): string => {
    if (!endpoint?.dnsName) {
      throw new InputError(
        `addressing "${mode}" needs the endpoint-specific DNS name (--endpoint-dns or --vpce)`,
      );
    }
    return endpoint.dnsName.toLowerCase().replace(/\.$/, '');
  };
  switch (mode) {
    case 'private-dns': {
      const h = privateDnsHost(api);
      return { urlHost: h, port, hostHeader: withPort(h), sni: h, headers: {} };
    }
    case 'alias': {
      if (!endpoint?.id)
        throw new InputError('addressing "alias" needs the endpoint id (--vpce or --endpoint)');
      const h = aliasHost(api, endpoint.id);
      return { urlHost: h, port, hostHeader: withPort(h), sni: h, headers: {} };
    }
    case 'endpoint-host': {
      const dns = needDns();
      // The API's own host is sent and signed (AWS's cross-account sample); SNI names the endpoint.
      return { urlHost: dns, port, hostHeader: withPort(privateDnsHost(api)), sni: dns, headers: {} };
    }
    case 'endpoint-api-id': {
      const dns = needDns();
      return {
        urlHost: dns,
        port,
        hostHeader: withPort(dns),
        sni: dns,
        headers: { 'x-apigw-api-id': api.id },
      };
    }
    default: {
      const never: never = mode;
      throw new InputError(`unknown addressing mode "${String(never)}" (use ${addressingModes.join(', ')})`);
    }
  }
}
