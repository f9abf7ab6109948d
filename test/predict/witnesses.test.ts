// patternWitnesses (src/predict/witnesses.ts): for every set of patterns, every string lands in a
// combination of matched patterns that one of the witnesses lands in too (checked with the engine's
// own matcher), so deciding over the witnesses decides over every value. It replaced samples made by
// writing each wildcard as 'x', which missed a value matching two patterns at once.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileWildcard } from '../../src/policy/index.js';
import { patternWitnesses, type StringPattern } from '../../src/predict/witnesses.js';

const matches = (p: StringPattern, v: string) =>
  p.literal ? v === p.value : compileWildcard(p.value).test(v);
const vector = (ps: StringPattern[], v: string) => ps.map((p) => (matches(p, v) ? '1' : '0')).join('');

const piece = fc.constantFrom('o-a', '/', 'r-1', 'ou-2', 'ou-3', '*', '?', 'x');
const patternArb = fc.record({
  value: fc.array(piece, { minLength: 0, maxLength: 5 }).map((a) => a.join('')),
  literal: fc.boolean(),
});
const valueArb = fc.array(fc.constantFrom('o-a', '/', 'r-1', 'ou-2', 'ou-3', 'x', '*', 'q'), {
  minLength: 1,
  maxLength: 8,
});

describe('patternWitnesses: one value for every combination some value reaches', () => {
  it('two patterns that overlap: a value in both, in each alone and in neither', () => {
    const ps = [
      { value: 'o-a1b2c3d4e5/*', literal: false },
      { value: '*/ou-ab12-22222222/*', literal: false },
    ];
    const seen = new Set(patternWitnesses(ps)!.map((w) => vector(ps, w)));
    expect([...seen].sort()).toEqual(['00', '01', '10', '11']);
  });
  it('every value lands where a witness does (property, engine matcher)', () => {
    fc.assert(
      fc.property(
        fc.array(patternArb, { minLength: 1, maxLength: 4 }),
        fc.array(valueArb, { maxLength: 20 }),
        (ps, values) => {
          const ws = patternWitnesses(ps);
          expect(ws).toBeDefined();
          const reached = new Set(ws!.map((w) => vector(ps, w)));
          for (const v of values) expect(reached).toContain(vector(ps, v.join('')));
          for (const w of ws!) expect(w.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });
  it('with `empty` (a tag value), the empty value lands where a witness does, and only then is one', () => {
    for (const [ps, has] of [
      [
        [
          { value: '*', literal: false },
          { value: '?*', literal: false },
        ],
        true,
      ],
      [[{ value: '', literal: true }], true],
      [[{ value: 'a*', literal: false }], false],
    ] as const) {
      const ws = patternWitnesses(ps, { empty: true })!;
      expect(new Set(ws.map((w) => vector([...ps], w)))).toContain(vector([...ps], ''));
      expect(ws.includes(''), JSON.stringify(ps)).toBe(has);
      expect(patternWitnesses(ps)).not.toContain('');
    }
  });
  it('gives up, never samples, past its limit', () => {
    const ps = Array.from({ length: 12 }, (_, i) => ({ value: `*${'?'.repeat(i)}a*b${i}*`, literal: false }));
    expect(patternWitnesses(ps, 50)).toBeUndefined();
  });
});
