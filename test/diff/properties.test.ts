import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { computeDiff, decideCell, loadDiffSetup } from '../../src/diff/index.js';

// These properties are about the configured cells; the diff by classes has its own tests.
const CELLS_ONLY = { classes: false } as const;
import { CONFIG, tmpFile } from './helpers.js';

const config = loadConfig(CONFIG);
const ROLE_ARNS = Object.values(config.roles).map((r) => r.arn);
const API_IDS = Object.values(config.apis).map((a) => a.id);

/** A random endpoint policy: an Allow for some roles on some APIs, maybe a Deny for others. */
const policyArb = fc
  .record({
    allow: fc.subarray(ROLE_ARNS, { minLength: 1 }),
    apis: fc.subarray(API_IDS, { minLength: 1 }),
    deny: fc.subarray(ROLE_ARNS),
  })
  .map(({ allow, apis, deny }) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Allow',
          Effect: 'Allow',
          Principal: { AWS: allow },
          Action: 'execute-api:Invoke',
          Resource: apis.map((id) => `arn:aws:execute-api:us-west-2:*:${id}/*`),
        },
        ...(deny.length
          ? [
              {
                Sid: 'Deny',
                Effect: 'Deny',
                Principal: { AWS: deny },
                Action: 'execute-api:Invoke',
                Resource: '*',
              },
            ]
          : []),
      ],
    }),
  );

describe('diff properties', () => {
  it('swapping before and after swaps grants and revocations, cell for cell', () => {
    fc.assert(
      fc.property(policyArb, policyArb, (a, b) => {
        const fa = tmpFile('a.json', a);
        const fb = tmpFile('b.json', b);
        const forward = computeDiff(loadDiffSetup(config, { before: fa, after: fb }, CELLS_ONLY)).changes;
        const backward = computeDiff(loadDiffSetup(config, { before: fb, after: fa }, CELLS_ONLY)).changes;
        const key = (c: { role: string; api: string; method: string; path: string }) =>
          `${c.role} ${c.api} ${c.method} ${c.path}`;
        expect(backward.map(key)).toEqual(forward.map(key));
        for (let i = 0; i < forward.length; i++) {
          expect([backward[i]!.before, backward[i]!.after]).toEqual([forward[i]!.after, forward[i]!.before]);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('a cell is reported exactly when the engine decides it differently on the two sides', () => {
    fc.assert(
      fc.property(policyArb, policyArb, (a, b) => {
        const setup = loadDiffSetup(
          config,
          { before: tmpFile('a.json', a), after: tmpFile('b.json', b) },
          CELLS_ONLY,
        );
        const changed = new Set(computeDiff(setup).changes.map((c) => `${c.role} ${c.api}`));
        for (const cell of setup.cells) {
          const differs = decideCell(cell, setup.before).decision !== decideCell(cell, setup.after).decision;
          expect(changed.has(`${cell.role} ${cell.api}`)).toBe(differs);
        }
      }),
      { numRuns: 40 },
    );
  });
});
