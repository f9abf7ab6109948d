// The request space of one API: every dimension a request varies in, each split into the regions
// the policies in force can tell apart (see dimension.ts). Values come from what the policies
// mention (policyMentions) and from the world (organization members, known roles, NONE routes).
import {
  compileWildcard,
  policyMentions,
  type CompiledPolicy,
  type MentionedCondition,
} from '../policy/index.js';
import { atoms, Dimension, type Atom } from './dimension.js';
import { residual } from './glob.js';
import type { AnalysisApi, AnalysisWorld } from './world.js';

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

export interface Space {
  api: AnalysisApi;
  /** account, role (path and name), session, then organization, org paths and tags when mentioned. */
  principal: Dimension[];
  /** The route: METHOD/path (path without its leading slash). */
  route: Dimension[];
  /** Request keys the policies mention that neither the principal nor the endpoint fixes. */
  context: Dimension[];
  /** Things the partition does not cover, said in the output. */
  notes: string[];
}

export interface SpaceOptions {
  method?: string;
  path?: string;
  /** Principals to tell apart even when no policy names them (a proof's listed principals). */
  principals?: { accounts?: string[]; roleArns?: string[] };
  /** Routes to tell apart even when no policy names them, as "METHOD /path" (the config's probes). */
  paths?: string[];
  /** Only these routes ("METHOD /path"): the question is asked for them alone. */
  routes?: string[];
  /** More policies whose values split the space (both sides of a change, say). */
  policies?: CompiledPolicy[];
}

