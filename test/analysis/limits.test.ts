// Issue 12: who-can and diff's classes do bounded work whatever a policy AWS accepts says
// (docs/limits.md). A StringLike of `*?` × 3,000 over aws:userid ran for more than 90 s (the
// userid split made 6,000 id and session patterns); it is now refused from the text. Each check
// is on counts (wildcards, patterns, points decided), never on time.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { WhoCan } from '../../src/analysis/index.js';
import { MAX_DIMENSION_PATTERNS, MAX_PATTERN_WILDCARDS } from '../../src/analysis/limits.js';
import { smallWorld } from './helpers.js';

const st = (o: object) => ({
  Sid: 'Hostile',
  Effect: 'Allow',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: '*',
  ...o,
});
const open = [st({ Sid: 'Open' })];

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e.message;
    throw e;
  }
  throw new Error('accepted');
}

describe('who-can work is bounded', () => {
  const wide = '*?'.repeat(3_000);
  const cases: [string, object][] = [
    ['StringLike aws:userid', { Condition: { StringLike: { 'aws:userid': wide } } }],
    ['StringNotLike aws:userid', { Condition: { StringNotLike: { 'aws:userid': ['x', wide] } } }],
    [
      'ArnLike aws:PrincipalArn',
      { Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::*:role/${wide}` } } },
    ],
    [
      'ForAnyValue:StringLike on a tag',
      { Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalTag/t': wide } } },
    ],
    ['Resource', { Resource: `arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/${wide}` }],
  ];
  for (const [name, o] of cases)
    it(`a pattern of 6,000 wildcards in ${name} is refused naming the policy, the statement and the limit`, () => {
      const msg = refusal(() => new WhoCan(smallWorld([st(o)], open)));
      expect(msg).toMatch(
        new RegExp(
          `^endpoint:hub: Statement\\[0\\] \\(Sid "Hostile"\\) .*a pattern holds 6,00[01] wildcards; .*at most ${MAX_PATTERN_WILDCARDS} per pattern`,
        ),
      );
    });

  it('runs of * count once: a pattern of 3,000 stars and one ? is within the limit', () => {
    const w = new WhoCan(
      smallWorld([st({ Condition: { StringLike: { 'aws:userid': `${'*'.repeat(3_000)}?` } } })], open),
    );
    // The split takes the run as one place: a handful of points, not thousands of patterns.
    expect(w.points).toBeLessThan(1_000);
  });

  it(`more than ${MAX_DIMENSION_PATTERNS} wildcard patterns over one dimension are refused with the count`, () => {
    const values = Array.from({ length: MAX_DIMENSION_PATTERNS + 1 }, (_, i) => `x${i}*`);
    const msg = refusal(
      () =>
        new WhoCan(smallWorld([st({ Condition: { StringLike: { 'aws:PrincipalTag/t': values } } })], open)),
    );
    expect(msg).toContain(`split the tag t by ${MAX_DIMENSION_PATTERNS + 1} wildcard patterns`);
  });
});
