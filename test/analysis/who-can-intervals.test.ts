// A Numeric or Date key's region reads as the interval it is. Before, a region was read by its
// atoms alone, and the values above every threshold match only "a number": a class that left
// them out read "aws:MultiFactorAuthAge is none of a number, absent" while it held 60 and 3600.
import { describe, expect, it } from 'vitest';
import { whoCan } from '../../src/analysis/index.js';
import { checkoutAnd } from './hidden-style.js';
import { INVOKE } from './helpers.js';

const of555 = (Sid: string, Effect: string, Condition?: object) => ({
  Sid,
  Effect,
  Principal: Effect === 'Allow' ? { AWS: '555555555555' } : '*',
  Action: INVOKE,
  Resource: '*',
  ...(Condition ? { Condition } : {}),
});
const wordsOf555 = (world: ReturnType<typeof checkoutAnd>) =>
  whoCan(world)
    .classes.map((c) => c.description)
    .filter((d) => d.includes('555555555555'));

describe('who-can reads Numeric and Date regions as intervals', () => {
  it('a Deny of MFA older than an hour (IfExists) leaves "> 3600" and "absent" out', () => {
    const words = wordsOf555(
      checkoutAnd(
        of555('Of555', 'Allow'),
        of555('FreshMfa', 'Deny', { NumericGreaterThanIfExists: { 'aws:MultiFactorAuthAge': '3600' } }),
      ),
    );
    expect(words.length).toBeGreaterThan(0);
    for (const w of words) {
      expect(w).not.toMatch(/none of a number/);
      // The age is a count of seconds carried exactly with MFA (who-can-mfa-age.test.ts): no region
      // of values that are no number; it read "none of > 3600, absent" while that region stood apart,
      // then "= 3600 or < 3600".
      expect(w).toMatch(/aws:MultiFactorAuthAge is ≤ 3600/);
    }
  });

  it('past one instant reads "after …" (it read "any other value (none of at …, before …)")', () => {
    const words = wordsOf555(
      checkoutAnd(
        of555('Later', 'Allow', { DateGreaterThan: { 'aws:CurrentTime': '2026-06-01T00:00:00Z' } }),
      ),
    );
    expect(words.length).toBeGreaterThan(0);
    for (const w of words) expect(w).toMatch(/aws:CurrentTime is after 2026-06-01T00:00:00.000Z \(/);
  });

  it('a window of time reads "after … and before …"', () => {
    const words = wordsOf555(
      checkoutAnd(
        of555('Window', 'Allow', {
          DateGreaterThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' },
          DateLessThan: { 'aws:CurrentTime': '2027-01-01T00:00:00Z' },
        }),
      ),
    );
    expect(words.length).toBeGreaterThan(0);
    for (const w of words)
      expect(w).toMatch(
        /aws:CurrentTime is after 2026-01-01T00:00:00.000Z and before 2027-01-01T00:00:00.000Z/,
      );
  });
});

// A set of neighbouring regions reads as one interval with its closed ends ("≤ 3600", "≥ 60 and <
// 3600", "at or before …"); before, "= 3600 or < 3600" listed the pieces (note10 §14).
const mfaAge = (op: string, n: string) => ({ [op]: { 'aws:MultiFactorAuthAge': n } });
const at = (op: string, d: string) => ({ [op]: { 'aws:CurrentTime': d } });
const DAY = '2026-06-01T00:00:00Z';
describe.each([
  [
    'MFA at most an hour old',
    [of555('Of555', 'Allow', mfaAge('NumericLessThanEquals', '3600'))],
    /aws:MultiFactorAuthAge is ≤ 3600 \(/,
  ],
  [
    'MFA from a minute to an hour old',
    [
      of555('Window', 'Allow', {
        ...mfaAge('NumericGreaterThanEquals', '60'),
        ...mfaAge('NumericLessThan', '3600'),
      }),
    ],
    /aws:MultiFactorAuthAge is ≥ 60 and < 3600 \(/,
  ],
  [
    'both ends closed by two Denies',
    [
      of555('Of555', 'Allow'),
      of555('Young', 'Deny', mfaAge('NumericLessThan', '60')),
      of555('Old', 'Deny', mfaAge('NumericGreaterThan', '3600')),
    ],
    /aws:MultiFactorAuthAge is ≥ 60 and ≤ 3600, or absent \(/,
  ],
  [
    'a gap in the middle',
    [
      of555('Of555', 'Allow', { NumericNotEquals: { 'aws:MultiFactorAuthAge': '60' } }),
      of555('Old', 'Deny', mfaAge('NumericGreaterThan', '3600')),
    ],
    /aws:MultiFactorAuthAge is < 60 or > 60 and ≤ 3600, or absent \(/,
  ],
  [
    'until a day, that day too',
    [of555('Until', 'Allow', at('DateLessThanEquals', DAY))],
    /aws:CurrentTime is at or before 2026-06-01T00:00:00.000Z \(/,
  ],
  [
    'from a day on',
    [of555('From', 'Allow', at('DateGreaterThanEquals', DAY))],
    /aws:CurrentTime is at or after 2026-06-01T00:00:00.000Z \(/,
  ],
])('%s', (_, statements, reading) => {
  it('reads as one interval', () => {
    const words = wordsOf555(checkoutAnd(...statements));
    expect(words.length).toBeGreaterThan(0);
    for (const w of words) expect(w).toMatch(reading);
  });
});
