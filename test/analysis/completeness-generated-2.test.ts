// Completeness over generated policies: half of the worlds of test/analysis/generated-worlds.ts (the
// rest in completeness-generated.test.ts, so the two files run side by side; the halves cost about the
// same), each random request decided by the engine as who-can's classes say (random-requests.ts).
import { describe, it } from 'vitest';
import { GENERATED, generatedWorld } from './generated-worlds.js';
import { checkComplete } from './random-requests.js';

describe('who-can is complete: every random request is decided as its class says', () => {
  describe('over generated policies', () => {
    for (const i of [1, 3, 4, 7])
      it(`generated world ${i + 1} of ${GENERATED.length}`, () => checkComplete(generatedWorld(i)));
  });
});
