// Issue 10: `call` and `diff` check regions as run, check and who-can do. An interface endpoint
// reaches only its own region's APIs (docs/aws-behaviour.md §1c). `call --api nordic --endpoint hub`
// (hub in us-east-2, nordic in eu-north-1) went on the network as if it could get through; `diff`
// compared cells and classes "through hub" to nordic, requests no one can make, and a change to
// hub's policy read as new access to nordic.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { copyAuditorWorld } from './auditor-world.js';

const ACROSS =
  /endpoint "hub" is in us-east-2 and API "nordic" in eu-north-1: an interface endpoint reaches only its own region's APIs/;

/** The fourth auditor world, and a plan that opens hub (us-east-2) to every principal. */
function world(name: string): { dir: string; config: string; plan: string } {
  const dir = copyAuditorWorld(name, 'auditor4');
  const plan = join(dir, 'plan.json');
  const open = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }],
  });
  const closed = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }],
  });
  const ep = (policy: string) => ({
    id: 'vpce-0f4f4f4f4f4f4f4f4',
    service_name: 'com.amazonaws.us-east-2.execute-api',
    policy,
  });
  writeFileSync(
    plan,
    JSON.stringify({
      format_version: '1.2',
      planned_values: { root_module: { resources: [] } },
      resource_changes: [
        {
          address: 'aws_vpc_endpoint.hub',
          mode: 'managed',
          type: 'aws_vpc_endpoint',
          name: 'hub',
          change: { actions: ['update'], before: ep(closed), after: ep(open), after_unknown: {} },
        },
      ],
    }),
  );
  return { dir, config: join(dir, 'spokegate.config.yaml'), plan };
}

describe('call across regions', () => {
  it.each([
    ['--endpoint hub', ['--endpoint', 'hub']],
    ['the default endpoint (hub)', []],
    ['--vpce of hub (the config knows it)', ['--vpce', 'vpce-0f4f4f4f4f4f4f4f4']],
  ])('through %s to nordic is exit 2 naming both regions, nothing sent', async (_, endpoint) => {
    const { dir, config } = world('call-region');
    const r = await runCli(
      [
        'call',
        '--config',
        config,
        '--api',
        'nordic',
        ...endpoint,
        '--as',
        'anonymous',
        '--timeout-ms',
        '100',
        '--retries',
        '0',
        'GET',
        '/stock',
      ],
      { cwd: dir },
    );
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(ACROSS);
    expect(r.err).not.toMatch(/attempt/);
  });
});

describe('diff across regions', () => {
  it('a feature call through hub to nordic is exit 2 naming the file, the line and both regions', async () => {
    const { dir, config, plan } = world('diff-region-feature');
    writeFileSync(
      join(dir, 'x.feature'),
      'Feature: x\n  Scenario: x\n    When "Admin" calls GET / on "nordic" through "hub"\n    Then the call is allowed\n',
    );
    const r = await runCli(['diff', '--config', config, '--plan', plan, 'x.feature'], { cwd: dir });
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(/x\.feature: line 3: /);
    expect(r.err).toMatch(ACROSS);
  });

  it('the probe cells and classes of hub leave out nordic (another region), and a note says so', async () => {
    const { dir, config, plan } = world('diff-region-probes');
    const r = await runCli(['diff', '--config', config, '--plan', plan, '--format', 'json'], { cwd: dir });
    const doc = JSON.parse(r.out) as {
      changes: { api: string; endpoint?: string }[];
      classes: { api?: string; endpoint: string; witness: { api: string } }[];
    };
    expect(doc.changes.length).toBeGreaterThan(0);
    const throughHub = (c: { endpoint?: string }) => (c.endpoint ?? 'hub') === 'hub';
    expect(doc.changes.filter((c) => throughHub(c) && c.api === 'nordic')).toEqual([]);
    expect(doc.classes.filter((c) => c.endpoint === 'hub' && c.witness.api === 'nordic')).toEqual([]);
    expect(r.err).toMatch(/API "nordic" is in eu-north-1[^\n]*"hub"[^\n]*us-east-2[^\n]*not compared/);
  });
});
