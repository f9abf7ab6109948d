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
  const demoConfig = join(ROOT, 'features/sandbox/spokegate.config.yaml');
  it('check with an endpoint policy AWS refuses: exit 2', async () => {
    const feature = join(ROOT, 'features/sandbox/endpoint.feature');
    const [policy, reports] = [join(dir, 'two-effects.json'), join(dir, 'reports')];
    const r = await cli(
      'check',
      feature,
      '--config',
      demoConfig,
      '--endpoint-policy',
      policy,
      '--reports',
      reports,
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain('SG021');
  });
  it('diff with an after-policy AWS refuses: exit 2', async () => {
    const [before, after] = [join(dir, 'good.json'), join(dir, 'no-principal.json')];
    const r = await cli('diff', '--before', before, '--after', after, '--config', demoConfig);
    expect(r.code).toBe(2);
    expect(r.err).toContain('SG001');
  });
});
