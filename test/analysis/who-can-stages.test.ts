// Issue 14: who-can answered over the configured stage only. A request to another stage of the API
// reaches it too (the stage is part of the resource ARN), so a policy that lets an account in on
// `…/beta/*` let it through while who-can listed nothing. Now every stage the API has is analysed
// (GetStages in sandbox/live, apis.X.stages offline; the resource policy's stages when those are not
// known) and each class and witness names its stage, or "any stage" when every stage agrees.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { demoCopy } from '../harness/helpers.js';

const ORDERS = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5';

/** A copy of the demo config with orders' resource policy given `more` statements; its path. */
function demo(edit: (c: Record<string, any>) => void, more: object[], only = false): string {
  const dir = demoCopy();
  const file = join(dir, 'spokegate.config.yaml');
  const c = parse(readFileSync(file, 'utf8'));
  const w = parse(readFileSync(join(dir, 'world.yaml'), 'utf8'));
  // The hub lets in the accounts these tests grant (it lets in only named roles).
  // With `only`, the hub and orders hold only the statements given (none of the demo's, which name prod).
  if (only) w.endpoints.hub.policy.Statement = [];
  w.endpoints.hub.policy.Statement.push({
    Sid: 'Partners',
    Effect: 'Allow',
    Principal: { AWS: ['555555555555', '666666666666'] },
    Action: 'execute-api:Invoke',
    Resource: 'arn:aws:execute-api:us-west-2:*:*/*',
  });
  writeFileSync(join(dir, 'hub.json'), JSON.stringify(w.endpoints.hub.policy));
  c.endpoints.hub.policy = 'hub.json';
  const orders = JSON.parse(readFileSync(join(dir, c.apis.orders.resourcePolicy), 'utf8'));
  if (only) orders.Statement = [];
  // With `only`, no configured role either: their identity policies name prod, which splits it.
  if (only) c.roles = {};
  orders.Statement.push(...more);
  writeFileSync(join(dir, 'orders.json'), JSON.stringify(orders));
  c.apis.orders.resourcePolicy = 'orders.json';
  edit(c);
  writeFileSync(file, stringify(c));
  return file;
}

/**
 * `stages` for orders, each other stage stated to serve prod's routes with prod's types (offline,
 * apis.X.routes, noneRoutes and authorizers are the configured stage's alone: unstated, another
 * stage's routes are of unknown type).
 */
function servedAlike(c: Record<string, any>, stages: string[]): void {
  const o = c.apis.orders;
  o.stages = stages;
  o.stageRoutes = Object.fromEntries(
    stages
      .filter((s) => s !== o.stage)
      .map((s) => [s, { routes: o.routes, ...(o.noneRoutes ? { noneRoutes: o.noneRoutes } : {}) }]),
  );
}

const betaFor555 = {
  Sid: 'BetaTesters',
  Effect: 'Allow',
  Principal: { AWS: '555555555555' },
  Action: 'execute-api:Invoke',
  Resource: `${ORDERS}/beta/*`,
};
const everywhereFor666 = {
  Sid: 'Auditors',
  Effect: 'Allow',
  Principal: { AWS: '666666666666' },
  Action: 'execute-api:Invoke',
  Resource: `${ORDERS}/*/GET/orders`,
};

interface Doc {
  classes: {
    description: string;
    stages: string[];
    anyStage?: true;
    witness: { stage: string; principal: { arn?: string } };
  }[];
  stages: { api: string; stages: string[]; known: boolean; standIns?: string[] }[];
  notes: string[];
}

const whoCan = (config: string, ...args: string[]) =>
  runCli(['who-can', '--config', config, '--api', 'orders', ...args], { cwd: join(config, '..') });

