// Issue 10 (L10D): `spokegate diff` compares every configured endpoint the change touches, not only
// the default one. A plan that opens the `lab` endpoint (the auditor world's third) to a new account
// was "not the config's endpoint hub: linted, not compared", and the diff passed `--fail-on grant`:
// a green check that is not true. Each endpoint's cells and classes now say which endpoint they are
// through.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import {
  diffEveryEndpoint,
  diffExitCode,
  diffJson,
  diffText,
  routableProbeCells,
} from '../../src/diff/index.js';
import { copyAuditorWorld } from './auditor-world.js';

const LAB = 'vpce-0c3c3c3c3c3c3c3c3';

/** A plan of the lab endpoint whose policy goes from `before` to `after` (no-op on anything else). */
const planOf = (before: string, after: string) =>
  JSON.stringify({
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: { root_module: { resources: [] } },
    resource_changes: [
      {
        address: 'aws_vpc_endpoint.lab',
        mode: 'managed',
        type: 'aws_vpc_endpoint',
        name: 'lab',
        change: {
          actions: ['update'],
          before: { id: LAB, service_name: 'com.amazonaws.us-west-2.execute-api', policy: before },
          after: { id: LAB, service_name: 'com.amazonaws.us-west-2.execute-api', policy: after },
          after_unknown: {},
        },
      },
    ],
  });

describe('diff over every configured endpoint', () => {
  it('a plan that opens the lab endpoint (not the default) to account 555555555555 is new access through lab (exit 1)', async () => {
    const dir = copyAuditorWorld('diff-endpoints');
    const lab = JSON.parse(readFileSync(join(dir, 'policies', 'lab-endpoint.json'), 'utf8'));
    const before = JSON.stringify(lab);
    lab.Statement.push({
      Sid: 'NewPartner',
      Effect: 'Allow',
      Principal: { AWS: '555555555555' },
      Action: 'execute-api:Invoke',
      Resource: '*',
    });
    writeFileSync(join(dir, 'plan.json'), planOf(before, JSON.stringify(lab)));
    const config = loadConfig(join(dir, 'spokegate.config.yaml'));
    const result = diffEveryEndpoint(
      config,
      { plan: join(dir, 'plan.json') },
      () => routableProbeCells(config).cells,
    );
    expect(result.endpoints).toEqual(['hub', 'edge', 'lab']);
    const doc = diffJson(result) as {
      classes: { change: string; endpoint: string; witness: { principal: { arn?: string } } }[];
    };
    const grants = doc.classes.filter((c) => c.change === 'grant');
    expect(grants.length).toBeGreaterThan(0);
    for (const g of grants) {
      expect(g.endpoint).toBe('lab');
      expect(g.witness.principal.arn).toMatch(/::555555555555:/);
    }
    expect(result.notes.join('\n')).not.toMatch(/not the config's endpoint/);
    expect(diffExitCode(result, 'grant')).toBe(1);
    expect(diffText(result)).toMatch(/ \w+ through lab: /);
  });
});
