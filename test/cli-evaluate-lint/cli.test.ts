// `spokegate evaluate` and `spokegate lint` through the CLI shell (main), with real files.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { invoking } from './helpers.js';
import { allowStatement, policyDoc } from '../policy/doc-cases.js';

let dir: string;
const HUB = '111111111111';
const SPOKE = '222222222222';
const ROLE = `arn:aws:iam::${HUB}:role/CheckoutRole`;

const cli = (...argv: string[]) => runCli(argv, { cwd: dir });
const write = (name: string, doc: unknown) =>
  writeFileSync(join(dir, name), typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'spokegate-cli-'));
  write('endpoint.json', {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Checkout',
        Effect: 'Allow',
        Principal: { AWS: ROLE },
        Action: 'execute-api:Invoke',
        Resource: `arn:aws:execute-api:us-west-2:${SPOKE}:a1b2c3d4e5/*`,
      },
    ],
  });
  write('resource.json', {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Open',
        Effect: 'Allow',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: 'execute-api:/*',
      },
      {
        Sid: 'OnlyHub',
        Effect: 'Deny',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: 'execute-api:/*',
        Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-hub' } },
      },
    ],
  });
  write('identity.json', {
    Version: '2012-10-17',
    Statement: [{ Sid: 'Invoke', Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }],
  });
  write('deny-identity.json', {
    Version: '2012-10-17',
    Statement: [{ Sid: 'No', Effect: 'Deny', Action: 'execute-api:*', Resource: '*' }],
  });
  write('bad-effect.json', {
    Statement: [{ Sid: 'X', Effect: 'allow', Principal: '*', Action: '*', Resource: '*' }],
  });
  write('broken.json', '{"Statement": [');
  write(
    'tags.json',
    policyDoc([
      allowStatement({
        Principal: '*',
        Condition: {
          'ForAnyValue:StringEquals': { 'aws:PrincipalTag/team': ['orders'] },
          NumericLessThan: { n: 5 },
        },
      }),
    ]),
  );
});

const base = invoking(ROLE);
const FROM_HUB = ['--context', 'aws:SourceVpce=vpce-hub'];
const ENDPOINT = ['--endpoint-policy', 'endpoint.json'];
const RESOURCE = ['--resource-policy', 'resource.json'];
/** `spokegate evaluate ARGS --json`. */
const evaluateJson = (...args: string[]) => cli('evaluate', ...args, '--json');

