// The witness search builds values from the patterns' literal pieces, and from single characters
// only while there are few of them (glob.ts). Pieces alone miss values where pieces overlap: `aba`
// matches `*ab*`, `*ba*` and `???`, but no concatenation of `ab`, `ba` and a fresh character of
// length 3 does. Beside a pattern holding 25 other characters, `aba` fell in no region (a request
// the engine decides that who-can puts in no class). Each value's region is read with the engine's
// own matcher (atoms.like); a value in no region is regionOf -1.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { atoms, Dimension } from '../../src/analysis/dimension.js';
import { decide, whoCan } from '../../src/analysis/index.js';
import { allow, ANYONE, deny, R555, req } from './hidden-style.js';
import { smallWorld } from './helpers.js';

const FILLER = '*cdefghijklmnoprstuvwxyz01234*'; // 25 distinct characters: pieces + chars > 24

const dimension = (globs: string[]) =>
  new Dimension({
    id: 'tag:t',
    label: 'tag t',
    atoms: globs.map((g) => atoms.like(g, [g], '1')),
    absent: false,
    valid: () => true,
    fresh: [],
  });

/** Every string over `chars` of length at most `n`. */
function strings(chars: string, n: number): string[] {
  let level = [''];
  const all = [''];
  for (let i = 0; i < n; i++) {
    level = level.flatMap((s) => [...chars].map((c) => s + c));
    all.push(...level);
  }
  return all;
}

describe('the witness search over many characters', () => {
  it('finds the region of values where pieces overlap (aba in *ab*, *ba*, ???)', () => {
    const d = dimension(['*ab*', '*ba*', '???', FILLER]);
    expect(d.regionOf('aba')).not.toBe(-1);
  });

  it('puts the request the engine allows in its class: tag t "aba" beside *ab*, *ba*, ??? and 25 other characters', () => {
    const tag = (op: string, v: string) => ({ [op]: { 'aws:PrincipalTag/t': v } });
    const world = smallWorld([
      allow('Ab', ANYONE, tag('StringLike', '*ab*')),
      deny('NoBa', ANYONE, tag('StringNotLike', '*ba*')),
      deny('NotThree', ANYONE, tag('StringNotLike', '???')),
      deny('Filler', ANYONE, tag('StringLike', FILLER)),
    ]);
    const aba = req(R555('Any', 'work', { tags: { t: 'aba' } }));
    expect(decide(world, aba).decision).toBe('allow');
    expect(whoCan(world).classOf(aba)?.decision).toBe('allow');
  });

  it('leaves no value in no region, for random patterns beside 25 other characters', () => {
    const values = strings('abcq!', 5);
    const glob = fc
      .array(fc.constantFrom('a', 'b', 'c', '*', '?'), { minLength: 1, maxLength: 5 })
      .map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.array(glob, { minLength: 2, maxLength: 4 }), (globs) => {
        const d = dimension([...globs, FILLER]);
        const lost = values.find((v) => d.regionOf(v) === -1);
        expect(lost).toBeUndefined();
      }),
      { numRuns: 60, seed: 20261203 },
    );
  });
});

describe('the character that stands for those no pattern holds', () => {
  const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

  it('is sought past letters and digits: "@" beside ? and a pattern starting with each of them is in a region', () => {
    const d = dimension(['?', ...[...ALNUM].map((c) => `${c}*`)]);
    expect(d.regionOf('@')).not.toBe(-1);
  });
});
