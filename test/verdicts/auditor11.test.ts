// Issues 10 and 14 (lane H, seventeenth pass): an eleventh auditor's world (test/fixtures/auditor11),
// unlike the first ten: an endpoint policy over aws:PrincipalOrgPaths (ForAnyValue:StringLike, one
// pattern over a nested OU) with a Null Deny of unsigned callers beside an Allow of everyone on GET
// /health, a NONE route; resource policies in the short form execute-api:/* with a NotResource Deny,
// aws:SourceVpc naming the other endpoint's VPC and aws:SourceVpce this one's; the data-perimeter
// Deny (StringNotEqualsIfExists aws:PrincipalOrgID with BoolIfExists aws:PrincipalIsAWSService), whose
// keys are absent for an unsigned caller (and aws:PrincipalOrgID for an account in no organization);
// a role at a path (role/platform/Eng) beside a policy naming role/Eng at the root path; routes that
// differ in case only (/orders, /Orders); a hub role and a spoke role calling their own account's API
// through the hub endpoint; a role tag (team=dev) that a session tag (team=ops) overrides. Every cell,
// scenario, proof, who-can class and the diff is derived by hand from the world's policies FIRST and
// then compared with spokegate.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorld } from '../../src/config/index.js';
import { ROOT, spokegateHere } from '../harness/helpers.js';
import { invoke, newState, outcome, parseXml, query } from '../sandbox/helpers.js';
import * as kit from './auditor-world.js';
import { auditorTruth, truthChecks } from './auditor-truth.js';

const DIR = join(ROOT, 'test', 'fixtures', 'auditor11');
const CONFIG = join(DIR, 'spokegate.config.yaml');

// ---------------------------------------------------------------------------------------------
// The hand-derived truth (docs/aws-behaviour.md §5c, §5d, §8, §13 and the "Authorization outcome
// rules"; IAM User Guide reference_policies_evaluation-logic (same account: the resource policy OR the
// identity policy; across accounts both; an account principal delegates to the account's identity
// policies), reference_policies_elements_condition_operators ("If the key … is not present in the
// request context … the condition is false. If the policy condition requires that the key is not
// matched, such as StringNotLike …, the condition is true"; "…IfExists: If the key is not present, the
// condition is true"; Null), reference_policies_condition-keys (aws:PrincipalOrgPaths multivalued, the
// account's path o-…/r-…/ou-…/; aws:PrincipalIsAWSService "included in the request context for all
// signed requests. Anonymous requests do not include this key"; aws:PrincipalAccount, aws:PrincipalArn
// of a role session the role's ARN with its path; aws:SourceVpc, aws:SourceVpce), id_session-tags
// ("session tags override a role tag with the same key"), API Gateway apigateway-resource-policies-
// examples (execute-api:/stage/METHOD/path is the API's own ARN; `*` matches an empty rest; the path is
// matched as written, so /Orders is not /orders).
//
// Organization o-eleven0org = {611 hub (r-11aa/ou-11aa-aaaaaaaa/), 612 spoke (r-11aa/ou-11aa-bbbbbbbb/
// ou-11aa-cccccccc/), 613 lab (r-11aa/ou-11aa-dddddddd/)}; 614 partner in o-other11org; both stated
// complete. Roles (identity: Invoke * each): Ops = 611:role/Ops (team=ops), Eng = 612:role/platform/Eng
// (team=dev), Lab = 613:role/Lab (no tags), Outsider = 614:role/Outsider (team=ops). In the world
// only: Partner = 614:role/partners/Partner, EngAtRoot = 612:role/Eng, Analyst = 613:role/Analyst
// (team=ops).
//
// hub (611, the runner's VPC): H1 anyone whose org path is like ou-11aa-aaaaaaaa/* or ou-11aa-bbbbbbbb/*
// (611, 612); H2 account 613 on GETs when aws:PrincipalTag/team is ops; H3 anyone on GET /health; H4
// Deny when aws:PrincipalAccount is null (an unsigned caller).
// edge (611, its own VPC and DNS name): X1 anyone whose aws:PrincipalAccount is 612 or 613; X2 the
// partner's roles at path partners/ (Principal 614's root, ArnLike aws:PrincipalArn).
// orders (612, prod; GET /health NONE): O1 anyone through hub (aws:SourceVpce); O2 anyone from edge's
// VPC (aws:SourceVpc); O3 Deny NotResource execute-api:/*/GET/* from edge's VPC; O4 the data-perimeter
// Deny; O5 Deny GET /Orders unless aws:PrincipalArn is like 612's role/platform/*.
// ledger (611, prod): L1 anyone whose aws:PrincipalArn is 612's role/Eng (root path); L2 account 612 on
// execute-api:/prod/GET/* when tagged team=ops; L3 614's roles at path partners/ on GET /entries; L4
// Deny POSTs not through hub (StringNotEquals aws:SourceVpce).
// ---------------------------------------------------------------------------------------------

