// Issue 10 item 2 (lane L10A, found with the second auditor world): "through ENDPOINT" must be where
// the request goes. A private DNS name resolves, in the runner's VPC, to that VPC's private-DNS
// endpoint; the runner is in the default endpoint's VPC unless runner.vpc says otherwise. An
// endpoint whose VPC the config does not state was still addressed by private DNS whenever it was
// not the default: in the second auditor world without annex's `vpc`, every call "through annex"
// (the default endpoint, runner.vpc unset... or any other endpoint) reached whichever endpoint the
// runner's VPC resolves to (core, in the sandbox; nothing checks it in live mode). Now only an
// endpoint known to be in the runner's VPC is addressed by private DNS; one that may be elsewhere is
// pinned by its own DNS name (endpoint-host).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../../src/config/index.js';
import { readMatrix, spokegateHere } from '../harness/helpers.js';
import { copyAuditorWorld } from './auditor-world.js';

/** The second auditor world with its config edited; the copy's folder. */
function edited(edit: (c: any) => void): string {
  const dir = copyAuditorWorld('unknown-vpc', 'auditor2');
  const file = join(dir, 'spokegate.config.yaml');
  const c = parse(readFileSync(file, 'utf8'));
  edit(c);
  writeFileSync(file, stringify(c));
  return dir;
}
const addressing = (dir: string) =>
  Object.fromEntries(
    Object.entries(loadConfig(join(dir, 'spokegate.config.yaml')).endpoints).map(([a, e]) => [
      a,
      e.addressing,
    ]),
  );

describe('an endpoint whose VPC the config does not state', () => {
  it('is pinned by its own DNS name unless it is the default endpoint and runner.vpc is unset', () => {
    // annex is the default; without runner.vpc the runner is in annex's VPC (documented).
    const noRunner = edited((c) => {
      delete c.runner;
      delete c.endpoints.annex.vpc;
    });
    expect(addressing(noRunner)).toEqual({ core: 'endpoint-host', annex: 'private-dns' });
    // runner.vpc is core's: annex may be anywhere.
    const runnerStated = edited((c) => delete c.endpoints.annex.vpc);
    expect(addressing(runnerStated)).toEqual({ core: 'private-dns', annex: 'endpoint-host' });
    // core (not the default) without its VPC, runner.vpc unset: the runner is in annex's VPC.
    const coreUnknown = edited((c) => {
      delete c.runner;
      delete c.endpoints.core.vpc;
    });
    expect(addressing(coreUnknown)).toEqual({ core: 'endpoint-host', annex: 'private-dns' });
  });

  it('a call through it reaches it (sandbox: the endpoint the request came through is checked)', async () => {
    // The runner is in core's VPC (runner.vpc; the sandbox resolves private DNS to core, its first
    // private-DNS endpoint); annex's VPC is not stated. Before, "through annex" went by private DNS
    // to core: a wrong-endpoint error in the sandbox, core's answer in live mode.
    const dir = edited((c) => delete c.endpoints.annex.vpc);
    const feature = join(dir, 'route.feature');
    writeFileSync(
      feature,
      [
        'Feature: routes',
        '  Scenario: the nightly session through core',
        '    When "DeployNightly" calls GET /series on "metrics" through "core"',
        '    Then the call is denied by the endpoint policy',
        '  Scenario: the nightly session through annex',
        '    When "DeployNightly" calls GET /series on "metrics"',
        '    Then the call is allowed',
        '',
      ].join('\n'),
    );
    const reports = join(dir, 'reports');
    const r = await spokegateHere([
      'run',
      feature,
      '--config',
      join(dir, 'spokegate.config.yaml'),
      '--reports',
      reports,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const cells = readMatrix(reports).cells;
    expect(cells.map((c: any) => [c.endpoint, c.observed.outcome])).toEqual([
      ['core', 'denied'],
      ['annex', 'allowed'],
    ]);
  });
});
