// Issue 11 item 4 end to end: the demo suite against a sandbox that words its denials the older way
// (world `denialMessages: legacy`, no layer named). `denied by the X policy` is then judged on the
// prediction's layer, and every such cell says so (observed.layerSource: prediction).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoCopy, readMatrix, runDemoCopy } from './helpers.js';

describe('a sandbox with the legacy denial wording', () => {
  it('the demo suite passes, each denial attributed to a layer visibly from the prediction', async () => {
    const dir = demoCopy();
    const world = join(dir, 'world.yaml');
    writeFileSync(world, `${readFileSync(world, 'utf8')}\ndenialMessages: legacy\n`);
    const reports = mkdtempSync(join(tmpdir(), 'spokegate-legacy-'));
    const res = await runDemoCopy(dir, reports);
    expect(res.stderr).not.toMatch(/internal error/i);
    expect(res.code).toBe(0);
    const doc = readMatrix(reports);
    const denied = doc.cells.filter((c: any) => c.observed?.outcome === 'denied');
    const iam = denied.filter(
      (c: any) => c.observed.reason !== 'missing-auth' && c.observed.reason !== 'bad-signature',
    );
    expect(iam.length).toBeGreaterThan(3);
    for (const c of iam) {
      expect(c.observed.reason).toBe('access-denied');
      expect(c.observed).toMatchObject({ layer: c.predicted.layer, layerSource: 'prediction' });
    }
  });
});
