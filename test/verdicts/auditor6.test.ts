// Issue 10 (lane B): a sixth auditor's world (test/fixtures/auditor6), unlike the first five: roles
// limited by permissions boundaries (no SCPs anywhere), one of them named in an endpoint policy's
// NotPrincipal Deny (which "will always deny any IAM principal that has a permissions boundary policy
// attached, regardless of the values specified in the NotPrincipal element"), a same-account grant to
// a role ARN (limited by the role's boundary) beside one to a role session ARN (not limited);
// ForAnyValue and ForAllValues on the single-valued aws:PrincipalTag (ForAllValues is true when the
// tag is missing: a Deny of "tier only temp" refuses every untiered caller), Null checks on tags
// (true for an anonymous caller: an endpoint's "untagged may read" lets anonymous reads through),
// numeric and date conditions (aws:EpochTime, aws:CurrentTime), aws:SourceVpc in
// an endpoint policy, stage wildcards in a resource policy's short form, a role path matched with
// ArnLike across accounts, two stages with different routes (dev is a 100% canary), a NONE route and
// an AWS_IAM route on one path (GET and POST /items), a spoke with no resource policy (vault), an
// account in no organization, and the modern denial wordings (each answer names its policy type, a
// permissions boundary included). The policies are given three ways: the world (sandbox), the
// config's JSON files (vault's "no resource policy" by a template), and CloudFormation templates (one
// per account; `!Sub` with ${AWS::AccountId} in a NotPrincipal and a Principal, `!Ref` of a
// parameter in a condition). Every cell, scenario and routing check is derived by hand from the
// world's policies FIRST and then compared with spokegate in each run.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT, spokegateHere } from '../harness/helpers.js';
import * as kit from './auditor-world.js';
import { auditorTruth, B, stepCells, TAMPERED, truthChecks, type Status } from './auditor-truth.js';

const DIR = join(ROOT, 'test', 'fixtures', 'auditor6');
const CONFIG = join(DIR, 'spokegate.config.yaml');

// ---------------------------------------------------------------------------------------------
// The hand-derived truth (docs/aws-behaviour.md §2, §3, §5c, §8, §14, "Authorization outcome rules";
// IAM User Guide reference_policies_condition-single-vs-multi-valued-context-keys (ForAllValues "also
// returns true if there are no context keys in the request"), reference_policies_elements_condition_
// operators (Null: "true" when the key is absent), access_policies_boundaries (NotPrincipal with Deny
// and a boundary), reference_policies_evaluation-logic (same-account grants by principal type)).
//
// Organization o-sixth6org66 = {710 hub, 720 shop}; 730 vend is in none. Roles (tags; identity;
// boundary): Operator = 710:role/ops/Operator {team platform, tier gold, owner ops}, everything;
// Builder = 710:role/ci/Builder session build-1 {team platform}, everything, boundary GET and POST;
// Clerk = 720:role/Clerk {team shop, owner clerk}, everything, boundary GET; Stocker =
// 720:role/stock/Stocker session restock {team shop, tier temp}, everything, boundary GET; Temp =
// 720:role/Temp {tier temp}, GET only; Vendor = 730:role/VendorSync (no tags), everything;
// VendorAdmin = 730:role/admin/VendorAdmin {team shop, tier gold}, everything.
//
// hub (vpc-06a6…, the runner's VPC, private DNS, the default): HA1 ForAnyValue team in {platform,
// shop} (a missing tag: false); HA2 GETs when Null team (no team tag, anonymous included); HD1 Deny
// DELETE when ForAllValues tier in {temp} (true for a missing tier: only tier gold deletes).
// edge (vpc-06c6…, its own DNS name): GA1 aws:SourceVpc is edge's VPC (every call through it) and
// aws:CurrentTime after 2024 (true now); GD1 Deny POST NotPrincipal [710
// root, Builder's role, Builder's session build-1]: Builder has a boundary, so it is denied too:
// every POST through edge is refused; GD2 Deny ForAnyValue tier like temp* (Stocker, Temp; a missing
// tier: false).
// store (720; prod: GET /, NONE GET /items, POST /items, GET /items/{id}, DELETE /items/{id}; dev,
// a 100% canary: GET /, GET /items (AWS_IAM), POST /items, GET /debug): S1 anyone on /prod/GET/*;
// S2 Clerk's role ARN on /prod/* (same account: limited by Clerk's boundary); S3 Stocker's session
// ARN on /*/POST/items (same account: not limited by its boundary); S4 710's root on /*/POST/*
// (delegates); S5 Deny DELETE when Null owner; S6 team platform on /dev/*.
// depot (730, v2: GET /, GET /parts, PUT /parts/{id}, NONE GET /ping): D1 730 (delegates) on /v2/*;
// D2 ArnLike aws:PrincipalArn arn:aws:iam::*:role/admin/* on /v2/*; D3 Operator's role on /v2/GET/*;
// D4 anyone on /v2/GET/ping; D5 Deny PUT when aws:EpochTime > 1748736000 (2025-06-01: always, now).
// vault (710, main: GET /, GET /secrets, NONE GET /status): no resource policy: every call that
// passes the endpoint (and is signed, on an AWS_IAM route) is refused by the resource layer.
// ---------------------------------------------------------------------------------------------