describe('spokegate evaluate', () => {
  it('--policy: the one policy allows (exit 0) with the JSON fields', async () => {
    const r = await evaluateJson('--policy', 'endpoint.json', ...base);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({
      decision: 'allow',
      detail: 'Allowed',
      layer: null,
      statements: [{ policy: 'endpoint.json', index: 0, sid: 'Checkout' }],
    });
    expect(Array.isArray(j.layers)).toBe(true);
    expect(Array.isArray(j.explanation)).toBe(true);
  });

  it('--policy: implicit deny (exit 1), with near misses', async () => {
    const r = await evaluateJson('--policy', 'endpoint.json', ...invoking(`arn:aws:iam::${HUB}:role/Other`));
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ decision: 'deny', detail: 'ImplicitDeny', statements: [] });
    expect(j.layers[0].nearMisses[0]).toMatchObject({ index: 0, sid: 'Checkout', element: 'Principal' });
  });

  it('--policy: no delegation or cross-account rule (an account principal matches)', async () => {
    write('account.json', {
      Statement: [{ Effect: 'Allow', Principal: { AWS: HUB }, Action: '*', Resource: '*' }],
    });
    expect((await evaluateJson('--policy', 'account.json', ...base)).code).toBe(0);
  });

  it('chain: endpoint + resource + identity, cross account, allowed', async () => {
    const r = await evaluateJson(
      ...ENDPOINT,
      ...RESOURCE,
      '--identity-policy',
      'identity.json',
      ...base,
      ...FROM_HUB,
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.decision).toBe('allow');
    expect(j.layers.map((l: { layer: string }) => l.layer)).toEqual(['endpoint', 'resource', 'identity']);
    expect(j.statements.map((s: { sid: string }) => s.sid)).toEqual(['Checkout', 'Open', 'Invoke']);
  });

  it('chain: the resource policy denies without the endpoint key', async () => {
    const r = await evaluateJson(...ENDPOINT, ...RESOURCE, ...base);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({
      decision: 'deny',
      detail: 'ExplicitDeny',
      layer: 'resource',
      statements: [{ policy: 'resource.json', index: 1, sid: 'OnlyHub' }],
    });
  });

  it('chain: cross account needs the identity policy too', async () => {
    const r = await evaluateJson(
      ...RESOURCE,
      '--identity-policy',
      'deny-identity.json',
      ...base,
      ...FROM_HUB,
    );
    expect(JSON.parse(r.out)).toMatchObject({ decision: 'deny', detail: 'ExplicitDeny', layer: 'identity' });
  });

  it('chain: only the layers given are evaluated', async () => {
    const r = await evaluateJson(...ENDPOINT, ...base);
    const j = JSON.parse(r.out);
    expect(j.layers.map((l: { layer: string }) => l.layer)).toEqual(['endpoint']);
    expect(j.decision).toBe('allow');
  });

  it('anonymous: denied on AWS_IAM, allowed by "*" on NONE', async () => {
    const anon = [...invoking('anonymous'), ...FROM_HUB];
    const iam = await evaluateJson(...RESOURCE, ...anon);
    expect(JSON.parse(iam.out)).toMatchObject({ decision: 'deny', layer: null, reason: 'missing-auth' });
    const none = await evaluateJson(...RESOURCE, '--auth-type', 'NONE', ...anon);
    expect(none.code).toBe(0);
  });

  it('--context: JSON arrays, numbers and booleans; strings otherwise; overrides derived keys', async () => {
    const tagged = (team: string, n: string) =>
      evaluateJson(
        '--policy',
        'tags.json',
        ...base,
        '--context',
        `aws:PrincipalTag/team=${team}`,
        '--context',
        `n=${n}`,
      );
    expect((await tagged('["x","orders"]', '3')).code).toBe(0);
    expect((await tagged('["orders"]', '7')).code).toBe(1);
    write('acct.json', {
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: '*',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalAccount': '999999999999' } },
        },
      ],
    });
    expect((await evaluateJson('--policy', 'acct.json', ...base)).code).toBe(1);
    const named = ['--context', 'aws:principalaccount=999999999999'];
    expect((await evaluateJson('--policy', 'acct.json', ...base, ...named)).code).toBe(0);
  });

  it('derives aws:PrincipalArn (the role ARN) and aws:userid from a session ARN', async () => {
    write('arn.json', {
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: '*',
          Resource: '*',
          Condition: {
            ArnEquals: { 'aws:PrincipalArn': ROLE },
            StringLike: { 'aws:userid': 'AROA*:build-7' },
          },
        },
      ],
    });
    const r = await evaluateJson(
      '--policy',
      'arn.json',
      ...invoking(`arn:aws:sts::${HUB}:assumed-role/CheckoutRole/build-7`),
    );
    expect(r.code).toBe(0);
  });

  it('prints a human explanation on stderr without --json', async () => {
    const r = await cli('evaluate', '--policy', 'endpoint.json', ...base);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/ALLOW/);
  });

  it.each([
    [
      'an invalid policy',
      ['--policy', 'bad-effect.json', ...base],
      /bad-effect\.json.*Statement\[0\].*Effect/,
    ],
    ['broken JSON', ['--policy', 'broken.json', ...base], /broken\.json/],
    ['a missing file', ['--policy', 'nope.json', ...base], /nope\.json.*not found/],
    [
      'both modes',
      ['--policy', 'endpoint.json', '--endpoint-policy', 'endpoint.json', ...base],
      /either --policy or/,
    ],
    ['no policy', [...base], /--policy/],
    [
      'a bad principal',
      ['--policy', 'endpoint.json', ...invoking('CheckoutRole')],
      /principal "CheckoutRole"/,
    ],
    ['a bad auth type', ['--policy', 'endpoint.json', ...base, '--auth-type', 'COGNITO'], /--auth-type/],
    ['a bad --context', ['--policy', 'endpoint.json', ...base, '--context', 'novalue'], /KEY=VALUE/],
  ])('exits 2 with a message for %s', async (_name, args, message) => {
    const r = await cli('evaluate', ...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('IaC files', () => {
  const endpointPolicy = (sid: string, role: string) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: sid, Effect: 'Allow', Principal: { AWS: role }, Action: 'execute-api:Invoke', Resource: '*' },
      ],
    });
  const vpce = (name: string, id: string, policy: string) => ({
    address: `aws_vpc_endpoint.${name}`,
    mode: 'managed',
    type: 'aws_vpc_endpoint',
    name,
    change: {
      actions: ['no-op'],
      before: {
        id,
        service_name: 'com.amazonaws.us-west-2.execute-api',
        vpc_endpoint_type: 'Interface',
        policy,
      },
      after: {
        id,
        service_name: 'com.amazonaws.us-west-2.execute-api',
        vpc_endpoint_type: 'Interface',
        policy,
      },
      after_unknown: {},
    },
  });
  beforeAll(() => {
    write('plan.json', {
      format_version: '1.2',
      terraform_version: '1.9.0',
      resource_changes: [
        vpce('hub', 'vpce-0aaa', endpointPolicy('Hub', ROLE)),
        vpce('other', 'vpce-0bbb', endpointPolicy('Other', `arn:aws:iam::${HUB}:role/Nobody`)),
      ],
    });
  });
  it('a plan with two endpoints needs FILE#ADDRESS', async () => {
    const r = await evaluateJson('--endpoint-policy', 'plan.json', ...base);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/FILE#ADDRESS/);
  });
  it('FILE#ADDRESS picks the endpoint', async () => {
    const hub = await evaluateJson('--endpoint-policy', 'plan.json#aws_vpc_endpoint.hub', ...base);
    expect(hub.code).toBe(0);
    expect(JSON.parse(hub.out).statements).toEqual([
      { policy: 'plan.json#aws_vpc_endpoint.hub', index: 0, sid: 'Hub' },
    ]);
    expect((await evaluateJson('--endpoint-policy', 'plan.json#vpce-0bbb', ...base)).code).toBe(1);
    expect((await evaluateJson('--endpoint-policy', 'plan.json#nope', ...base)).code).toBe(2);
  });
  it('lint names the address of each finding', async () => {
    const r = await cli('lint', 'plan.json', '--fail-on', 'none');
    expect(r.out).toMatch(
      /aws_vpc_endpoint\.hub: Statement\[0\] \(Sid "Hub"\).*SG012|SG012.*aws_vpc_endpoint\.hub/,
    );
  });
  it("lint gives an IaC file's findings 1:1 (docs/cli.md), even when the plan has a top-level Statement list", async () => {
    // A statement's index is its place in the policy held in the plan, not in the plan's own text:
    // the plan is never searched for a position (nor parsed for one: a 100,000-resource plan spent
    // seconds of CPU on a parse whose answer was always 1:1).
    write('plan-statement.json', {
      format_version: '1.2',
      Statement: [{ Sid: 'NotThisOne' }, { Sid: 'NorThis' }],
      resource_changes: [vpce('hub', 'vpce-0aaa', endpointPolicy('Hub', ROLE))],
    });
    const text = await cli('lint', 'plan-statement.json', '--fail-on', 'none');
    expect(text.out).toMatch(/SG012/);
    for (const line of text.out.trim().split('\n').slice(0, -1))
      expect(line).toMatch(/^plan-statement\.json:1:1: /);
    const sarif = await cli('lint', 'plan-statement.json', '--fail-on', 'none', '--format', 'sarif');
    const regions = (
      JSON.parse(sarif.out) as {
        runs: { results: { locations: { physicalLocation: { region: unknown } }[] }[] }[];
      }
    ).runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.region);
    expect(regions.length).toBeGreaterThan(0);
    for (const r of regions) expect(r).toEqual({ startLine: 1, startColumn: 1 });
  });
});