kit.describeAuditorModes('the eleventh auditor world in %s', 'auditor11', {
  // C09 is predicted unknown (the NONE route's two readings differ): offline it is not established.
  ...truthChecks(auditorTruth('auditor11'), { offlineErrors: ['C09'] }),
  disagreements: 0,
});

// who-can over every principal, by hand: the classes of principals no configured role resembles (and
// the configured roles' sessions whose session tag overrides the role's), each as [api, endpoint, the
// class's principals (a witness ARN of theirs), the tags it needs, the routes it holds on (a path
// with a trailing slash reaches the same method, §5c: where the policies name the path exactly, its
// resource ARN read as written and normalised may decide apart, and the route then holds in the one
// reading named beside it: `GET /Orders/ as-written` escapes O5's exact Deny), whether it
// holds only if the principal's own identity policy allows (a principal whose policies spokegate does
// not have, across accounts or under an account delegation)]; then a principal of the world that fits
// it, with the session tags it is assumed with, calls one of those routes in the sandbox and is let in.
// orders' NONE route (§5d): H3 or H2 lets a lab principal tagged ops through hub, O1 lets the signer in
// and O4 an anonymous caller out (both keys absent): it gets through only if the signer is seen.
const HEALTH = ['GET /health signer', 'GET /health/ signer'];
type Klass = {
  api: 'orders' | 'ledger';
  endpoint: 'hub' | 'edge';
  arn: RegExp;
  tags: Record<string, string>;
  routes: string[];
  ifIdentityAllows: boolean;
  play: { role: string; sessionTags?: Record<string, string>; route: string };
};
const CLASSES: [why: string, k: Klass][] = [
  [
    'K1 the partner’s roles at path partners/ read ledger’s entries through edge (X2, L3)',
    {
      ...{
        api: 'ledger',
        endpoint: 'edge',
        arn: /^arn:aws:iam::614400000004:role\/partners\/[^/]+$/,
        tags: {},
      },
      ...{ routes: ['GET /entries', 'GET /entries/ normalised'], ifIdentityAllows: true },
      play: { role: 'Partner', route: 'GET /entries' },
    },
  ],
  [
    'K2 the spoke’s role Eng at the root path (not Eng, at platform/) reaches all of ledger through hub (H1, L1)',
    {
      ...{ api: 'ledger', endpoint: 'hub', arn: /^arn:aws:iam::612200000002:role\/Eng$/, tags: {} },
      ...{ routes: ['GET /', 'GET /entries', 'POST /entries', 'GET /entries/', 'POST /entries/'] },
      ifIdentityAllows: true,
      play: { role: 'EngAtRoot', route: 'POST /entries' },
    },
  ],
  [
    'K3 any other lab role tagged team=ops reads orders (not /Orders) through hub (H2, O1)',
    {
      ...{
        api: 'orders',
        endpoint: 'hub',
        arn: /^arn:aws:iam::613300000003:role\/(?!Lab$)/,
        tags: { team: 'ops' },
      },
      ...{ routes: ['GET /', 'GET /orders', 'GET /orders/', 'GET /Orders/ as-written', ...HEALTH] },
      ifIdentityAllows: true,
      play: { role: 'Analyst', route: 'GET /orders' },
    },
  ],
  [
    'K4 an Eng session tagged team=ops (overriding its role tag dev) reads ledger through hub (L2)',
    {
      ...{
        api: 'ledger',
        endpoint: 'hub',
        arn: /^arn:aws:iam::612200000002:role\/platform\/Eng$/,
        tags: { team: 'ops' },
      },
      ...{ routes: ['GET /', 'GET /entries', 'GET /entries/'], ifIdentityAllows: false },
      play: { role: 'Eng', sessionTags: { team: 'ops' }, route: 'GET /entries' },
    },
  ],
  [
    'K5 a Lab session tagged team=ops (Lab has no tags) reads orders through hub (H2, O1)',
    {
      ...{
        api: 'orders',
        endpoint: 'hub',
        arn: /^arn:aws:iam::613300000003:role\/Lab$/,
        tags: { team: 'ops' },
      },
      ...{ routes: ['GET /', 'GET /orders', 'GET /orders/', 'GET /Orders/ as-written', ...HEALTH] },
      ifIdentityAllows: false,
      play: { role: 'Lab', sessionTags: { team: 'ops' }, route: 'GET /orders' },
    },
  ],
];

