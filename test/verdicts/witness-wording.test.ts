// Issue 10 (lane L10A, found with the second auditor world): a cell says what it saw. A proof's
// counterexample witness is a cell that is not observed (no configured role fits its class, or the
// step is about the endpoint policy alone); in a sandbox run its failure text said "observed: not
// observed (offline)", as if the run were offline. It now says why it was not observed.
import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../src/harness/explain.js';
import type { Cell } from '../../src/matrix/index.js';

const witness = (note: string): Cell => ({
  role: 'arn:aws:iam::300000000003:user/OtherUser',
  principal: 'arn:aws:iam::300000000003:user/OtherUser',
  api: 'billing',
  method: 'GET',
  path: '/',
  endpoint: 'core',
  scenario: 'P02 a tagged principal of another organization passes core',
  expected: 'deny',
  predicted: { decision: 'allow', layer: null, statements: [], detail: 'Allowed', explanation: [] },
  observed: null,
  verdict: 'fail',
  disagreement: false,
  note,
});

describe('the failure text of a cell that was not observed', () => {
  it('a witness says why it was not observed, never "(offline)"', () => {
    const text = describeFailure(
      witness('counterexample witness: …; not observable: the step is about the endpoint policy alone'),
    );
    expect(text).toMatch(/observed: {2}not observed: the step is about the endpoint policy alone/);
    expect(text).not.toMatch(/offline/);
  });

  it('an offline cell still says offline', () => {
    const cell = {
      ...witness(''),
      note: undefined,
      role: 'Analyst',
      principal: 'arn:aws:iam::1:role/Analyst',
    };
    expect(describeFailure(cell as Cell)).toMatch(/observed: {2}not observed \(offline\)/);
  });
});

describe('the witness cell of a proof about the endpoint policy alone', () => {
  it('explains the endpoint policy’s decision, not a made-up NONE route without a resource policy', async () => {
    const { join } = await import('node:path');
    const { loadConfig } = await import('../../src/config/index.js');
    const { RunContext } = await import('../../src/harness/context.js');
    const { noOutsiderPasses } = await import('../../src/harness/proofs.js');
    const { ROOT } = await import('../harness/helpers.js');
    const config = loadConfig(join(ROOT, 'test', 'fixtures', 'auditor2', 'spokegate.config.yaml'));
    const ctx = await RunContext.create({ mode: 'offline', config, env: {} });
    const r = await noOutsiderPasses(ctx, 'core', 'P02');
    expect(r.ok).toBe(false);
    const [cell] = ctx.matrix.cells.filter((c) => /counterexample witness/.test(c.note ?? ''));
    // GET / on billing is an AWS_IAM route with a resource policy: the step looked at neither.
    const explanation = cell!.predicted!.explanation.join('\n');
    expect(explanation).not.toMatch(/authorization NONE|not given/);
    expect(explanation).toMatch(/endpoint policy: allowed by endpoint:core\[0\]/);
    expect(explanation).toMatch(/the endpoint policy alone/);
    ctx.close();
  });
});
