// Issue 11 item 6 through the CLI: evaluate, check and diff refuse a document AWS refuses (exit 2,
// naming the file, the statement and the rule); lint reports the same rule as an error finding.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { invoking } from './helpers.js';

let dir: string;
const ROOT = resolve(import.meta.dirname, '../..');
const ROLE = 'arn:aws:iam::111111111111:role/CheckoutRole';
const req = invoking(ROLE);

const cli = (...argv: string[]) => runCli(argv, { cwd: dir });

const statement = {
  Sid: 'Checkout',
  Effect: 'Allow',
  Principal: { AWS: ROLE },
  Action: 'execute-api:Invoke',
  Resource: 'arn:aws:execute-api:us-west-2:222222222222:*/*',
};
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'spokegate-refuse-'));
  const { Principal: _p, ...noPrincipal } = statement;
  const w = (name: string, v: unknown) =>
    writeFileSync(join(dir, name), typeof v === 'string' ? v : JSON.stringify(v, null, 2));
  w('no-principal.json', { Version: '2012-10-17', Statement: [{ ...noPrincipal, Sid: 'NoWho' }] });
  w('identity-with-principal.json', { Version: '2012-10-17', Statement: [statement] });
  w(
    'two-effects.json',
    '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Sid": "Twice",\n      "Effect": "Deny",\n      "Principal": "*",\n      "Action": "execute-api:Invoke",\n      "Resource": "*",\n      "Effect": "Allow"\n    }\n  ]\n}\n',
  );
  w('good.json', { Version: '2012-10-17', Statement: [statement] });
});

describe('evaluate refuses', () => {
  it('an endpoint policy without Principal', async () => {
    const r = await cli('evaluate', '--endpoint-policy', 'no-principal.json', ...req);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no-principal\.json: line \d+: Statement\[0\] \(Sid "NoWho"\) Principal: .*SG001/);
  });
  it('a resource policy without Principal', async () => {
    const r = await cli('evaluate', '--resource-policy', 'no-principal.json', ...req);
    expect(r.code).toBe(2);
    expect(r.err).toContain('SG001');
  });
  it('an identity policy with a Principal', async () => {
    const r = await cli('evaluate', '--identity-policy', 'identity-with-principal.json', ...req);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Statement\[0\] \(Sid "Checkout"\) Principal: .*SG009/);
  });
  it('two "Effect"s in a statement, even with --policy', async () => {
    const r = await cli('evaluate', '--policy', 'two-effects.json', ...req);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/two-effects\.json: line 10: Statement\[0\] \(Sid "Twice"\) Effect: .*line 6/);
  });
  it('lint reports them as error findings instead', async () => {
    const r = await cli('lint', 'no-principal.json', '--kind', 'endpoint', '--format', 'json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).findings).toContainEqual(
      expect.objectContaining({ rule: 'SG001', severity: 'error' }),
    );
    const d = await cli('lint', 'two-effects.json', '--format', 'json');
    expect(JSON.parse(d.out).findings).toContainEqual(
      expect.objectContaining({ rule: 'SG021', severity: 'error' }),
    );
  });
});

describe('check and diff refuse', () => {
  it('check with an endpoint policy AWS refuses: exit 2', async () => {
    const r = await cli(
      'check',
      join(ROOT, 'features/sandbox/endpoint.feature'),
      '--config',
      join(ROOT, 'features/sandbox/spokegate.config.yaml'),
      '--endpoint-policy',
      join(dir, 'two-effects.json'),
      '--reports',
      join(dir, 'reports'),
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain('SG021');
  });
  it('diff with an after-policy AWS refuses: exit 2', async () => {
    const r = await cli(
      'diff',
      '--before',
      join(dir, 'good.json'),
      '--after',
      join(dir, 'no-principal.json'),
      '--config',
      join(ROOT, 'features/sandbox/spokegate.config.yaml'),
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain('SG001');
  });
});

describe("evaluate and the role's path (issue 11 item 7)", () => {
  const pathPolicy = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AuditPath',
        Effect: 'Allow',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: '*',
        Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/audit/*' } },
      },
    ],
  };
  const args = (principal: string, ...more: string[]) => [
    'evaluate',
    '--endpoint-policy',
    'path.json',
    ...invoking(principal),
    '--json',
    ...more,
  ];
  beforeAll(() => writeFileSync(join(dir, 'path.json'), JSON.stringify(pathPolicy)));
  it('a role ARN keeps its path in aws:PrincipalArn', async () => {
    const r = await cli(...args('arn:aws:iam::111111111111:role/audit/AuditRole'));
    expect(JSON.parse(r.out).decision).toBe('allow');
  });
  it('a session ARN cannot carry the path: the output says so and how to give it', async () => {
    const r = await cli(...args('arn:aws:sts::111111111111:assumed-role/AuditRole/s1'));
    const out = JSON.parse(r.out);
    expect(out.decision).toBe('deny');
    expect(out.notes.join(' ')).toMatch(
      /aws:PrincipalArn.*arn:aws:iam::111111111111:role\/AuditRole.*path.*--context aws:PrincipalArn=/,
    );
    const fixed = await cli(
      ...args(
        'arn:aws:sts::111111111111:assumed-role/AuditRole/s1',
        '--context',
        'aws:PrincipalArn=arn:aws:iam::111111111111:role/audit/AuditRole',
      ),
    );
    const fixedOut = JSON.parse(fixed.out);
    expect(fixedOut.decision).toBe('allow');
    // The path note is gone; what remains says the cross-account allow assumes an identity policy.
    expect(fixedOut.notes.join(' ')).not.toMatch(/aws:PrincipalArn/);
    expect(fixedOut.notes.join(' ')).toMatch(/cross account/);
  });
});