describe('spokegate lint', () => {
  it('text findings, exit 0 when below --fail-on', async () => {
    const r = await cli('lint', 'resource.json', '--kind', 'resource');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/SG010/);
  });
  it('exit 1 at or above --fail-on', async () => {
    expect((await cli('lint', 'resource.json', '--kind', 'resource', '--fail-on', 'warning')).code).toBe(1);
    expect((await cli('lint', 'resource.json', '--kind', 'resource', '--fail-on', 'none')).code).toBe(0);
  });
  it('reports an invalid policy as a finding (exit 1)', async () => {
    const r = await cli('lint', 'bad-effect.json', '--format', 'json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).findings[0]).toMatchObject({
      rule: 'SG000',
      severity: 'error',
      statement: { index: 0, sid: 'X' },
    });
  });
  it('SARIF output', async () => {
    const r = await cli('lint', 'endpoint.json', '--format', 'sarif', '--fail-on', 'none');
    const s = JSON.parse(r.out);
    expect(s.version).toBe('2.1.0');
    expect(s.runs[0].tool.driver.rules.length).toBeGreaterThan(10);
  });
  it('guesses the kind: identity when no statement has a Principal', async () => {
    const r = await cli('lint', 'identity.json', '--format', 'json', '--fail-on', 'none');
    expect(JSON.parse(r.out).findings.map((f: { rule: string }) => f.rule)).not.toContain('SG001');
  });
  it('exit 2 for a missing file or a bad option', async () => {
    expect((await cli('lint', 'nope.json')).code).toBe(2);
    expect((await cli('lint', 'endpoint.json', '--format', 'xml')).code).toBe(2);
  });
});