// The accounts whose principals get through each API and endpoint (the proofs' reading, by class).
const ACCOUNTS: Record<string, string[]> = {
  'orders hub': ['611100000001', '612200000002', '613300000003'],
  'ledger hub': ['611100000001', '612200000002'],
  'orders edge': ['612200000002', '613300000003'],
  'ledger edge': ['612200000002', '614400000004'],
};

const whoCan = async (api: string, endpoint: string) => {
  const r = await kit.whoCanJson(CONFIG, api, endpoint);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).classes as any[];
};

describe('the eleventh auditor world’s who-can, by hand', () => {
  it.each(Object.entries(ACCOUNTS))(
    '%s: every class’s witness is of one of the accounts the truth lets through',
    async (where, accounts) => {
      const [api, endpoint] = where.split(' ') as [string, string];
      const classes = await whoCan(api, endpoint);
      const seen = new Set(
        classes.map((c) => /^arn:aws:(?:iam|sts)::(\d{12}):/.exec(c.witness.principal.arn)![1]),
      );
      expect([...seen].sort()).toEqual(accounts);
    },
  );

  it.each(CLASSES)('%s', async (_why, k) => {
    const fits = (await whoCan(k.api, k.endpoint)).filter(
      (c) =>
        c.decision === 'allow' &&
        k.arn.test(c.witness.principal.arn) &&
        Object.entries(k.tags).every(([t, v]) => c.witness.principal.tags?.[t] === v),
    );
    expect(fits.length, `no class fits ${k.arn}`).toBeGreaterThan(0);
    for (const c of fits) {
      const reading = c.ifPathReading || c.ifCallerReading ? ` ${c.ifPathReading ?? c.ifCallerReading}` : '';
      expect(k.routes, c.description).toContain(`${c.witness.method} ${c.witness.path}${reading}`);
      // A NONE method evaluates no identity policy (docs/aws-behaviour.md §5d).
      expect(c.ifIdentityAllows ?? false, c.description).toBe(k.ifIdentityAllows && !c.ifCallerReading);
    }
  });
});

// The same classes' principals played in the sandbox with STS (the harness may tag sessions: every
// role's trust policy allows it sts:TagSession), beside their near misses: the allowed call of each
// class, then the same principal on a route outside it, and the role without the session tag.
describe('the eleventh auditor world’s classes, played in the sandbox', () => {
  const world = loadWorld(join(DIR, 'world.yaml'));
  const s = newState(world);
  const REGION = 'eu-central-1';
  const assume = async (role: string, tags: Record<string, string> = {}) => {
    const params: Record<string, string> = {
      Action: 'AssumeRole',
      RoleArn: world.roles[role]!.arn,
      RoleSessionName: 'audit11',
    };
    Object.entries(tags).forEach(([key, value], i) => {
      params[`Tags.member.${i + 1}.Key`] = key;
      params[`Tags.member.${i + 1}.Value`] = value;
    });
    const r = await query(s, 'sts', params, undefined, { region: REGION });
    expect(r.status, r.body).toBe(200);
    const c = parseXml(r.body).AssumeRoleResponse.AssumeRoleResult.Credentials;
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  };
  const call = async (
    role: string,
    tags: Record<string, string> | undefined,
    route: string,
    api: string,
    endpoint: string,
  ) => {
    const [method, path] = route.split(' ') as [string, string];
    const a = world.apis[api]!;
    const sni = s.endpoints.get(world.endpoints[endpoint]!.id)!.dnsNames[0]!;
    const host = `${a.id}.execute-api.${REGION}.amazonaws.com`;
    const creds = await assume(role, tags);
    return outcome(await invoke(s, { method, path: `/prod${path}`, host, sni, creds, region: REGION }));
  };

  it.each(CLASSES)('%s: its principal is let in', async (_why, k) => {
    expect(await call(k.play.role, k.play.sessionTags, k.play.route, k.api, k.endpoint)).toBe('allow');
  });

  it.each([
    ['Partner', {}, 'GET /', 'ledger', 'edge', 'resource'],
    ['EngAtRoot', {}, 'POST /entries', 'ledger', 'edge', 'resource!'],
    ['Analyst', {}, 'GET /Orders', 'orders', 'hub', 'resource!'],
    ['Eng', {}, 'GET /entries', 'ledger', 'hub', 'resource'],
    ['Eng', { team: 'ops' }, 'POST /entries', 'ledger', 'hub', 'resource'],
    ['Lab', {}, 'GET /orders', 'orders', 'hub', 'endpoint'],
    ['Partner', {}, 'GET /orders', 'orders', 'edge', 'resource!'],
  ] as const)('%s %j %s on %s through %s: %s', async (role, tags, route, api, endpoint, want) => {
    expect(await call(role, tags, route, api, endpoint)).toBe(want);
  });
});

