// Issue 12, attack run 6 (fresh probes over every command and input kind): each finding that
// reproduced is kept here, in process, as the test that failed before its fix.
import { linkSync, mkdirSync, openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { demoProject } from '../harness/helpers.js';

const { base, proj } = demoProject('attack6');
const cli = (args: string[]) => runCli(args, { cwd: proj, env: process.env });
const CANARY = 'H12HardLinkCanary0123456789';

describe('attack run 6', () => {
  it('a feature hard-linked to a file outside the project is never quoted', async () => {
    // `ln outside/secret.txt features/x.feature`: a regular file inside the project by every path
    // check, whose content the Gherkin error quoted ("got 'H12…=1'").
    const outside = join(base, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.txt'), `${CANARY}=1\n`);
    linkSync(join(outside, 'secret.txt'), join(proj, 'linked.feature'));
    const r = await cli(['check', 'linked.feature', '--endpoint-policy', 'policies/invoke-all.json']);
    expect(r.code, r.text).toBe(2);
    expect(r.err).toContain('linked.feature: line 1: invalid Gherkin');
    expect(r.text).not.toContain(CANARY);
  });

  it('an error about a feature ~240 folders deep keeps its reason after the cut path', async () => {
    // The message is capped at 2,000 characters from its start: a 4,000-character path pushed the
    // reason out of it ("spokegate: deep/dddd…/dddd…", nothing else).
    let dir = join(proj, 'deep');
    mkdirSync(dir);
    // As deep as an absolute path to the feature can go (PATH_MAX, 4,096 with its NUL, on Linux): the
    // folders stop where the feature's own name would no longer fit (how deep depends on where the
    // temporary folder is); the feature is empty.
    let made = 0;
    for (let i = 0; i < 300; i++) {
      const next = join(dir, 'd'.repeat(16));
      if (join(next, 'x.feature').length > 4_095) break;
      try {
        mkdirSync(next);
      } catch {
        break;
      }
      dir = next;
      made++;
    }
    expect(made).toBeGreaterThan(200);
    const feature = join(dir, 'x.feature');
    closeSync(openSync(feature, 'w'));
    const r = await cli(['check', 'deep', '--endpoint-policy', 'policies/invoke-all.json']);
    expect(r.code, r.text.slice(-300)).toBe(2);
    const line = r.err.trim().split('\n').pop()!;
    expect(line.length).toBeLessThanOrEqual('spokegate: '.length + 2_000);
    expect(line).toMatch(/^spokegate: deep\/d+\/.*….*\/x\.feature: line 1: no scenarios in this feature/);
    expect(line.endsWith('…')).toBe(false);
  });

  it('a list as a mapping key in the config is exit 2 naming the line (yaml stringified it into an alias)', async () => {
    const config = readFileSync(join(proj, 'spokegate.config.yaml'), 'utf8').replace(
      'roles:\n',
      "roles:\n  ? [a, b]\n  : { arn: 'arn:aws:iam::111111111111:role/X' }\n",
    );
    writeFileSync(join(proj, 'complex-key.yaml'), config);
    const r = await cli([
      'who-can',
      '--config',
      'complex-key.yaml',
      '--endpoint-policy',
      'policies/invoke-all.json',
    ]);
    expect(r.code, r.text).toBe(2);
    const line = config.split('\n').findIndex((l) => l.includes('? [a, b]')) + 1;
    expect(r.err).toContain(
      `complex-key.yaml: line ${line}: a mapping key is a list or a map (\`? …\`); keys are plain text`,
    );
  });
});