const N1 = "N1 a permissions boundary's refusal is not the identity policy's";
const TRUTH = auditorTruth('auditor6');
TRUTH.cells.push({
  scenario: N1,
  role: 'Clerk',
  api: 'store',
  method: 'POST',
  path: '/items',
  endpoint: 'hub',
  d: B,
});
// The boundary refused (the wire and the prediction say so): "denied by the identity policy" fails.
TRUTH.notPassed[N1] = ['failed', 'failed'];
/** Offline, nothing is sent: "status is 200" is an integration's answer (an error). */
const { compare, expected } = truthChecks(TRUTH, { tampered: TAMPERED, offlineErrors: ['U1', 'U3'] });
const statuses = (doc: any) => kit.statusesBy<Status>(doc, (name) => name.slice(0, 3));

const FILES = (dir: string) => [
  '--endpoint-policy',
  `hub=${join(dir, 'cfn-hub.yaml')}`,
  '--endpoint-policy',
  `edge=${join(dir, 'cfn-hub.yaml')}`,
  '--resource-policy',
  `store=${join(dir, 'cfn-shop.yaml')}`,
  '--resource-policy',
  `depot=${join(dir, 'cfn-vend.yaml')}`,
  '--resource-policy',
  `vault=${join(dir, 'cfn-hub.yaml')}`,
];
const MODES: kit.AuditorRunMode[] = [
  { name: 'sandbox', mode: 'sandbox' },
  { name: 'offline', mode: 'offline' },
  { name: 'offline from CloudFormation templates', mode: 'offline', args: FILES },
];

kit.describeAuditorModes(
  'the sixth auditor world in %s',
  'auditor6',
  { compare, statuses, expected, disagreements: 0, tampered: TAMPERED },
  (mode, run) => {
    it('a boundary’s refusal is the boundary’s: named by the wire (sandbox) and by the prediction, never an error', () => {
      const cells = stepCells(run().doc).filter((c: any) => c.predicted?.layer === 'boundary');
      expect(cells.map((c: any) => `${c.scenario.slice(0, 3)} ${c.role}`).sort()).toEqual(
        ['C02 Clerk', 'C32 Clerk', 'N1  Clerk'].sort(),
      );
      for (const c of cells) {
        if (mode === 'sandbox')
          expect(c.observed).toMatchObject({
            outcome: 'denied',
            reason: 'permissions-boundary',
            layer: 'boundary',
            layerSource: 'wire',
          });
        expect(c.verdict).toBe(c.scenario === N1 ? 'fail' : 'pass');
      }
    });
  },
  MODES,
);

kit.describeAddressing('the sixth auditor world’s routing', 'auditor6', ...kit.HUB_DNS_EDGE_HOST);

