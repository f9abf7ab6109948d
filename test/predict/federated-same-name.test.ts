// Lane K (pass 16), a second reading of 8b82b26: a federated user's ARN is its account and the
// GetFederationToken Name alone (arn:aws:sts::ACCOUNT:federated-user/NAME), so two sessions the
// config states under one name (one user federating twice, with other session tags) share it. Each
// alias's calls must be decided with its own session tags, never the first entry's found by ARN (the
// red session was predicted deny with blue's tags: 1 of 2 failed before). A prediction finds a
// caller's facts by its ARN, so such a config is refused (exit 2 naming the field); two sessions of
// one name with the same tags are decided alike, as AWS does. Hand-derived: the API lets in a
// principal tagged team=red.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/config/index.js';
import { RunContext } from '../../src/harness/context.js';

const HUB = '111111111111';
const statement = (s: object) => ({ Version: '2012-10-17', Statement: [s] });
const invoke = { Action: 'execute-api:Invoke', Resource: '*' };

function configFile(blue = 'blue'): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-federated-same-name-'));
  const docs = {
    'open.json': statement({ Effect: 'Allow', Principal: '*', ...invoke }),
    'invoke-all.json': statement({ Effect: 'Allow', ...invoke }),
    'red.json': statement({
      Effect: 'Allow',
      Principal: '*',
      ...invoke,
      Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' } },
    }),
  };
  for (const [name, doc] of Object.entries(docs)) writeFileSync(join(dir, name), JSON.stringify(doc));
  const file = join(dir, 'spokegate.config.yaml');
  const session = (team: string) => ({
    user: 'harness',
    name: 'ci-bot',
    sessionPolicies: ['invoke-all.json'],
    tags: { team },
  });
  writeFileSync(
    file,
    stringify({
      region: 'us-west-2',
      endpoints: { hub: { id: 'vpce-0123456789abcdef0', account: HUB, policy: 'open.json' } },
      roles: {},
      users: {
        harness: {
          arn: `arn:aws:iam::${HUB}:user/spokegate-harness`,
          userId: 'AIDASANDBOXHARNESS01',
          tags: {},
          identityPolicies: ['invoke-all.json'],
        },
      },
      federated: { blue: session(blue), red: session('red') },
      apis: {
        orders: {
          id: 'a1b2c3d4e5',
          account: '222222222222',
          stage: 'prod',
          resourcePolicy: 'red.json',
          routes: ['GET /orders'],
        },
      },
    }),
  );
  return file;
}

describe('two federated sessions of one name', () => {
  it('with other session tags: the config is refused (exit 2 naming federated.red.name)', () => {
    expect(() => loadConfig(configFile())).toThrow(
      /"red" and "blue" are one federated-user ARN .*give each its own name.*federated\.red\.name|federated\.red\.name.*"red" and "blue" are one federated-user ARN/s,
    );
  });

  it.each([
    ['blue', 'allow'],
    ['red', 'allow'],
  ])('with the same session tags: %s is decided with them (%s)', async (who, expected) => {
    const ctx = await RunContext.create({ mode: 'offline', config: loadConfig(configFile('red')), env: {} });
    try {
      const { cell } = await ctx.call(
        { role: who, api: 'orders', method: 'GET', path: '/orders', scenario: 's' },
        'allow',
      );
      expect(cell.predicted?.decision).toBe(expected);
    } finally {
      ctx.close();
    }
  });
});
