// Issue 10 (lane A, found with the third auditor world): offline, a proof ranges over every stated
// stage of an API, each over `apis.X.routes`, which stand for every stated stage. In the third
// auditor's world pay's stage "beta" serves a canary deployment with a NONE route GET /debug that
// prod lacks (the resource policy lets anyone reach /beta/GET/debug): "no principal outside the
// organization can reach pay through dr" fails in sandbox mode (GetDeployment of beta), and passed
// offline on prod's routes, with no way for the config to say what beta serves. Now
// `apis.X.stageRoutes.STAGE` states another stage's routes, and the offline proof fails as the wire.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../../src/config/index.js';
import { InputError } from '../../src/errors.js';
import { noOutsiderReaches } from '../../src/harness/proofs.js';
import { errorOf } from '../sources/helpers.js';
import { copyAuditorWorld, editPolicy, withOfflineRun } from './auditor-world.js';

/** The third auditor world without pay's grants to Partner and to anyone on /health; `edit` changes its config. */
function world(edit: (config: any) => void = () => {}): string {
  const dir = copyAuditorWorld('stage-own-routes', 'auditor3');
  editPolicy(dir, 'pay-resource.json', (d) => {
    d.Statement = d.Statement.filter((s) => s.Sid !== 'PartnerReads' && s.Sid !== 'HealthForAll');
  });
  const file = join(dir, 'spokegate.config.yaml');
  const config = parse(readFileSync(file, 'utf8'));
  edit(config);
  writeFileSync(file, stringify(config));
  return file;
}

const BETA = ['GET /', 'GET /charges', 'ANY /files/{proxy+}', 'GET /debug'];

describe('offline, a stage that serves other routes than the configured one', () => {
  // beta's own types: GET /debug is NONE there (prod's noneRoutes are prod's).
  it('with apis.pay.stageRoutes.beta stated, the proof fails on stage beta as on the wire', async () => {
    const file = world((c) => {
      c.apis.pay.stageRoutes = { beta: { routes: BETA, noneRoutes: ['GET /debug'] } };
    });
    const r = await withOfflineRun(loadConfig(file), {}, (ctx) => noOutsiderReaches(ctx, 'pay', 'dr', 's'));
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/route is GET \/debug \(authorization NONE\)[^\n]*\(on stage "beta"\)/);
  });

  // Listed without types, beta's routes are of unknown type (prod's noneRoutes say nothing of
  // beta): GET /debug may be NONE or behind an authorizer there. The proof is not established
  // (error naming the setting), never a pass; before, it was typed by prod's lists.
  it("beta's routes listed without their types: not established (error) naming apis.pay.stageRoutes.beta", async () => {
    const file = world((c) => {
      c.apis.pay.stageRoutes = { beta: BETA };
    });
    const r = await withOfflineRun(loadConfig(file), {}, (ctx) => noOutsiderReaches(ctx, 'pay', 'dr', 's'));
    expect(r.ok).toBe(false);
    expect(r.error, r.message).toBe(true);
    expect(r.message).toMatch(/apis\.pay\.stageRoutes\.beta/);
  });

  it('a stageRoutes key that is no other stated stage is refused, naming the field', () => {
    for (const [key, why] of [
      ['prod', /configured stage, whose routes are apis\.pay\.routes/],
      ['gamma', /is not one of apis\.pay\.stages \(prod, beta\)/],
    ] as const) {
      const file = world((c) => {
        c.apis.pay.stageRoutes = { [key]: BETA };
      });
      const err = errorOf(() => loadConfig(file));
      expect(err).toBeInstanceOf(InputError);
      expect(String((err as Error).message)).toMatch(why);
      expect((err as InputError).where.field).toBe(`apis.pay.stageRoutes.${key}`);
    }
  });
});
