// EC2 (Query protocol, EC2 XML flavour): DescribeVpcEndpoints with ids, filters and pagination, in
// the exact shape the AWS CLI and SDK v3 parse (reference/aws-behaviour.md §5). An account sees its
// own endpoints in the region its request is scoped to.
import { createHash } from 'node:crypto';
import { escapeRegex, globSource } from '../escape/index.js';
import { authorizeControlPlane } from './authorize.js';
import { decodeToken, pageOf } from './paging.js';
import { controlPlaneDenial, ec2Errors, ec2ErrorXml, type Ec2Error } from './errors.js';
import { wireInteger, xml, type Received, type Reply } from './http.js';
import type { EndpointState, SandboxState } from './state.js';
import { queryRequest, type AuthErrors } from './sts.js';
import { xmlDocument, type XmlElements } from './xml.js';

const NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
/** The filters DescribeVpcEndpoints documents (botocore ec2 service-2.json), besides `tag:KEY`. */
const FILTERS = [
  'vpc-endpoint-id',
  'service-name',
  'service-region',
  'vpc-id',
  'vpc-endpoint-type',
  'vpc-endpoint-state',
  'ip-address-type',
  'tag-key',
] as const;
type FilterName = (typeof FILTERS)[number] | `tag:${string}`;

/** `Prefix.1`, `Prefix.2`, ... in numeric order. */
function listParam(params: Map<string, string>, prefix: string): string[] {
  const out: [number, string][] = [];
  const re = new RegExp(`^${escapeRegex(prefix)}\\.(\\d+)$`);
  for (const [k, v] of params) {
    const m = re.exec(k);
    if (m) out.push([Number(m[1]), v]);
  }
  return out.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

/** EC2 filter values accept * and ? wildcards. */
function globMatch(pattern: string, value: string): boolean {
  return new RegExp(`^${globSource(pattern, '.*', '.')}$`).test(value);
}

/** The values an endpoint has for a filter (a filter matches when any value matches any pattern). */
function fieldValues(e: EndpointState, name: FilterName): string[] {
  if (name.startsWith('tag:')) {
    const v = e.world.tags[name.slice(4)];
    return v === undefined ? [] : [v];
  }
  switch (name) {
    case 'vpc-endpoint-id':
      return [e.world.id];
    case 'service-name':
      return [serviceName(e)];
    case 'service-region':
      return [e.region];
    case 'vpc-id':
      return [e.world.vpc];
    case 'vpc-endpoint-type':
      return ['Interface'];
    case 'vpc-endpoint-state':
      return ['available'];
    case 'ip-address-type':
      return ['ipv4'];
    case 'tag-key':
      return Object.keys(e.world.tags);
  }
  return [];
}

const serviceName = (e: EndpointState) => e.world.serviceName ?? `com.amazonaws.${e.region}.execute-api`;
/** One `<item>` of `<vpcEndpointSet>`. */
function endpointItem(e: EndpointState): XmlElements {
  const w = e.world;
  const zone = 'Z1YSA3EXCYUU9Z';
  const dns = [...e.dnsNames.map((n) => ({ name: n, zone }))];
  if (w.privateDns) {
    dns.push({ name: `execute-api.${e.region}.amazonaws.com`, zone: 'ZONEIDPENDING' });
    dns.push({ name: `*.execute-api.${e.region}.amazonaws.com`, zone: 'ZONEIDPENDING' });
  }
  const enis = (w.subnets.length > 0 ? w.subnets : ['']).map(
    (s) =>
      `eni-${createHash('sha256')
        .update(w.id + s)
        .digest('hex')
        .slice(0, 17)}`,
  );
  return {
    vpcEndpointId: w.id,
    vpcEndpointType: 'Interface',
    vpcId: w.vpc,
    serviceName: serviceName(e),
    state: 'available',
    // A plain JSON string, XML-escaped (not URL-encoded, unlike IAM's Get*Policy).
    policyDocument: e.policyText,
    routeTableIdSet: {},
    subnetIdSet: { item: w.subnets },
    groupSet: { item: w.securityGroups.map((g) => ({ groupId: g, groupName: 'default' })) },
    ipAddressType: 'ipv4',
    dnsOptions: { dnsRecordIpType: 'ipv4' },
    privateDnsEnabled: w.privateDns,
    requesterManaged: false,
    networkInterfaceIdSet: { item: enis },
    dnsEntrySet: { item: dns.map((d) => ({ dnsName: d.name, hostedZoneId: d.zone })) },
    creationTimestamp: w.createdAt ?? '2024-05-01T09:30:00.000Z',
    tagSet: { item: Object.entries(w.tags).map(([k, v]) => ({ key: k, value: v })) },
    ownerId: w.account,
  };
}

const EC2_AUTH_ERRORS: AuthErrors<Ec2Error> = {
  incomplete: (m) => ec2Errors.incomplete(m),
  'expired-token': (m) => ec2Errors.expiredToken(m),
  skew: (m) => ec2Errors.skew(m),
  other: () => ec2Errors.authFailure(),
};

export async function handleEc2(state: SandboxState, r: Received): Promise<Reply> {
  const q = await queryRequest(state, r, 'ec2', ec2ErrorXml, EC2_AUTH_ERRORS);
  if ('reply' in q) return q.reply;
  const { requestId, fail, params, action, auth } = q;
  if (action !== 'DescribeVpcEndpoints') return fail(ec2Errors.invalidAction(action || '(none)'));
  const decision = authorizeControlPlane(state, auth.caller, `ec2:${action}`, '*', auth.region);
  if (!decision.allowed) {
    // EC2 names no resource for a Describe call.
    return fail(
      ec2Errors.unauthorized(
        controlPlaneDenial(auth.caller.arn, `ec2:${action}`, null, decision.explicit, decision.layer),
      ),
    );
  }

  // DryRun checks the permission alone: allowed, EC2 answers DryRunOperation, never the data
  // (botocore ec2 model `DryRun`; docs/aws-behaviour.md §5b).
  if (params.get('DryRun') === 'true') return fail(ec2Errors.dryRun());

  const ids = listParam(params, 'VpcEndpointId');
  for (const id of ids)
    if (!/^vpce-[0-9a-f]+$/.test(id)) return fail(ec2Errors.endpointMalformed(id.slice(0, 64)));
  const filters: { name: FilterName; values: string[] }[] = [];
  for (let n = 1; params.has(`Filter.${n}.Name`); n++) {
    const name = params.get(`Filter.${n}.Name`)!;
    if (!(FILTERS as readonly string[]).includes(name) && !/^tag:.+/.test(name)) {
      return fail(ec2Errors.invalidFilter(name.slice(0, 64)));
    }
    filters.push({ name: name as FilterName, values: listParam(params, `Filter.${n}.Value`) });
  }
  // "If the value is greater than 1,000, we return only 1,000 items" (DescribeVpcEndpoints MaxResults).
  const maxText = params.get('MaxResults');
  let max = 1000;
  if (maxText !== undefined) {
    max = wireInteger(maxText);
    if (!Number.isInteger(max) || max < 1) {
      return fail(
        ec2Errors.invalidParameterValue(
          `Value ( ${maxText.slice(0, 16)} ) for parameter maxResults is invalid. Expecting a value greater than 0.`,
        ),
      );
    }
    max = Math.min(max, 1000);
  }
  let start = 0;
  const token = params.get('NextToken');
  if (token !== undefined && token !== '') {
    const offset = decodeToken(token);
    if (offset === undefined) return fail(ec2Errors.invalidNextToken());
    start = offset;
  }

  // The caller's account, in the region the request is scoped to.
  const visible = [...state.endpoints.values()].filter(
    (e) => e.world.account === auth.caller.account && e.region === auth.region,
  );
  for (const id of ids)
    if (!visible.some((e) => e.world.id === id)) return fail(ec2Errors.endpointNotFound(id));
  const matching = visible.filter(
    (e) =>
      (ids.length === 0 || ids.includes(e.world.id)) &&
      filters.every((f) => f.values.some((v) => fieldValues(e, f.name).some((x) => globMatch(v, x)))),
  );
  const page = pageOf(matching, start, state.pageSize(max));
  const body = xmlDocument(
    'DescribeVpcEndpointsResponse',
    NS,
    { requestId, vpcEndpointSet: { item: page.items.map(endpointItem) }, nextToken: page.next },
    { declaration: true },
  );
  return xml(200, body, requestId);
}
