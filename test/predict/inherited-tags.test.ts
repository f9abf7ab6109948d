// Issue 11/10 (lane B2, pass 20): a role spokegate assumes with temporary base credentials (a CI's OIDC
// session with transitive tags, EKS Pod Identity, a chained AssumeRole with TransitiveTagKeys) inherits
// their transitive session tags, and an inherited tag overrides the role's own tag of that key
// (docs/aws-behaviour.md §29, §63). Predictions read `roles.X.tags` alone: a role tagged team=analytics
// was predicted allowed through an endpoint letting only team=analytics in, and `check` passed, while
// the sandbox (and AWS) denied the session that inherited team=red. Now such a decision is taken with the
// role's own tags and with each tag the policies look at inherited: the one answer, else unknown naming
// the base credentials; with runner.credentials: long-term it is decided as before.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunContext } from '../../src/harness/context.js';
import { statedCredentialsProblem } from '../../src/predict/index.js';
import { allowInvokePolicy, demoCopy, spokegateHere } from '../harness/helpers.js';
import { denyWhen, policyDoc, st, when } from '../policy/doc-cases.js';
import { offlineDemo, sandboxCellOnBase, type Config } from './helpers.js';

const BASE = 'arn:aws:sts::111111111111:assumed-role/ChainerRole/ci';
const REPORTING = 'arn:aws:iam::111111111111:role/ReportingRole';
const call = { role: 'ReportingRole', api: 'orders', method: 'GET', path: '/orders', scenario: 's' };
const IS = (team: string) => ({ StringEquals: { 'aws:PrincipalTag/team': team } });
const TEAM = (team: string) => when(IS(team));

/** ReportingRole's GET /orders (the demo offline; ReportingRole tagged team=analytics) through `endpoint`. */
async function predicted(endpoint: object[], base: 'long-term' | 'temporary' | undefined | typeof BASE) {
  const cfg: Config = offlineDemo((c) => void (c.endpoints.hub.policy = 'hub-tags.json'), {
    'hub-tags.json': JSON.stringify(policyDoc(endpoint)),
  });
  const config =
    base === undefined
      ? cfg
      : base === BASE
        ? { ...cfg, baseSession: base }
        : { ...cfg, runner: { ...cfg.runner, credentials: base } };
  const ctx = await RunContext.create({ mode: 'offline', config, env: {} });
  return (await ctx.call(call, 'allow')).cell.predicted!;
}

/** ReportingRole's GET /orders offline through `endpoint`, with `runner` and the config edited by `edit`. */
async function withRunner(endpoint: object[], runner: object, edit: (c: any) => void = () => undefined) {
  const cfg: Config = offlineDemo(
    (c) => {
      c.endpoints.hub.policy = 'hub-tags.json';
      c.runner = { ...c.runner, ...runner };
      edit(c);
    },
    { 'hub-tags.json': JSON.stringify(policyDoc(endpoint)) },
  );
  const ctx = await RunContext.create({ mode: 'offline', config: cfg, env: {} });
  return (await ctx.call(call, 'allow')).cell.predicted!;
}

describe('a role session may inherit the base credentials’ transitive tags', () => {
  it.each([
    ['a grant to its own tag (team=analytics)', TEAM('analytics')],
    ['a grant to another tag (team=blue)', TEAM('blue')],
    ['a Deny of team=red beside a grant to all', denyWhen(IS('red'))],
  ])('%s: unknown with temporary or unstated base credentials, naming them and §63', async (_, endpoint) => {
    for (const [base, names] of [
      [BASE, BASE],
      ['temporary', 'runner.credentials: temporary'],
      [undefined, 'the config does not state (runner.credentials)'],
    ] as const) {
      const p = await predicted(endpoint, base);
      expect(p, String(base)).toMatchObject({ decision: 'unknown' });
      expect(p.unknown).toContain(`the tags of the session of role ${REPORTING}`);
      expect(p.unknown).toContain(names);
      expect(p.unknown).toContain('§63');
      expect(p.unknown).toContain('state runner.credentials: long-term');
    }
  });

  it('with long-term base credentials the role’s own tags decide, as before', async () => {
    expect(await predicted(TEAM('analytics'), 'long-term')).toMatchObject({ decision: 'allow' });
    expect(await predicted(TEAM('blue'), 'long-term')).toMatchObject({ decision: 'deny', layer: 'endpoint' });
  });

  it('a chain that looks at no tag, or at a tag only in a statement that cannot name the role, is decided', async () => {
    expect(await predicted([st({})], BASE)).toMatchObject({ decision: 'allow' });
    const other = [
      st({}),
      st({ Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::555555555555:root' }, Condition: IS('red') }),
    ];
    expect(await predicted(other, BASE)).toMatchObject({ decision: 'allow' });
  });
});

const FEATURE = `Feature: a
  Scenario: b
    Given the endpoint policy of "hub" is read from EC2
    When "ReportingRole" calls GET /orders on "orders"
    Then the call is allowed
`;

describe('check: a grant to the role’s own tag is no PASS unless the base is long-term or its transitive tags are stated', () => {
  it.each([
    [{}, 3],
    [{ credentials: 'long-term' }, 0],
    [{ transitiveTags: {} }, 0],
    [{ credentials: 'temporary', transitiveTags: { tier: 'gold' } }, 0],
    [{ credentials: 'temporary', transitiveTags: { TEAM: 'red' } }, 1],
  ] as const)('runner %j: exit %d', async (runner, code) => {
    const dir = demoCopy({
      config: (c) => {
        delete c.runner?.credentials;
        c.runner = { ...c.runner, ...runner };
      },
    });
    writeFileSync(
      join(dir, 'tags.json'),
      JSON.stringify(
        allowInvokePolicy(true, { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'analytics' } } }),
      ),
    );
    writeFileSync(join(dir, 't.feature'), FEATURE);
    const r = await spokegateHere(
      ['check', 't.feature', '--config', 'spokegate.config.yaml', '--endpoint-policy', 'tags.json'],
      { cwd: dir },
    );
    expect(r.code, r.stdout + r.stderr).toBe(code);
    if (code === 3) expect(r.stdout + r.stderr).toContain('runner.transitiveTags');
  });
});