const ACCOUNT = /^\d{12}$/;
const ROLE_PART = /^(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const SESSION = /^[\w+=,.@-]{2,64}$/;
const ROLE_ARN = /^arn:[\w-]+:iam::(\d{12}):role\/((?:[^/]+\/)*[^/]+)$/;
const SESSION_ARN = /^arn:[\w-]+:sts::(\d{12}):assumed-role\/([^/]+)\/([^/]+)$/;

/** Keys the request carries because of who calls (partitioned as principal dimensions). */
const PRINCIPAL_KEYS = new Set([
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principaltype',
  'aws:userid',
  'aws:username',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalisawsservice',
  'aws:principalservicename',
]);
/** Keys the request carries with a value known before it is sent. */
const FIXED_KEYS = new Set(['aws:securetransport', 'aws:currenttime', 'aws:epochtime']);
const ENDPOINT_KEYS = new Set(['aws:sourcevpce', 'aws:sourcevpc']);

const UNKNOWABLE: Record<string, string> = {
  'aws:sourceip': "the caller's address is known only when the request is made",
  'aws:vpcsourceip': "the caller's address in the VPC is known only when the request is made",
};

function stringAtoms(c: MentionedCondition, map: (v: string) => string | undefined = (v) => v): Atom[] {
  const out: Atom[] = [];
  for (const raw of c.values) {
    if (raw.includes('${')) continue; // a policy variable: its value depends on the request
    const v = map(raw);
    if (v === undefined) continue;
    if (c.operator.family === 'String' && c.operator.base.includes('IgnoreCase'))
      out.push(atoms.equalsIgnoreCase(v));
    else if (c.operator.base.includes('Like') || c.operator.family === 'Arn') {
      if (/[*?]/.test(v)) out.push(atoms.like(v, [v], 'q'));
      else out.push(atoms.equals(v));
    } else out.push(atoms.equals(v));
  }
  return out;
}

/** Split an ARN pattern into its six components (undefined when it is not ARN-shaped). */
function arnParts(v: string): string[] | undefined {
  const parts = v.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/** Organization id (or 'none') -> the accounts stated to be in it. */
export function statedOrganizations(world: AnalysisWorld): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (org: string, a: string) => {
    let s = out.get(org);
    if (!s) out.set(org, (s = new Set()));
    s.add(a);
  };
  for (const a of world.organization?.members ?? []) add(world.organization!.id, a);
  for (const [a, org] of Object.entries(world.memberships ?? {})) add(org, a);
  return out;
}

/** The stated organization of an account ('none' for none); undefined when not stated. */
export function statedOrganization(world: AnalysisWorld, account: string): string | undefined {
  const m = world.memberships?.[account];
  if (m !== undefined) return m;
  return world.organization?.members.includes(account) ? world.organization.id : undefined;
}

export function buildSpace(world: AnalysisWorld, api: AnalysisApi, opts: SpaceOptions = {}): Space {
  const notes: string[] = [];
  const policies: CompiledPolicy[] = [];
  if (world.endpoint?.policy) policies.push(world.endpoint.policy);
  if (api.resourcePolicy) policies.push(api.resourcePolicy);
  for (const r of world.roles) policies.push(...(r.identityPolicies ?? []));
  policies.push(...(opts.policies ?? []));
  const mentions = policies.map(policyMentions);
  const conditions = mentions.flatMap((m) => m.conditions);
  const byKey = (k: string) => conditions.filter((c) => c.lowerKey === k);

  // Account.
  const accountAtoms: Atom[] = [];
  const roleAtoms: Atom[] = [];
  const sessionAtoms: Atom[] = [];
  const addRoleArn = (arn: string) => {
    const m = ROLE_ARN.exec(arn);
    if (!m) return;
    accountAtoms.push(atoms.equals(m[1]!));
    roleAtoms.push(atoms.roleName(m[2]!.split('/').pop()!));
  };
  for (const m of mentions) {
    for (const a of m.accounts) accountAtoms.push(atoms.equals(a));
    for (const arn of m.roleArns) addRoleArn(arn);
    for (const s of m.sessionArns) {
      const x = SESSION_ARN.exec(s);
      if (!x) continue;
      accountAtoms.push(atoms.equals(x[1]!));
      roleAtoms.push(atoms.roleName(x[2]!));
      sessionAtoms.push(atoms.equals(x[3]!));
    }
    if (m.uniqueIds.length)
      notes.push(
        `a policy names unique ids (${m.uniqueIds.join(', ')}); roles are told apart by ARN, not by id`,
      );
    if (m.resourceTemplates.length)
      notes.push(
        `Resource patterns with policy variables are not partitioned: ${m.resourceTemplates.join(', ')}`,
      );
  }
  // Known roles (their identity policies apply by account and name) and principals a proof lists.
  // A known role stands apart only by what is known of it beyond the policies (its identity
  // policies, its tags or id); the others are like any role of their account.
  for (const r of world.roles) if (r.identityPolicies || r.tags || r.roleId) addRoleArn(r.arn);
  for (const a of opts.principals?.accounts ?? []) accountAtoms.push(atoms.equals(a));
  for (const arn of opts.principals?.roleArns ?? []) addRoleArn(arn);
  // Membership is one atom, not one per member account: an organization of hundreds of accounts
  // adds two regions (members, others) that the accounts the policies name split further.
  for (const [org, accounts] of statedOrganizations(world)) {
    accountAtoms.push({
      label: org === 'none' ? 'stated to be in no organization' : `a member of ${org}`,
      kind: 'member',
      value: org,
      test: (v) => accounts.has(v),
      seeds: [...accounts],
    });
  }
  accountAtoms.push(atoms.equals(api.account));
  for (const c of byKey('aws:principalaccount')) accountAtoms.push(...stringAtoms(c));
  for (const c of byKey('aws:principalarn')) {
    for (const v of c.values) {
      if (v.includes('${')) continue;
      const parts = arnParts(v);
      if (!parts) {
        if (v === '*') continue;
        notes.push(`aws:PrincipalArn value "${v}" is not ARN-shaped: not partitioned`);
        continue;
      }
      const acct = parts[4]!;
      if (/[*?]/.test(acct)) accountAtoms.push(atoms.like(acct, [acct], '0'));
      else if (acct) accountAtoms.push(atoms.equals(acct));
      const rest = parts[5]!;
      const globs = residual(rest, 'role/');
      if (globs.length === 0) continue; // names no role (a user, say)
      if (!/[*?]/.test(rest)) roleAtoms.push(atoms.equals(rest.slice('role/'.length)));
      else roleAtoms.push(atoms.like(rest, globs, 'q'));
    }
  }
  for (const c of byKey('aws:userid')) {
    sessionAtoms.push(
      ...stringAtoms(c, (v) => {
        const i = v.indexOf(':');
        return i === -1 ? v : v.slice(i + 1);
      }),
    );
    if (c.values.some((v) => !/^\*?:/.test(v)))
      notes.push(
        'aws:userid values naming a role id: roles are told apart by ARN, the id part is not partitioned',
      );
  }
  const principal: Dimension[] = [
    new Dimension({
      id: 'account',
      label: 'account',
      atoms: accountAtoms,
      absent: false,
      valid: (v) => ACCOUNT.test(v),
      fresh: ['000000000000', '123456789012', '987654321098'],
    }),
    new Dimension({
      id: 'role',
      label: 'role (path/name)',
      atoms: roleAtoms,
      absent: false,
      valid: (v) => ROLE_PART.test(v),
      fresh: ['OtherRole'],
    }),
    new Dimension({
      id: 'session',
      label: 'session name',
      atoms: sessionAtoms,
      absent: false,
      valid: (v) => SESSION.test(v),
      fresh: ['other-session'],
    }),
  ];
  const orgConditions = byKey('aws:principalorgid');
  if (orgConditions.length) {
    const orgAtoms = orgConditions.flatMap((c) => stringAtoms(c));
    for (const org of statedOrganizations(world).keys()) if (org !== 'none') orgAtoms.push(atoms.equals(org));
    principal.push(
      new Dimension({
        id: 'org',
        label: 'organization',
        atoms: orgAtoms,
        absent: true,
        valid: (v) => /^o-[a-z0-9]{1,32}$/.test(v),
        fresh: ['o-zzzzzzzzzz', 'o-zzzzzzzzzzq'],
      }),
    );
  }
  const orgPaths = byKey('aws:principalorgpaths');
  if (orgPaths.length) {
    principal.push(
      new Dimension({
        id: 'orgPath',
        label: 'organization path',
        atoms: orgPaths.flatMap((c) => stringAtoms(c)),
        absent: true,
        valid: (v) => v.length > 0,
        fresh: ['o-zzzzzzzzzz/r-zzzz/ou-zzzz-zzzzzzzz/'],
      }),
    );
  }
  const tagKeys = new Map<string, string>();
  for (const c of conditions) {
    if (c.lowerKey.startsWith('aws:principaltag/') && !tagKeys.has(c.lowerKey))
      tagKeys.set(c.lowerKey, c.key.slice('aws:PrincipalTag/'.length));
  }
  for (const [lower, name] of tagKeys) {
    principal.push(
      new Dimension({
        id: `tag:${name}`,
        label: `tag ${name}`,
        atoms: byKey(lower).flatMap((c) => stringAtoms(c)),
        absent: true,
        valid: () => true,
        fresh: ['other-value'],
      }),
    );
  }

  // Route: the method, and the path as the Resource patterns see it after the API's own prefix.
  const partition = api.region.startsWith('cn-')
    ? 'aws-cn'
    : api.region.startsWith('us-gov-')
      ? 'aws-us-gov'
      : 'aws';
  const prefix = `arn:${partition}:execute-api:${api.region}:${api.account}:${api.id}/${api.stage}/`;
  const methods = opts.method ? [opts.method.toUpperCase()] : [...METHODS];
  const pathAtoms: Atom[] = [];
  for (const pattern of mentions.flatMap((m) => m.resources)) {
    for (const method of methods) {
      const globs = residual(pattern, `${prefix}${method}/`);
      if (globs.length === 0 || globs.includes('*')) continue;
      const exact = globs.length === 1 && !/[*?]/.test(globs[0]!);
      pathAtoms.push(
        exact ? atoms.equals(globs[0]!) : atoms.like(pattern, globs, 'q', 'matched by Resource'),
      );
    }
  }
  for (const r of api.noneRoutes) pathAtoms.push(atoms.equals(r.slice(r.indexOf(' ') + 2)));
  for (const p of opts.paths ?? []) pathAtoms.push(atoms.equals(p.slice(p.indexOf(' ') + 2)));
  // Paths that tell the patterns apart, found per method; the route (METHOD/path) is then one
  // dimension whose regions are the sets of Resource patterns the API's resource ARN matches.
  const paths =
    opts.routes !== undefined
      ? []
      : opts.path !== undefined
        ? [opts.path.replace(/^\//, '')]
        : new Dimension({
            id: 'path',
            label: 'path',
            atoms: pathAtoms,
            absent: false,
            valid: (v) => /^[^\s?#]*$/.test(v) && !v.startsWith('/'),
            fresh: ['', 'other'],
          }).regions.map((r) => r.witness!);
  const routeAtoms: Atom[] = [];
  const patterns = [...new Set(mentions.flatMap((m) => m.resources))];
  for (const pattern of patterns) {
    const m = compileWildcard(pattern);
    routeAtoms.push({
      label: `matched by Resource ${JSON.stringify(pattern)}`,
      kind: 'like',
      value: pattern,
      test: (v) => m.test(prefix + v),
      seeds: [],
    });
  }
  for (const r of api.noneRoutes) {
    const [method, path] = [r.slice(0, r.indexOf(' ')), r.slice(r.indexOf(' ') + 2)];
    routeAtoms.push({
      ...atoms.equals(`${method}/${path}`),
      label: `${method} /${path} (authorization NONE)`,
    });
  }
  for (const p of opts.paths ?? []) {
    const v = p.replace(' /', '/');
    routeAtoms.push({ ...atoms.equals(v), label: p });
  }
  const onlyPath = opts.path?.replace(/^\//, '');
  const only = opts.routes?.map((r) => r.replace(' /', '/'));
  const route = [
    new Dimension({
      id: 'route',
      label: 'route',
      atoms: routeAtoms,
      absent: false,
      // --method/--path narrow the question: only those routes are regions.
      valid: (v) => {
        if (only) return only.includes(v);
        const slash = v.indexOf('/');
        return (
          methods.includes(v.slice(0, slash)) && (onlyPath === undefined || v.slice(slash + 1) === onlyPath)
        );
      },
      fresh: only ?? methods.flatMap((m) => paths.map((p) => `${m}/${p}`)),
    }),
  ];

  // Other request keys.
  const context: Dimension[] = [];
  const freeKeys = new Map<string, string>();
  for (const c of conditions) {
    const k = c.lowerKey;
    if (PRINCIPAL_KEYS.has(k) || k.startsWith('aws:principaltag/') || FIXED_KEYS.has(k)) continue;
    if (ENDPOINT_KEYS.has(k) && world.endpoint) continue;
    if (!freeKeys.has(k)) freeKeys.set(k, c.key);
  }
  if (!world.endpoint) {
    if (api.acceptedEndpoints && !freeKeys.has('aws:sourcevpce'))
      freeKeys.set('aws:sourcevpce', 'aws:SourceVpce');
  }
  for (const [lower, key] of freeKeys) {
    const cs = byKey(lower);
    const keyAtoms: Atom[] = [];
    for (const c of cs) {
      if (c.operator.family === 'IpAddress') for (const v of c.values) keyAtoms.push(atoms.cidr(v));
      else if (c.operator.family === 'Bool')
        keyAtoms.push(atoms.equalsIgnoreCase('true'), atoms.equalsIgnoreCase('false'));
      else if (c.operator.family === 'String' || c.operator.family === 'Arn')
        keyAtoms.push(...stringAtoms(c));
      else if (c.operator.family !== 'Null')
        notes.push(
          `${key}: ${c.operator.name} values are not partitioned (only String, Arn, Bool, IpAddress and Null keys are)`,
        );
    }
    if (lower === 'aws:sourcevpce')
      for (const id of api.acceptedEndpoints ?? []) keyAtoms.push(atoms.equals(id));
    const ip = cs.some((c) => c.operator.family === 'IpAddress');
    context.push(
      new Dimension({
        id: `context:${key}`,
        label: key,
        atoms: keyAtoms,
        absent: true,
        valid: () => true,
        fresh: ip ? ['198.51.100.7', '2001:db8::7'] : ['other-value'],
        unknowable:
          UNKNOWABLE[lower] ?? `${key} is a property of the request, not of the policies or the principal`,
      }),
    );
  }
  return { api, principal, route, context, notes };
}
