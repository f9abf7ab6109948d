// Issue 14 (the analysis limit, note10 §10): on one route, points that differ only in tags and
// request keys the conditions that may decide that route answer alike are decided once (a tag
// `team` split by three values where the route's one condition asks "platform or billing" is two
// kinds of request there, not four). Until 2026-12-02 every point was decided, and the second
// auditor's whole diff (343,527 points) was refused by the 250,000 limit; it decides 139,607 now.
// The answers must not change: every point's outcome and every class is the same as when each
// point is decided itself, over the demo world, the tricky worlds and generated ones.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildSpace,
  classify,
  decide,
  type AnalysisRequest,
  type AnalysisWorld,
} from '../../src/analysis/index.js';
import { spokegateHere } from '../harness/helpers.js';
import { generatedWorld } from './generated-worlds.js';
import { demoWorld, ROOT } from './helpers.js';
import { TRICKY } from './tricky.js';

const WORLDS: [string, AnalysisWorld][] = [
  ['demo', await demoWorld()],
  ...Object.entries(TRICKY),
  // The generated worlds that decide quickest (the others take minutes on the busy machine).
  ...[0, 3, 7].map((i): [string, AnalysisWorld] => [`generated ${i}`, generatedWorld(i)]),
];

/** The engine's answer for a request: the decision and the statements that made it. */
function engineOutcome(world: AnalysisWorld, calls: { n: number }) {
  return (req: AnalysisRequest) => {
    calls.n++;
    const d = decide(world, req);
    const value = { decision: d.decision, statements: d.statements.map((s) => `${s.policy}#${s.index}`) };
    return { value, key: JSON.stringify(value) };
  };
}

describe('points a route’s conditions answer alike are decided once, with the same answers', () => {
  it.each(WORLDS)('%s: the same outcome for every point and the same classes', (_name, world) => {
    for (const api of world.apis) {
      const space = buildSpace(world, api);
      // The same space with every point decided itself.
      const whole = { ...space, groups: undefined };
      const grouped = { n: 0 };
      const each = { n: 0 };
      const a = classify(world, space, engineOutcome(world, grouped));
      const b = classify(world, whole, engineOutcome(world, each));
      expect(JSON.stringify([...a.outcomes.entries()])).toBe(JSON.stringify([...b.outcomes.entries()]));
      expect(JSON.stringify(a.classes)).toBe(JSON.stringify(b.classes));
      expect(grouped.n).toBeLessThanOrEqual(each.n);
    }
  });

  it('a tag split by values one condition asks alike is decided once per answer of that condition', () => {
    const world = TRICKY.accountWithTag;
    const calls = { n: 0 };
    const each = { n: 0 };
    const space = buildSpace(world, world.apis[0]!);
    classify(world, space, engineOutcome(world, calls));
    classify(world, { ...space, groups: undefined }, engineOutcome(world, each));
    expect(calls.n).toBeLessThan(each.n);
  });
});

// core -> annex on the default endpoint (annex): before, core's policy text; after, annex's. Hand
// truth (test/verdicts/auditor2.test.ts's notes): GET /status is NONE, and core's StatusForAll
// with billing's let anyone through unsigned; annex names no such route, so the unsigned caller
// loses it. A principal of billing's own account 200000000002 without tags passed none of core's
// statements (the team tag, account 100's own APIs, /status); annex lets our organization in
// (200 is a member) and billing's resource policy too, in its own account: deny -> allow.
describe('the second auditor’s whole diff (core -> annex) answers', () => {
  it('exit 1, within the limits, with the hand-derived classes', async () => {
    const dir = join(ROOT, 'test', 'fixtures', 'auditor2');
    const r = await spokegateHere(
      [
        'diff',
        '--config',
        'spokegate.config.yaml',
        '--before',
        'policies/core-endpoint.json',
        '--after',
        'policies/annex-endpoint.json',
        '--format',
        'json',
      ],
      { cwd: dir },
    );
    expect(r.code, r.stderr).toBe(1);
    const classes = JSON.parse(r.stdout).classes as {
      api: string;
      before: string;
      after: string;
      description: string;
      witness: { method: string; path: string; principal: { kind: string; arn?: string } };
    }[];
    expect(classes).toContainEqual(
      expect.objectContaining({
        api: 'billing',
        before: 'allow',
        after: 'deny',
        witness: expect.objectContaining({
          principal: expect.objectContaining({ kind: 'anonymous' }),
          method: 'GET',
          path: '/status',
        }),
      }),
    );
    expect(classes).toContainEqual(
      expect.objectContaining({
        api: 'billing',
        before: 'deny',
        after: 'allow',
        description: expect.stringMatching(
          /^stage "live": any signed principal[\s\S]*whose account is "200000000002"/,
        ),
        witness: expect.objectContaining({
          principal: expect.objectContaining({ arn: expect.stringMatching(/^arn:aws:iam::200000000002:/) }),
        }),
      }),
    );
  });
});
