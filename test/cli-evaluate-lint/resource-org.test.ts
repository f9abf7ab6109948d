// `evaluate` and the resource's organization keys (issue 11; docs/aws-behaviour.md §21). Every
// execute-api call carries aws:ResourceOrgID and aws:ResourceOrgPaths when the API's account is in
// an organization (§8, resource keys); evaluate knows no organization, so it decided a policy that
// looks at them as if the account were in none: an Allow over `StringNotEquals aws:ResourceOrgID`
// allowed (exit 0) a call AWS denies for an API in that organization. Now, unless --context gives
// the keys, it decides once per organization the policies tell apart (none, each one named,
// another; each path they write) and answers only when all agree: else exit 2 naming the key.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { invoking } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'spokegate-resource-org-'));
function policyFile(name: string, statements: unknown[]): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2));
  return file;
}
const ROLE = 'arn:aws:iam::111111111111:role/CheckoutRole';
const invoke = { Action: 'execute-api:Invoke', Resource: '*' };
// An endpoint policy that opens the endpoint to APIs outside one organization (a mistake, or a
// perimeter written the wrong way round).
const notOurs = policyFile('not-ours', [
  {
    Effect: 'Allow',
    Principal: '*',
    ...invoke,
    Condition: { StringNotEquals: { 'aws:ResourceOrgID': 'o-abcdef1234' } },
  },
]);
// The data-perimeter form: only APIs in our organization.
const ours = policyFile('ours', [
  {
    Effect: 'Allow',
    Principal: '*',
    ...invoke,
    Condition: { StringEquals: { 'aws:ResourceOrgID': 'o-abcdef1234' } },
  },
]);
const paths = policyFile('paths', [
  {
    Effect: 'Allow',
    Principal: '*',
    ...invoke,
    Condition: { 'ForAnyValue:StringLike': { 'aws:ResourceOrgPaths': 'o-abcdef1234/r-ab12/ou-ab12-prod*' } },
  },
]);
// Looks at the key and decides the same whatever it holds.
policyFile('either', [
  { Effect: 'Allow', Principal: '*', ...invoke },
  {
    Effect: 'Deny',
    Principal: '*',
    ...invoke,
    Condition: { StringEquals: { 'aws:ResourceOrgID': 'o-zzzzzzzzzz' } },
  },
]);

const evaluate = (args: string[]) => runCli(['evaluate', ...args, ...invoking(ROLE)], { cwd: dir });

describe('evaluate: aws:ResourceOrgID and aws:ResourceOrgPaths of the API account', () => {
  it.each([
    ['--endpoint-policy', 'not-ours'],
    ['--policy', 'not-ours'],
    ['--endpoint-policy', 'ours'],
    ['--policy', 'ours'],
    ['--endpoint-policy', 'paths'],
    ['--endpoint-policy', 'either'],
  ])('%s %s: exit 2 naming the key when the decision depends on it', async (flag, name) => {
    const r = await evaluate([flag, join(dir, `${name}.json`)]);
    expect(r.code, r.text).toBe(2);
    expect(r.err).toMatch(/aws:ResourceOrg(ID|Paths)/);
    expect(r.err).toContain('222222222222');
    expect(r.err).toContain('--context aws:ResourceOrgID=');
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('decides with the keys --context gives, as AWS would with them', async () => {
    const inOurs = ['--context', 'aws:ResourceOrgID=o-abcdef1234'];
    expect((await evaluate(['--endpoint-policy', notOurs, ...inOurs])).code).toBe(1);
    expect((await evaluate(['--endpoint-policy', ours, ...inOurs])).code).toBe(0);
    expect((await evaluate(['--policy', ours, ...inOurs])).code).toBe(0);
    const elsewhere = ['--context', 'aws:ResourceOrgID=o-zzzzzzzzzz'];
    expect((await evaluate(['--endpoint-policy', notOurs, ...elsewhere])).code).toBe(0);
    const path = ['--context', 'aws:ResourceOrgPaths=["o-abcdef1234/r-ab12/ou-ab12-prod1/"]'];
    expect((await evaluate(['--endpoint-policy', paths, ...inOurs, ...path])).code).toBe(0);
  });

  it('takes the organization from --resource-org: an id, or none for an account in no organization', async () => {
    expect((await evaluate(['--endpoint-policy', notOurs, '--resource-org', 'o-abcdef1234'])).code).toBe(1);
    expect((await evaluate(['--endpoint-policy', ours, '--resource-org', 'o-abcdef1234'])).code).toBe(0);
    expect((await evaluate(['--endpoint-policy', notOurs, '--resource-org', 'none'])).code).toBe(0);
    expect((await evaluate(['--endpoint-policy', ours, '--resource-org', 'none'])).code).toBe(1);
    const bad = await evaluate(['--endpoint-policy', ours, '--resource-org', 'acme']);
    expect([bad.code, bad.err]).toEqual([2, expect.stringContaining('--resource-org')]);
    const both = await evaluate([
      '--endpoint-policy',
      ours,
      '--resource-org',
      'none',
      '--context',
      'aws:ResourceOrgID=o-abcdef1234',
    ]);
    expect([both.code, both.err]).toEqual([2, expect.stringContaining('contradicts')]);
  });

  it('answers when every organization gives the same decision', async () => {
    // Looks at the key, allows whatever it holds (a member of any organization, or of none).
    const any = policyFile('any', [
      {
        Effect: 'Allow',
        Principal: '*',
        ...invoke,
        Condition: { StringLike: { 'aws:ResourceOrgID': 'o-*' } },
      },
      { Effect: 'Allow', Principal: '*', ...invoke, Condition: { Null: { 'aws:ResourceOrgID': 'true' } } },
    ]);
    for (const flag of ['--endpoint-policy', '--policy']) {
      const r = await evaluate([flag, any]);
      expect(r.code, r.text).toBe(0);
    }
  });
});