// cfn-hub-after.yaml drops edge's GD1 (the Deny of every POST through edge but Builder's, which
// Builder's boundary made a Deny of every POST). The config's vault is stated to have no resource
// policy by cfn-hub.yaml itself (VaultApi has no Policy): until 2026-12-02 diff read that fact as a
// missing policy and stopped with exit 2 ("no API resource policy after the change") where run and
// check decide it. The diff of depot and vault alone (the whole world's is below): neither
// serves a POST, and vault refuses everything either way, so no cell changes over the probes (GET /),
// and no class of requests to a route they serve goes from deny to allow. What may change is a PUT
// /parts/{id} whose path holds an empty segment or a trailing slash (`/parts//POST/`): read as
// written its ARN matches GD1's `*/*/POST/*`, read normalised it does not, and AWS does not document
// which the ARN holds (§5c), so before is unknown and the class a possible grant (fail closed). Until
// 2026-12-02 the classes ranged over every path, routes or not: `GET /POST/1/PUT/1` on depot (no such
// route: Missing Authentication Token) is matched by `*/*/POST/*`, and diff reported deny -> allow.
describe('the sixth auditor world’s change to edge as a diff', () => {
  it('vault’s stated "no resource policy" is a fact, not exit 2, and dropping a POST deny opens no served route of depot and vault', async () => {
    const dir = kit.copyAuditorWorld('auditor6-diff', 'auditor6');
    const file = join(dir, 'spokegate.config.yaml');
    const config = parseYaml(readFileSync(file, 'utf8'));
    delete config.apis.store;
    writeFileSync(file, stringifyYaml(config));
    const r = await kit.diffJson(
      file,
      ...['--before', join(dir, 'cfn-hub.yaml'), '--after', join(dir, 'cfn-hub-after.yaml'), '--root', dir],
    );
    expect(r.code, r.stderr).not.toBe(2);
    const out = r.json();
    expect(out.changes).toEqual([]);
    const classes = out.classes.map(
      (c: any) => `${c.api} ${c.before} -> ${c.after}: ${c.witness.method} ${c.witness.path}`,
    );
    expect(classes.filter((c: string) => !/^depot unknown -> \S+: PUT \/parts\/+POST\/?$/.test(c))).toEqual(
      [],
    );
  });

  // Until 2026-12-02 the whole world's diff was refused by the analysis limit (store alone told
  // apart 442,848 kinds of request over its two stages, most of them by statements that apply to
  // none of its requests there: S5's Deny of DELETE by the owner tag at dev, which serves no DELETE;
  // S6's grant of dev by the team tag at prod). Hand truth (above): dropping GD1 opens POST /items
  // on store to Operator and Builder (S4 delegates POST to 710; Operator has no boundary, Builder's
  // allows POST; GD2 spares both), on both stages; depot changes only where the two readings of a
  // path differ, as in the diff of depot and vault; vault, which has no resource policy, none.
  it('the whole world’s diff answers: POST /items on store opens to Operator and Builder on both stages', async () => {
    const r = await kit.diffJson(
      CONFIG,
      '--before',
      join(DIR, 'cfn-hub.yaml'),
      '--after',
      join(DIR, 'cfn-hub-after.yaml'),
    );
    expect(r.code, r.stderr).toBe(1);
    const out = r.json();
    expect(out.changes).toEqual([]);
    const classes = out.classes as any[];
    expect(classes.filter((c) => c.api === 'vault')).toEqual([]);
    expect(
      classes
        .filter((c) => c.api === 'depot')
        .map((c) => `${c.before} -> ${c.after}: ${c.witness.method} ${c.witness.path}`)
        .filter((c: string) => !/^unknown -> \S+: PUT \/parts\/+POST\/?$/.test(c)),
    ).toEqual([]);
    for (const stage of ['prod', 'dev'])
      expect(classes, stage).toContainEqual(
        expect.objectContaining({
          api: 'store',
          before: 'deny',
          after: 'allow',
          description: expect.stringMatching(
            new RegExp(
              `^stage "${stage}": [\\s\\S]*role "Builder" at path /ci/ or role "Operator" at path /ops/, of account 710000000001`,
            ),
          ),
        }),
      );
    // Every grant is a POST: GD1 denied POST alone.
    expect(
      classes.filter(
        (c) =>
          c.after !== 'deny' &&
          c.api === 'store' &&
          c.witness.method !== 'POST' &&
          !/\/POST\/?$/.test(c.witness.path),
      ),
    ).toEqual([]);
  });
});

// The whole world through edge, who-can: refused until 2026-12-02 like the diff (store's two stages
// told apart 359,814 kinds of request, depot 42,012 and vault 5,850: 407,676 against 250,000).
describe('the sixth auditor world’s who-can through edge, whole', () => {
  it('answers; each API’s classes are those it gets asked alone, and store’s POST is the hub root’s alone', async () => {
    const ask = async (...more: string[]) => {
      const r = await spokegateHere(['who-can', '--config', CONFIG, '--endpoint', 'edge', '--json', ...more]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout);
    };
    const whole = await ask();
    expect(whole.points).toBeLessThanOrEqual(250_000);
    for (const api of ['depot', 'vault', 'store']) {
      const alone = await ask('--api', api);
      expect(JSON.stringify(whole.classes.filter((c: any) => c.api === api))).toBe(
        JSON.stringify(alone.classes),
      );
    }
    // vault has no resource policy: nothing gets through.
    expect(whole.classes.filter((c: any) => c.api === 'vault')).toEqual([]);
    // GD1 denies every POST through edge but to 710's root (named in its NotPrincipal, no
    // boundary), which S4 lets POST (and S1 GET) on store; S5 denies its DELETE (no owner tag).
    const root = whole.classes.filter(
      (c: any) => c.api === 'store' && c.description.includes('the root of account 710000000001;'),
    );
    expect(root.map((c: any) => c.description.split(';')[0])).toEqual([
      'stage "prod": the root of account 710000000001',
      'stage "dev": the root of account 710000000001',
    ]);
    expect(root[0].description).toContain(
      'route is not matched by Resource "arn:aws:execute-api:eu-west-3:720000000002:st0r3s6x6a/*/DELETE/*"',
    );
    expect(
      whole.classes.filter(
        (c: any) =>
          c.api === 'store' &&
          c.witness.method === 'POST' &&
          !c.description.includes('the root of account 710000000001;'),
      ),
    ).toEqual([]);
  });
});
