// Issue 10 (pass 19, lane K): who-can answers over every stage of an API, but `--path`/`--method`
// were checked against the configured stage's routes alone: a path another stage serves (stated in
// apis.X.stageRoutes, or any path when the stages are not stated, pass 18's stand-in stage) was
// refused, exit 2, "route ... does not exist on API", though the hub lets anyone reach it there.
// Hand-derived truth: the hub opens GET /secret to anyone at every stage; prod serves GET /docs alone.
// - stages [prod] (the control): no stage serves GET /secret, so asking for it is a typo: exit 2.
// - stages [prod, beta], beta serving GET /secret: any signed principal reaches it on beta (a class).
// - stages not stated: another stage may serve it: a class on the stand-in stage.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { secretOpenConfig } from '../verdicts/docs-world.js';

const config = (apiExtra: string): string =>
  secretOpenConfig('spokegate-who-can-other-stage-path-', apiExtra);

// [the API's stage settings, the question, the stage a class of GET /secret is on (undefined: exit 2)]
const ROWS: [string, string, string[], string | undefined][] = [
  ['stages [prod]', 'stages: [prod], ', ['--path', '/secret'], undefined],
  ['stages [prod]', 'stages: [prod], ', ['--method', 'GET', '--path', '/secret'], undefined],
  [
    'stages [prod, beta], beta serving GET /secret',
    "stages: [prod, beta], stageRoutes: { beta: { routes: ['GET /secret'] } }, ",
    ['--path', '/secret'],
    'beta',
  ],
  [
    'stages [prod, beta], beta serving GET /secret',
    "stages: [prod, beta], stageRoutes: { beta: { routes: ['GET /secret'] } }, ",
    ['--method', 'GET', '--path', '/secret'],
    'beta',
  ],
  ['stages not stated', '', ['--path', '/secret'], 'other'],
];

describe('who-can --path/--method: a route another stage serves is asked, not refused', () => {
  it.each(ROWS)('%s, %j: GET /secret on stage %s', async (_name, apiExtra, question, stage) => {
    const file = config(apiExtra);
    const r = await runCli(['who-can', '--config', file, '--json', ...question], { cwd: join(file, '..') });
    if (stage === undefined) {
      expect(r.code, r.text).toBe(2);
      expect(r.err).toMatch(/\/secret.* does not exist on API "docs"/);
      return;
    }
    expect(r.code, r.text).not.toBe(2);
    const doc = JSON.parse(r.out) as { classes: { description: string; stages: string[] }[] };
    // Outsiders of the organization (signed on beta's AWS_IAM route; unsigned too on the stand-in's).
    const secret = doc.classes.filter(
      (c) => /anonymous|not a member of o-aaaaaaaaaa/.test(c.description) && c.stages.includes(stage),
    );
    expect(secret.length, JSON.stringify(doc.classes.map((c) => c.description))).toBeGreaterThan(0);
  });
});