describe('who-can covers every stage of the API', () => {
  it('offline with stages [prod, beta]: an account let in on beta only is a class of stage "beta"', async () => {
    const config = demo((c) => servedAlike(c, ['prod', 'beta']), [betaFor555, everywhereFor666]);
    const r = await whoCan(config, '--json');
    expect(r.code, r.text).toBe(0);
    const doc = JSON.parse(r.out) as Doc;
    expect(doc.stages).toEqual([{ api: 'orders', stages: ['prod', 'beta'], known: true }]);
    const beta = doc.classes.filter((c) => /::555555555555:/.test(c.witness.principal.arn ?? ''));
    expect(beta.length, r.out).toBeGreaterThan(0);
    for (const c of beta) {
      expect(c.stages).toEqual(['beta']);
      expect(c.anyStage).toBeUndefined();
      expect(c.description).toMatch(/^stage "beta": /);
      expect(c.witness.stage).toBe('beta');
      expect(c.witness.principal.arn).toMatch(/::555555555555:/);
    }
    // The health check is open on prod alone (AllowHealth names prod/GET/health).
    const anonymous = doc.classes.filter((c) => /anonymous/.test(c.description));
    // (GET /health/ a class of its own: the readings of its resource ARN differ there, §5c.)
    expect(anonymous.length).toBeGreaterThan(0);
    for (const c of anonymous) expect(c.stages, c.description).toEqual(['prod']);
  });

  it('text names the stages per API and each class its stage; the witness says its stage', async () => {
    const config = demo(
      (c) => (c.apis.orders.stages = ['prod', 'beta']),
      [betaFor555, everywhereFor666],
      true,
    );
    const r = await whoCan(config);
    expect(r.code, r.text).toBe(0);
    expect(r.out).toMatch(/^orders \(stages prod, beta\):$/m);
    expect(r.out).toMatch(/^ {2}- stage "beta": any .*555555555555/m);
    expect(r.out).toMatch(/witness: arn:aws:iam::555555555555:.*: GET \/\S* on orders stage beta/);
  });

  it('a class alike on every stage is one class, "any stage", its witness on the configured stage', async () => {
    const config = demo((c) => servedAlike(c, ['prod', 'beta']), [everywhereFor666], true);
    const r = await whoCan(config);
    expect(r.code, r.text).toBe(0);
    // Account 666666666666 reaches GET /orders on both stages alike: one class, "any stage".
    expect(r.out).toMatch(/^ {2}- any stage: any .*666666666666.*route is GET \/orders/m);
    const doc = JSON.parse((await whoCan(config, '--json')).out) as Doc;
    const both = doc.classes.filter(
      (c) => /666666666666/.test(c.description) && !/555555555555/.test(c.description),
    );
    expect(both.length, JSON.stringify(both)).toBeGreaterThan(0);
    for (const c of both) {
      expect(c).toMatchObject({ stages: ['prod', 'beta'], anyStage: true });
      expect(c.witness.stage).toBe('prod');
    }
  });

  it('offline without stages: the configured stage, those the resource policy names and a stand-in for the rest, never "any stage"', async () => {
    const config = demo((c) => delete c.apis.orders.stages, [betaFor555, everywhereFor666], true);
    const r = await whoCan(config, '--json');
    expect(r.code, r.text).toBe(0);
    const doc = JSON.parse(r.out) as Doc;
    // The stand-in "other" stands for the stage names no policy names (apis.orders.routes are prod's).
    expect(doc.stages).toEqual([
      { api: 'orders', stages: ['prod', 'beta', 'other'], known: false, standIns: ['other'] },
    ]);
    expect(doc.classes.some((c) => c.anyStage)).toBe(false);
    // (On beta with the stand-in: both serve routes not known, so one class reads alike on both.)
    expect(doc.classes.some((c) => c.stages.includes('beta') && /555555555555/.test(c.description))).toBe(
      true,
    );
    expect(doc.classes.some((c) => /^stage "prod": .*555555555555/.test(c.description))).toBe(false);
    expect(doc.notes.join('\n')).toMatch(
      /the stages of API "orders" are not known \(state them in apis\.orders\.stages\)/,
    );
  });

  it('one stage: every class reads "any stage"', async () => {
    const config = demo(() => {}, []);
    const r = await whoCan(config, '--json');
    expect(r.code, r.text).toBe(0);
    const doc = JSON.parse(r.out) as Doc;
    expect(doc.classes.length).toBeGreaterThan(0);
    expect(doc.classes.every((c) => c.anyStage && c.description.startsWith('any stage: '))).toBe(true);
  });

  // Issue 10 (B2): a stated list that leaves out a stage the API has was ignored in sandbox/live runs
  // (GetStages won), while offline runs of the same config range over the list alone: exit 2 now.
  it('sandbox: apis.orders.stages leaving out beta, which the API has, is exit 2 naming both', async () => {
    const dir = demoCopy({ world: (w) => void (w.apis.orders.stages = ['prod', 'beta']) });
    const r = await whoCan(join(dir, 'spokegate.config.yaml'), '--mode', 'sandbox', '--json');
    expect(r.code, r.text).toBe(2);
    expect(r.text).toMatch(
      /apis\.orders\.stages: the config's stages of API "orders" disagree with GetStages a1b2c3d4e5: "beta" exists but not stated/,
    );
  });

  it('sandbox: the stages are GetStages, each served as its deployment; a class on beta alone names it', async () => {
    const dir = demoCopy({
      // The config states no stages (a list leaving beta out is exit 2 in sandbox/live runs).
      config: (c) => delete c.apis.orders.stages,
      world: (w) => {
        w.apis.orders.stages = ['prod', 'beta'];
        w.endpoints.hub.policy.Statement.push({
          Sid: 'Partners',
          Effect: 'Allow',
          Principal: { AWS: '555555555555' },
          Action: 'execute-api:Invoke',
          Resource: 'arn:aws:execute-api:us-west-2:*:*/*',
        });
      },
    });
    const file = join(dir, 'policies', 'orders-resource-policy.json');
    const orders = JSON.parse(readFileSync(file, 'utf8'));
    orders.Statement.push(betaFor555);
    writeFileSync(file, JSON.stringify(orders));
    const config = join(dir, 'spokegate.config.yaml');
    const r = await whoCan(config, '--mode', 'sandbox', '--json');
    expect(r.code, r.text).toBe(0);
    const doc = JSON.parse(r.out) as Doc;
    expect(doc.stages).toEqual([{ api: 'orders', stages: ['prod', 'beta'], known: true }]);
    const beta = doc.classes.filter((c) => /::555555555555:/.test(c.witness.principal.arn ?? ''));
    expect(beta.length, r.out).toBeGreaterThan(0);
    for (const c of beta) expect(c).toMatchObject({ stages: ['beta'], witness: { stage: 'beta' } });
  });
});

