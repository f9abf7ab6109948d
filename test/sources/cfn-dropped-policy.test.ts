// A CloudFormation template read alone is the state it describes: an AWS::EC2::VPCEndpoint with no
// PolicyDocument has AWS's default full-access policy, as at creation. Between two versions of a
// template, though, the endpoint LOSING its PolicyDocument is a stack update whose effect
// CloudFormation does not document (a removed optional property may keep its value:
// cloudformation-coverage-roadmap#2527 measured it for the same resource's PrivateDnsEnabled;
// docs/aws-behaviour.md §19). Before (note9 §10), `diff --before old.yaml --after new.yaml` read it as
// the default full-access policy and reported the grants that reading makes; now it is exit 2 naming
// the endpoint and the fix.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG, cli, fixture, tmpFile } from '../diff/helpers.js';

/** hub-stack-before.yaml with HubEndpoint's PolicyDocument removed (the lines under it). */
function withoutPolicyDocument(): string {
  const lines = readFileSync(fixture('hub-stack-before.yaml'), 'utf8').split('\n');
  const hub = lines.indexOf('  HubEndpoint:');
  const start = lines.indexOf('      PolicyDocument:', hub);
  expect(start).toBeGreaterThan(0);
  let end = start + 1;
  while (end < lines.length && (lines[end]!.startsWith('        ') || lines[end] === '')) end++;
  return tmpFile('hub-stack-no-policy.yaml', [...lines.slice(0, start), ...lines.slice(end)].join('\n'));
}

/** `diff` from hub-stack-before.yaml to the template `after`, with the example config. */
const diffFromBefore = (after: string) =>
  cli(['diff', '--before', fixture('hub-stack-before.yaml'), '--after', after, '--config', CONFIG]);

/** hub-stack-before.yaml with the logical id `from` renamed `to` everywhere. */
const renamedInBefore = (from: string, to: string): string =>
  tmpFile(
    `hub-stack-${to}.yaml`,
    readFileSync(fixture('hub-stack-before.yaml'), 'utf8').replaceAll(from, to),
  );

describe('diff of two templates where the endpoint loses its PolicyDocument', () => {
  it('is exit 2 naming the endpoint and the fix, never the default full-access policy as a fact', async () => {
    const after = withoutPolicyDocument();
    expect(readFileSync(after, 'utf8')).not.toMatch(/AllowNamedRoles/);
    const r = await diffFromBefore(after);
    expect(r.code, r.out + r.err).toBe(2);
    expect(r.err).toMatch(/HubEndpoint/);
    expect(r.err).toMatch(/PolicyDocument/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('two versions that both state the endpoint’s policy are compared as before', async () => {
    const r = await diffFromBefore(fixture('hub-stack.yaml'));
    expect(r.code).not.toBe(2);
  });

  // CloudFormation creates a resource under a new logical id and deletes the old one, and EC2
  // gives the new endpoint a new id; before, the renamed endpoint (or API) was read as the configured one.
  it.each([
    [
      'an endpoint whose logical id changes is a new endpoint: the configured one is destroyed',
      'HubEndpoint',
    ],
    [
      'an API whose logical id changes is a new API, whatever its Name: the configured one is gone',
      'OrdersApi',
    ],
  ])('%s', async (_title, id) => {
    const r = await diffFromBefore(renamedInBefore(id, `${id}V2`));
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toMatch(/ 0 grants, [1-9]\d* revocations/);
    expect(r.out).toContain(`${id}V2 replaces ${id}`);
  });
});
