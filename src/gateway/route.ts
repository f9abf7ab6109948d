// curl-style --connect-to and --resolve: they change only where the TCP connection goes. The URL,
// the Host header and the TLS SNI stay what AWS would see.
import { isIP } from 'node:net';
import { InputError } from '../errors.js';

export interface ConnectToRule {
  /** '' matches any host. */
  fromHost: string;
  /** null matches any port. */
  fromPort: number | null;
  /** '' keeps the host. */
  toHost: string;
  /** null keeps the port. */
  toPort: number | null;
}

export interface ResolveRule {
  /** '' or '*' matches any host. */
  host: string;
  port: number | null;
  addresses: string[];
}

/** Split on ':' outside [brackets] (IPv6 literals). */
function splitColons(s: string): string[] | null {
  const parts: string[] = [];
  let cur = '';
  let depth = 0;
  for (const ch of s) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (depth < 0) return null;
    if (ch === ':' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (depth !== 0) return null;
  parts.push(cur);
  return parts;
}

function unbracket(h: string): string {
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}

function parsePort(p: string, allowEmpty: boolean): number | null | undefined {
  if (p === '') return allowEmpty ? null : undefined;
  if (!/^\d{1,5}$/.test(p)) return undefined;
  const n = Number(p);
  return n >= 1 && n <= 65535 ? n : undefined;
}

const HOST_RE =
  /^(?:[A-Za-z0-9*](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/;
const validHost = (h: string) => h === '' || isIP(unbracket(h)) !== 0 || HOST_RE.test(h);

/** Parse `HOST1:PORT1:HOST2:PORT2` (empty HOST or PORT matches any / keeps it), e.g. `::127.0.0.1:8443`. */
export function parseConnectTo(spec: string, source = '--connect-to'): ConnectToRule {
  const bad = (why: string) =>
    new InputError(
      `malformed ${source} "${spec}": ${why} (expected HOST1:PORT1:HOST2:PORT2, e.g. ::127.0.0.1:8443)`,
    );
  const parts = splitColons(spec.trim());
  if (!parts || parts.length !== 4) throw bad('it needs exactly four colon-separated fields');
  const [fromHost, fromPortS, toHost, toPortS] = parts as [string, string, string, string];
  const fromPort = parsePort(fromPortS, true);
  const toPort = parsePort(toPortS, true);
  if (fromPort === undefined) throw bad(`"${fromPortS}" is not a port`);
  if (toPort === undefined) throw bad(`"${toPortS}" is not a port`);
  if (!validHost(fromHost)) throw bad(`"${fromHost}" is not a host name`);
  if (!validHost(toHost)) throw bad(`"${toHost}" is not a host name or address`);
  if (toHost === '' && toPort === null) throw bad('it names neither a host nor a port to connect to');
  return { fromHost: unbracket(fromHost).toLowerCase(), fromPort, toHost: unbracket(toHost), toPort };
}

/** Parse `HOST:PORT:ADDR[,ADDR...]` (HOST may be '*' or empty for any). */
export function parseResolve(spec: string): ResolveRule {
  const bad = (why: string) =>
    new InputError(
      `malformed --resolve "${spec}": ${why} (expected HOST:PORT:ADDRESS, e.g. api.example.com:443:127.0.0.1)`,
    );
  const s = spec.trim().replace(/^\+/, '');
  const parts = splitColons(s);
  if (!parts || parts.length !== 3)
    throw bad('it needs exactly three colon-separated fields (bracket IPv6 addresses)');
  const [host, portS, addrS] = parts as [string, string, string];
  const port = parsePort(portS, true);
  if (port === undefined) throw bad(`"${portS}" is not a port`);
  if (host !== '*' && !validHost(host)) throw bad(`"${host}" is not a host name`);
  const addresses = addrS.split(',').map((a) => unbracket(a.trim()));
  if (addresses.length === 0 || addresses.some((a) => isIP(a) === 0))
    throw bad(`"${addrS}" is not a list of IP addresses`);
  return { host: host === '*' ? '' : host.toLowerCase(), port, addresses };
}

export interface Route {
  /** Where TCP goes. */
  connectHost: string;
  connectPort: number;
}

/** Apply the first matching --connect-to, then --resolve for the host connected to. */
export function routeFor(
  host: string,
  port: number,
  connectTo: ConnectToRule[],
  resolve: ResolveRule[],
): Route {
  let connectHost = host;
  let connectPort = port;
  const h = host.toLowerCase();
  const rule = connectTo.find(
    (r) => (r.fromHost === '' || r.fromHost === h) && (r.fromPort === null || r.fromPort === port),
  );
  if (rule) {
    if (rule.toHost !== '') connectHost = rule.toHost;
    if (rule.toPort !== null) connectPort = rule.toPort;
  }
  const ch = connectHost.toLowerCase();
  const res = resolve.find(
    (r) => (r.host === '' || r.host === ch) && (r.port === null || r.port === connectPort),
  );
  if (res) connectHost = res.addresses[0]!;
  return { connectHost, connectPort };
}
