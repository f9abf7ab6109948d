// stageGroups with the API's stages not stated: the configured stage and one stand-in per other region
// of stage names. `routesKnown` (the configured stage's routes are stated, another stage's are not):
// a stand-in is decided even where every pattern treats it as the configured stage, under a name other
// than the configured one (diff's classes and the endpoint proofs, issue 10, pass 18).
import { describe, expect, it } from 'vitest';
import { stageGroups } from '../../src/analysis/stage-groups.js';
import { policy } from './helpers.js';

const API = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5';
const invoke = (Resource: string[]) =>
  policy('resource:orders', [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource }]);

/** Each row: configured stage, Resource patterns, routesKnown, then the groups as [stage, standIn]. */
const ROWS: [string, string[], boolean, [string, boolean][]][] = [
  ['prod', [`${API}/*`], false, [['prod', false]]],
  [
    'prod',
    [`${API}/*`],
    true,
    [
      ['prod', false],
      ['other', true],
    ],
  ],
  // The configured stage named as the fresh stand-in would be: another name of its region.
  [
    'other',
    [`${API}/*`],
    true,
    [
      ['other', false],
      ['otherq', true],
    ],
  ],
  // An exact pattern naming prod: prod is alone in its region, the rest has its stand-in either way.
  [
    'prod',
    [`${API}/prod/*`, `${API}/*/GET/*`],
    true,
    [
      ['prod', false],
      ['other', true],
    ],
  ],
  [
    'prod',
    [`${API}/prod/*`, `${API}/*/GET/*`],
    false,
    [
      ['prod', false],
      ['other', true],
    ],
  ],
];

describe('stageGroups: stand-in stages when the stages are not stated', () => {
  for (const [stage, resources, routesKnown, groups] of ROWS)
    it(`${stage}, ${resources.map((r) => r.slice(API.length)).join(' ')}, routes ${routesKnown ? 'known' : 'not known'}`, () => {
      expect(
        stageGroups({ stage }, API, [invoke(resources)], routesKnown).map((g) => [g.stage, g.standIn]),
      ).toEqual(groups);
    });

  it('a pattern over the configured stage (pro*): a stand-in of that region besides prod, and one for the rest', () => {
    const groups = stageGroups({ stage: 'prod' }, API, [invoke([`${API}/pro*/GET/*`])], true);
    expect(groups[0]).toMatchObject({ stage: 'prod', standIn: false });
    const standIns = groups.slice(1).map((g) => g.stage);
    expect(
      standIns.some((s) => s !== 'prod' && s.startsWith('pro')),
      JSON.stringify(standIns),
    ).toBe(true);
    expect(
      standIns.some((s) => !s.startsWith('pro')),
      JSON.stringify(standIns),
    ).toBe(true);
  });
});