/**
 * ReportingRole's GET /orders in the sandbox, run on a base that is ChainerRole's session assumed with
 * the transitive tag team=`team`, through an endpoint decided by `endpoint`.
 */
async function chainedCell(endpoint: object[], team: string, runner?: object) {
  const CHAINER = 'arn:aws:iam::111111111111:role/ChainerRole';
  const both = ['sts:AssumeRole', 'sts:TagSession'];
  const dir = demoCopy({
    world: (w) => {
      w.endpoints.hub.policy = policyDoc(endpoint);
      w.roles.ReportingRole.trustPolicy.Statement[0].Action = both;
      // The readers trust the harness: the chained base (with its inherited tag) too.
      for (const role of Object.values<any>(w.roles))
        for (const t of role.trustPolicy.Statement)
          if ([t.Principal?.AWS].flat().includes(w.harness.arn))
            Object.assign(t, { Principal: { AWS: [w.harness.arn, CHAINER] }, Action: both });
      w.roles.ChainerRole = {
        arn: CHAINER,
        trustPolicy: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: w.harness.arn }, Action: both }],
        },
        policies: {
          Chain: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: [...both, 'ec2:DescribeVpcEndpoints', 'apigateway:GET'],
                Resource: '*',
              },
            ],
          },
        },
      };
    },
    config: (c) => {
      delete c.endpoints.hub.policy;
      if (runner) c.runner = { ...c.runner, ...runner };
    },
  });
  return sandboxCellOnBase(
    dir,
    'AssumeRole',
    {
      RoleArn: CHAINER,
      RoleSessionName: 'ci',
      'Tags.member.1.Key': 'team',
      'Tags.member.1.Value': team,
      'TransitiveTagKeys.member.1': 'team',
    },
    call,
  );
}

describe('a sandbox run whose base is a chained session carrying a transitive team=red', () => {
  it('the sandbox denies ReportingRole (team=analytics inherited as red); the prediction is unknown, no PASS', async () => {
    const cell = await chainedCell(TEAM('analytics'), 'red');
    expect(cell.observed).toMatchObject({ status: 403 });
    expect(cell.predicted).toMatchObject({ decision: 'unknown' });
    expect(cell.predicted!.unknown).toContain('assumed-role/ChainerRole/ci');
    expect(cell.predicted!.unknown).toContain('transitive session tags');
    expect(cell.verdict).not.toBe('pass');
  });
});