// policies/hub-endpoint-v2.json, by hand: hub's H2 names the partner account 614 beside 613 (GETs,
// tagged team=ops). No configured cell changes its decision: Outsider (614, team=ops) passes hub on
// GET / now but orders' O4 refuses it (another organization) and ledger names only 614's roles at
// path partners/ (L3, GET /entries). Over every principal, 614's roles at path partners/ tagged ops
// get ledger's GET /entries through hub (H2 and L3, across accounts: if their identity policy allows),
// and GET /entries/ may be new (its resource ARN read as written escapes L3's exact path: §5c).
// Nothing else: orders refuses every 614 principal (O4, both readings on the NONE route). Exit 1.
describe('the eleventh auditor world’s change to hub as a diff', () => {
  it('no cell changes; the partner’s partners/ roles tagged ops get ledger’s entries, and nothing else', async () => {
    const r = await spokegateHere([
      'diff',
      '--before',
      join(DIR, 'policies', 'hub-endpoint.json'),
      '--after',
      join(DIR, 'policies', 'hub-endpoint-v2.json'),
      '--config',
      CONFIG,
      '--format',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.changes).toEqual([]);
    const partner = /^arn:aws:iam::614400000004:role\/partners\/[^/]+$/;
    const classes = (out.classes as any[]).map((c) => {
      expect(c.witness.principal.arn, c.description).toMatch(partner);
      expect(c.witness.principal.tags, c.description).toEqual({ team: 'ops' });
      return `${c.api} ${c.endpoint} ${c.before} -> ${c.after}: ${c.witness.method} ${c.witness.path}`;
    });
    expect(classes.sort()).toEqual([
      'ledger hub deny -> allow-if-identity-allows: GET /entries',
      'ledger hub deny -> unknown: GET /entries/',
    ]);
  });
});

// Found building this world (2026-12-02): a Resource that names a route's exact path (ledger's L3,
// orders' O5) leaves that path with a trailing slash (`GET /entries/`, which API Gateway routes to
// the same method) to its two readings of the resource ARN, as written or normalised, which no AWS
// document settles (docs/aws-behaviour.md §5c): the cells and diff decide both and say unknown where
// they differ, but who-can and the reach proofs decided the path as written alone and never asked a
// path with a trailing slash. Here edge lets everyone through and ledger lets everyone in but
// refuses principals outside the organization on each of its routes by exact path: an outsider's
// `GET /entries/` gets through as written. Before: the proof passed and who-can named no outsider.
describe('the eleventh auditor world with exact-path Denies: a trailing slash in who-can and the proofs', () => {
  const prepare = () => {
    const dir = kit.auditor11DenyingOutsidersOn('auditor11-slash', [
      '/prod/GET/',
      '/prod/GET/entries',
      '/prod/POST/entries',
    ]);
    writeFileSync(
      join(dir, 'x.feature'),
      [
        'Feature: x',
        '  Scenario: P01 outsiders and a trailing slash',
        '    Then no principal outside the organization can reach "ledger" through "edge"',
        '',
      ].join('\n'),
    );
    return dir;
  };
  let dir = '';
  const run = kit.featureRunBeforeAll('offline', () => (dir = prepare()));

  it('the proof is not established (an error naming the two readings), never a pass', () => {
    expect(run.statusOf('P01')).toBe('error');
    expect(run.stderr).toMatch(/as written|normalised/);
  });

  it('who-can names the outsiders’ class on GET /entries/, allowed in one reading of its path only', async () => {
    const r = await kit.whoCanJson(join(dir, 'spokegate.config.yaml'), 'ledger', 'edge');
    expect(r.code, r.stderr).toBe(0);
    const outsiders = (JSON.parse(r.stdout).classes as any[]).filter(
      (c) => c.witness.principal.orgId !== 'o-eleven0org',
    );
    expect(outsiders.length).toBeGreaterThan(0);
    for (const c of outsiders) {
      expect(c.witness.path, c.description).toMatch(/\/$/);
      expect(c.ifPathReading, c.description).toBe('as-written');
    }
  });
});
