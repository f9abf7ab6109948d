// who-can over adversarial policies (H14A): each allowed request is in a reported class that reads as
// it should, every class's witness is allowed by the engine, what is kept out is in no class, and
// random requests are decided as their classes say.
import { describe, expect, it } from 'vitest';
import { decide, whoCan, witnessText } from '../../src/analysis/index.js';
import { ADVERSARIAL } from './adversarial-cases.js';
import { checkComplete } from './random-requests.js';

describe('who-can over adversarial policies', () => {
  for (const [name, c] of Object.entries(ADVERSARIAL)) {
    it(`${name}: the principal gets through, in a class that reads right, with an allowed witness`, () => {
      expect(decide(c.world, c.allowed).decision).toBe('allow');
      const who = whoCan(c.world);
      const all = who.classes.map((x) => x.description).join('\n');
      const holding = who.reportedClassesOf(c.allowed);
      const cls = holding.find((x) => c.reads.test(x.description));
      if (!cls)
        throw new Error(
          `no reported class holding ${witnessText(c.allowed)} reads ${c.reads}; holding:\n${holding.map((x) => x.description).join('\n')}\nall:\n${all}`,
        );
      expect(decide(c.world, cls.witness).decision).toBe('allow');
      expect(who.reportedClassesOf(cls.witness)).toContain(cls);
      for (const x of who.classes) expect(decide(c.world, x.witness).decision, x.description).toBe('allow');
      for (const d of c.denied) {
        expect(decide(c.world, d).decision, witnessText(d)).toBe('deny');
        expect(who.reportedClassesOf(d), witnessText(d)).toEqual([]);
      }
    });
  }

  for (const [name, c] of Object.entries(ADVERSARIAL))
    it(`${name}: random requests are decided as their classes say`, () => checkComplete(c.world, 1_500));
});