describe('who-can over stages: each stage group analysed once, each carrying its own data', () => {
  interface Staged {
    stages: string[];
    anyStage?: true;
    constraints: { dimension: string }[];
    byStage: { stages: string[]; constraints: { dimension: string }[]; witness: { stage: string } }[];
  }

  it('stages no policy and no deployment tells apart are decided once: the points are one stage’s', async () => {
    const one = demo(() => {}, [everywhereFor666], true);
    const three = demo((c) => servedAlike(c, ['prod', 'beta', 'gamma']), [everywhereFor666], true);
    const a = JSON.parse((await whoCan(one, '--json')).out) as { points: number; classes: Staged[] };
    const r = await whoCan(three, '--json');
    expect(r.code, r.text).toBe(0);
    const b = JSON.parse(r.out) as { points: number; classes: Staged[] };
    expect(b.points).toBe(a.points);
    expect(b.classes.length).toBe(a.classes.length);
    for (const c of b.classes) expect(c).toMatchObject({ stages: ['prod', 'beta', 'gamma'], anyStage: true });
  });

  it('a class merged over stages carries, per stage, its constraints, statements and a witness on that stage', async () => {
    // beta is told apart (555555555555 may POST there alone); 666666666666's class is alike on both.
    // beta serves what prod does, typed alike (stated: offline, apis.orders.routes are prod's alone).
    const config = demo(
      (c) => {
        servedAlike(c, ['prod', 'beta']);
      },
      [{ ...betaFor555, Resource: `${ORDERS}/beta/POST/*` }, everywhereFor666],
      true,
    );
    const r = await whoCan(config, '--json');
    expect(r.code, r.text).toBe(0);
    const doc = JSON.parse(r.out) as { classes: Staged[] };
    for (const c of doc.classes) {
      expect(c.byStage.flatMap((g) => g.stages).sort()).toEqual([...c.stages].sort());
      for (const g of c.byStage) {
        expect(g.stages).toContain(g.witness.stage);
        expect(Array.isArray(g.constraints)).toBe(true);
      }
      // The class's own constraints are its first stage group's.
      expect(c.constraints).toEqual(c.byStage[0]!.constraints);
    }
    expect(doc.classes.some((c) => c.byStage.length > 1)).toBe(true);
  });
});

