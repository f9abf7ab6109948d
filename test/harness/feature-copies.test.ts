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
    const copies = new FeatureCopies(cwd);
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

  it('a feature outside the working folder keeps its own path (no copy)', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'spokegate-copies-'));
    const outside = join(DEMO, 'endpoint.feature');
    const copies = new FeatureCopies(cwd);
    copies.add(outside, 'Feature: x');
    try {
      expect(copies.paths([outside])).toEqual([outside]);
    } finally {
      copies.dispose();
    }
  });
});