// IAM and STS take an empty tag value (botocore iam/sts tagValueType: length 0 to 256; AssumeRole
// `Tags` with Value "" is a tag), so aws:PrincipalTag/team may be present and "". The samples were
// non-empty values only (witnesses.ts): a grant to team "" (StringEquals "", or `*` beside a Deny of
// `?*`) was predicted deny for a role whose tags are unstated, or that may inherit an empty value.
describe('an empty tag value is one the samples try (docs/aws-behaviour.md §64)', () => {
  const LONG_TERM = { credentials: 'long-term' };
  const EMPTY = when({ StringEquals: { 'aws:PrincipalTag/team': '' } });
  const ANY_BUT_NONEMPTY = [
    ...when({ StringLike: { 'aws:PrincipalTag/team': '*' } }),
    ...denyWhen({ StringLike: { 'aws:PrincipalTag/team': '?*' } }).slice(1),
  ];
  // A set operator reads "" as a missing key, Null as a present one (§13): only team "" gets through,
  // though "" matches the same patterns as any value no pattern names.
  const ONLY_EMPTY = [
    st({
      Condition: {
        'ForAllValues:StringEquals': { 'aws:PrincipalTag/team': ['a'] },
        Null: { 'aws:PrincipalTag/team': 'false' },
      },
    }),
    st({ Effect: 'Deny', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'a' } } }),
  ];
  it.each([
    ['a grant to team "" (StringEquals)', EMPTY],
    ['a grant to any team beside a Deny of a non-empty one', ANY_BUT_NONEMPTY],
    ['a grant "" alone passes (a set operator and Null)', ONLY_EMPTY],
  ])('%s: unknown, never deny, for a role whose tags are unstated', async (_, endpoint) => {
    const p = await withRunner(endpoint, LONG_TERM, (c) => delete c.roles.ReportingRole.tags);
    expect(p).toMatchObject({ decision: 'unknown' });
    expect(p.unknown).toContain('team=');
  });
  it.each([
    ['beside a Deny of a non-empty one', ANY_BUT_NONEMPTY],
    ['through a set operator and Null', ONLY_EMPTY],
  ])('a stated empty tag decides: allowed %s', async (_, endpoint) => {
    const p = await withRunner(endpoint, LONG_TERM, (c) => (c.roles.ReportingRole.tags = { team: '' }));
    expect(p).toMatchObject({ decision: 'allow' });
  });
  it('a role tagged team=analytics that may inherit team "" is unknown under the empty-value grant', async () => {
    expect(await predicted(EMPTY, 'temporary')).toMatchObject({ decision: 'unknown' });
  });
  it('the sandbox takes Value "" and lets the session inheriting it in (present, empty); predicted unknown', async () => {
    const cell = await chainedCell(EMPTY, '');
    expect(cell.observed).toMatchObject({ status: 200 });
    expect(cell.predicted).toMatchObject({ decision: 'unknown' });
    expect(cell.predicted!.unknown).toContain('inheriting team=""');
  });
});

// Issue 11 (pass 21): the base credentials' transitive tags can be stated (runner.transitiveTags), so
// such cells are decided with them instead of unknown (docs/aws-behaviour.md §65, docs/config.md).
describe('runner.transitiveTags: the base session’s transitive tags, stated', () => {
  it.each([
    [
      'inherits team=red over the role’s team=analytics (whatever the key’s case)',
      { Team: 'red' },
      'red',
      'analytics',
    ],
    ['inherits another key only: its own team decides', { tier: 'gold' }, 'analytics', 'red'],
    ['inherits none ({})', {}, 'analytics', 'red'],
    ['inherits team="" (an empty value)', { team: '' }, '', 'analytics'],
  ])('%s', async (_, transitiveTags, allowed, denied) => {
    for (const credentials of ['temporary', undefined]) {
      const runner = { transitiveTags, ...(credentials ? { credentials } : {}) };
      expect(await withRunner(TEAM(allowed), runner), `${credentials}`).toMatchObject({ decision: 'allow' });
      expect(await withRunner(TEAM(denied), runner)).toMatchObject({ decision: 'deny', layer: 'endpoint' });
    }
  });
  it('a role whose own tags are unstated is decided on a key the base passes on', async () => {
    const runner = { transitiveTags: { team: 'red' } };
    const unstated = (c: any) => delete c.roles.ReportingRole.tags;
    expect(await withRunner(TEAM('red'), runner, unstated)).toMatchObject({ decision: 'allow' });
    expect(await withRunner(TEAM('blue'), runner, unstated)).toMatchObject({ decision: 'deny' });
    // Another key the base does not pass on still depends on the role's own tags.
    expect(
      await withRunner(when({ StringEquals: { 'aws:PrincipalTag/tier': 'x' } }), runner, unstated),
    ).toMatchObject({
      decision: 'unknown',
    });
  });
  it('beside runner.credentials: long-term, stated tags are exit 2 naming runner.transitiveTags', async () => {
    await expect(
      withRunner(TEAM('red'), { credentials: 'long-term', transitiveTags: { team: 'red' } }),
    ).rejects.toThrow(/runner\.transitiveTags.*long-term/s);
  });
  it('a run whose base turns out to be access keys contradicts stated tags: the problem names runner.transitiveTags', () => {
    const cfg = offlineDemo((c) => (c.runner = { ...c.runner, transitiveTags: { team: 'red' } }));
    delete cfg.runner!.credentials;
    expect(statedCredentialsProblem(cfg, undefined)).toMatchObject({
      field: 'runner.transitiveTags',
      problem: expect.stringContaining('states 1 transitive session tag, but'),
    });
    expect(statedCredentialsProblem(cfg, BASE)).toBeUndefined();
    expect(statedCredentialsProblem({ ...cfg, runner: { transitiveTags: {} } }, undefined)).toBeUndefined();
  });
  it('a sandbox run on a base inheriting team=red, stated: predicted deny as the sandbox answers (403)', async () => {
    const cell = await chainedCell(TEAM('analytics'), 'red', { transitiveTags: { team: 'red' } });
    expect(cell.observed).toMatchObject({ status: 403 });
    expect(cell.predicted).toMatchObject({ decision: 'deny', layer: 'endpoint' });
  });
});