describe('who-can over two stages named by short-form Resources (execute-api:/STAGE/*)', () => {
  // note9 §14 ("stage is not a real dimension"): a resource policy letting 555555555555 into
  // `execute-api:/prod/*` and 666666666666 into `execute-api:/test/*` (API Gateway's short form,
  // the API's own ARN: docs/aws-behaviour.md §3) must be answered per stage, each account on its own
  // stage only, the witnesses on that stage, and the reach proof must fail naming the other stage.
  const twoStages = () =>
    demo(
      (c) => servedAlike(c, ['prod', 'test']),
      [
        { ...betaFor555, Sid: 'Prod555', Resource: 'execute-api:/prod/*' },
        { ...everywhereFor666, Sid: 'Test666', Resource: 'execute-api:/test/*' },
      ],
      true,
    );

  it('each account is a class of its own stage, with a witness there; neither is "any stage"', async () => {
    const r = await whoCan(twoStages(), '--json');
    expect(r.code, r.text).toBe(0);
    const doc = JSON.parse(r.out) as Doc;
    expect(doc.stages).toEqual([{ api: 'orders', stages: ['prod', 'test'], known: true }]);
    const of = (account: string) =>
      doc.classes.filter((c) => c.witness.principal.arn?.includes(`::${account}:`));
    expect(of('555555555555').length, r.out).toBeGreaterThan(0);
    expect(of('666666666666').length, r.out).toBeGreaterThan(0);
    for (const c of of('555555555555'))
      expect(c).toMatchObject({ stages: ['prod'], witness: { stage: 'prod' } });
    for (const c of of('666666666666'))
      expect(c).toMatchObject({ stages: ['test'], witness: { stage: 'test' } });
    for (const c of doc.classes.filter((x) => /555555555555|666666666666/.test(x.description)))
      expect(c.anyStage).toBeUndefined();
  });

  it('the reach proof "only 666666666666" fails with 555555555555 on stage "prod"', async () => {
    const config = twoStages();
    const feature = join(config, '..', 'only-666.feature');
    writeFileSync(
      feature,
      'Feature: stages\n  Scenario: only 666\n    Then only these principals can reach "orders" through "hub":\n      | 666666666666 |\n',
    );
    const r = await runCli(
      ['run', feature, '--config', config, '--mode', 'offline', '--reports', join(config, '..', 'reports')],
      {
        cwd: join(config, '..'),
      },
    );
    expect(r.code, r.text).toBe(1);
    expect(r.text).toMatch(/also gets through:\n\s+any .*555555555555.*\(on stage "prod"\)/);
    expect(r.text).not.toMatch(/666666666666[^\n]*\(on stage/);
  });
});
