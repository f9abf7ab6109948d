// Issue 12: every policy file a run will read is read before Cucumber starts. A config-named file
// (endpoints.X.policy, apis.X.resourcePolicy, roles.X.identityPolicies) or a file named by a
// `Given the endpoint policy of "X" is read from "FILE"` step that is missing, outside the project,
// a FIFO, too big or not JSON is exit 2 naming the file and the field (or the feature line) before
// any scenario ran: no report is written, the previous set stays. In-process (main()).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runCli } from '../cli-in-process.js';
import { DEMO, demoProject, ROOT } from '../harness/helpers.js';

const { base, proj } = demoProject('eager');
const HUB = 'hub-endpoint.json';

let n = 0;
async function cli(args: string[]): Promise<{ code: number; text: string; reports: string }> {
  const reports = join(proj, `reports-${n++}`);
  mkdirSync(reports);
  // The previous run's set: a run that stops on bad input leaves it as it was.
  writeFileSync(join(reports, 'access-matrix.json'), 'PREVIOUS RUN');
  const { code, text } = await runCli([...args, '--reports', reports], { cwd: proj });
  return { code, text, reports };
}

/** A variant of the demo config in the project, edited. */
function config(name: string, edit: (c: Record<string, any>) => void): string {
  const c = parse(readFileSync(join(DEMO, 'spokegate.config.yaml'), 'utf8')) as Record<string, any>;
  edit(c);
  writeFileSync(join(proj, name), stringify(c));
  return name;
}

beforeAll(() => {
  writeFileSync(join(proj, HUB), readFileSync(join(ROOT, 'test/fixtures/iac/endpoint-before.json')));
  writeFileSync(join(base, 'outside.json'), readFileSync(join(proj, HUB)));
  writeFileSync(join(proj, 'truncated.json'), '{"Version": "2012-10-17", "Statement": [');
  // Over the 128 KiB policy limit (not a plan or a template).
  writeFileSync(join(proj, 'big.json'), `{"Statement": [], "Pad": "${'x'.repeat(200 * 1024)}"}`);
  execFileSync('mkfifo', [join(proj, 'fifo.json')]);
  mkdirSync(join(proj, 'steps'));
  writeFileSync(
    join(proj, 'steps', 'read.feature'),
    [
      'Feature: a step names a policy file',
      '  Scenario: first, fine',
      '    When "CheckoutRole" calls GET /orders on "orders"',
      '    Then the call is allowed',
      '  Scenario: second, reads a file that is not there',
      '    Given the endpoint policy of "hub" is read from "no-such-policy.json"',
      '    When "CheckoutRole" calls GET /orders on "orders"',
      '    Then the call is allowed',
      '',
    ].join('\n'),
  );
});

const FEATURE = 'endpoint.feature';

/** `check` of the demo feature against the hub policy, with an edited config variant. */
function checkWith(name: string, edit: (c: Record<string, any>) => void): string[] {
  return ['check', FEATURE, '--endpoint-policy', HUB, '--config', config(name, edit)];
}

interface Case {
  args: () => string[];
  /** What the one error line must name: the policy file, and the field (or feature line). */
  says: (string | RegExp)[];
}

const cases: Record<string, Case> = {
  'apis.X.resourcePolicy missing': {
    args: () => checkWith('missing-rp.yaml', (c) => (c.apis.orders.resourcePolicy = 'no-such.json')),
    says: ['missing-rp.yaml: apis.orders.resourcePolicy', 'no-such.json', 'not found'],
  },
  'apis.X.resourcePolicy outside the project': {
    args: () => checkWith('outside-rp.yaml', (c) => (c.apis.payments.resourcePolicy = '../outside.json')),
    says: ['outside-rp.yaml: apis.payments.resourcePolicy', 'outside.json', /outside the project/],
  },
  'apis.X.resourcePolicy a FIFO': {
    args: () => checkWith('fifo-rp.yaml', (c) => (c.apis.inventory.resourcePolicy = 'fifo.json')),
    says: ['fifo-rp.yaml: apis.inventory.resourcePolicy', 'fifo.json', 'named pipe (FIFO)'],
  },
  'apis.X.resourcePolicy too big': {
    args: () => checkWith('big-rp.yaml', (c) => (c.apis.legacy.resourcePolicy = 'big.json')),
    says: ['big-rp.yaml: apis.legacy.resourcePolicy', 'big.json', '128 KiB'],
  },
  'apis.X.resourcePolicy not JSON': {
    args: () => checkWith('bad-rp.yaml', (c) => (c.apis.orders.resourcePolicy = 'truncated.json')),
    says: ['bad-rp.yaml: apis.orders.resourcePolicy', 'truncated.json', 'invalid JSON'],
  },
  'endpoints.X.policy missing': {
    args: () => [
      'run',
      FEATURE,
      '--mode',
      'offline',
      '--config',
      config('missing-ep.yaml', (c) => (c.endpoints.hub.policy = 'no-such-endpoint.json')),
    ],
    says: ['missing-ep.yaml: endpoints.hub.policy', 'no-such-endpoint.json', 'not found'],
  },
  'roles.X.identityPolicies names a FIFO': {
    args: () =>
      checkWith(
        'fifo-id.yaml',
        (c) => (c.roles.BatchRole.identityPolicies = ['policies/invoke-all.json', 'fifo.json']),
      ),
    says: ['fifo-id.yaml: roles.BatchRole.identityPolicies.1', 'fifo.json', 'named pipe (FIFO)'],
  },
  'a step reads a file that is not there (second scenario)': {
    args: () => ['check', 'steps/read.feature', '--endpoint-policy', HUB],
    says: [/steps\/read\.feature: line 6: .*no-such-policy\.json/, 'not found'],
  },
};

describe('policy files are read before any scenario runs', () => {
  for (const [name, c] of Object.entries(cases)) {
    it(`${name}: exit 2 naming the file and the field; no scenario ran, no report written`, async () => {
      const r = await cli(c.args());
      expect(r.code, r.text).toBe(2);
      for (const s of c.says) expect(r.text).toMatch(typeof s === 'string' ? new RegExp(escape(s)) : s);
      expect(r.text).not.toMatch(/scenario\(s\) passed|\n\s+at |internal error/);
      // Nothing of this run was written: the previous set is as it was.
      expect(readdirSync(r.reports)).toEqual(['access-matrix.json']);
      expect(readFileSync(join(r.reports, 'access-matrix.json'), 'utf8')).toBe('PREVIOUS RUN');
    });
  }

  it('the same project with good files runs (the variants above are the only fault)', async () => {
    const reports = join(proj, 'reports-good');
    const r = await runCli(['check', FEATURE, '--endpoint-policy', HUB, '--reports', reports], {
      cwd: proj,
      env: process.env,
    });
    expect(r.code, r.err).toBe(0);
    expect(existsSync(join(reports, 'access-matrix.html'))).toBe(true);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
