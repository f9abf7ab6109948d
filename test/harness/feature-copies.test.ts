// Issue 12, finding 1: Cucumber reads features by path after spokegate checked them. It is given
// private copies of exactly the texts checked, so a feature swapped after the check (for a link to
// a secret) is never what runs or what Cucumber's parse errors quote.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { checkFeatures, FeatureCopies } from '../../src/harness/features.js';
import { makeScope, withInputScope } from '../../src/input/index.js';
import { DEMO } from './helpers.js';

const CANARY = 'CANARY-feature-swap-51c2';

describe('Cucumber runs the features as checked', () => {
  it('a feature swapped for a link to a secret after the check: the copy Cucumber reads is the checked text', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'spokegate-copies-'));
    mkdirSync(join(cwd, 'features', 'deep'), { recursive: true });
    const feature = join(cwd, 'features', 'deep', 'endpoint.feature');
    const checkedText = readFileSync(join(DEMO, 'endpoint.feature'), 'utf8');
    writeFileSync(feature, checkedText);
    const secret = join(tmpdir(), `spokegate-secret-${process.pid}`);
    writeFileSync(secret, `${CANARY}\n`);
    const config = loadConfig(join(DEMO, 'spokegate.config.yaml'));
    const copies = new FeatureCopies(cwd, [feature]);
    withInputScope(makeScope({ cwd }), () =>
      checkFeatures([feature], config, cwd, (abs, text) => copies.add(abs, text)),
    );
    // The swap, after the check and before Cucumber would read the path.
    rmSync(feature);
    symlinkSync(secret, feature);

    try {
      const paths = copies.paths([feature]);
      expect(paths).toHaveLength(1);
      const copy = paths[0]!;
      // Same path relative to the folder Cucumber runs from: the reports' locations stay the user's.
      expect(relative(copies.dir, copy)).toBe(join('features', 'deep', 'endpoint.feature'));
      expect(readFileSync(copy, 'utf8')).toBe(checkedText);
      expect(readFileSync(copy, 'utf8')).not.toContain(CANARY);
    } finally {
      copies.dispose();
      rmSync(secret);
    }
    expect(existsSync(copies.dir)).toBe(false);
  });

  it('a feature outside the working folder is a copy too, at the same path relative to where Cucumber runs', () => {
    const base = mkdtempSync(join(tmpdir(), 'spokegate-copies-'));
    const cwd = join(base, 'a', 'b');
    mkdirSync(cwd, { recursive: true });
    const outside = join(base, 'up.feature');
    writeFileSync(outside, 'Feature: as checked');
    const elsewhere = join(DEMO, 'endpoint.feature');
    const copies = new FeatureCopies(cwd, [outside, elsewhere]);
    copies.add(outside, 'Feature: as checked');
    copies.add(elsewhere, 'Feature: elsewhere, as checked');
    // Swapped after the check: Cucumber must not read it.
    writeFileSync(outside, `Feature: ${CANARY}`);
    try {
      const [up, other] = copies.paths([outside, elsewhere]);
      for (const [copy, original] of [
        [up!, outside],
        [other!, elsewhere],
      ] as const) {
        expect(copy).not.toBe(original);
        expect(relative(copies.dir, copy).startsWith('..')).toBe(false);
        // What Cucumber writes in its reports (relative to where it runs) is the user's path.
        expect(relative(copies.runDir, copy)).toBe(relative(cwd, original));
      }
      expect(readFileSync(up!, 'utf8')).toBe('Feature: as checked');
      expect(readFileSync(other!, 'utf8')).toBe('Feature: elsewhere, as checked');
      // A feature that was never checked is never handed to Cucumber by its own path.
      expect(() => copies.paths([join(base, 'unchecked.feature')])).toThrow(/not checked/);
    } finally {
      copies.dispose();
    }
    expect(existsSync(copies.dir)).toBe(false);
  });
});
