import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AccessMatrix,
  describeCellOutcome,
  judgeCell,
  makeCell,
  overallVerdict,
  type Expectation,
  type Observation,
  type Prediction,
} from '../../src/matrix/index.js';
import { allowed, CHECKOUT_ORDERS, denied, errored, predictAllow, predictDeny } from './fixtures.js';

const P = { allow: predictAllow(), deny: predictDeny(), none: null } as const;
const O = { allowed: allowed(), denied: denied(), error: errored(), none: null } as const;

describe('judgeCell', () => {
  // expected, predicted, observed -> verdict, disagreement
  const table: [Expectation, keyof typeof P, keyof typeof O, 'pass' | 'fail' | 'error', boolean][] = [
    // with an observation the wire decides
    ['allow', 'allow', 'allowed', 'pass', false],
    ['deny', 'deny', 'denied', 'pass', false],
    // a prediction that contradicts the wire is a finding: the cell fails (see allowDisagreement below)
    ['allow', 'deny', 'allowed', 'fail', true],
    ['deny', 'allow', 'denied', 'fail', true],
    ['allow', 'allow', 'denied', 'fail', true],
    ['deny', 'deny', 'allowed', 'fail', true],
    ['allow', 'none', 'allowed', 'pass', false],
    ['deny', 'none', 'allowed', 'fail', false],
    // fail closed: an error satisfies nothing, not even deny, not even "no claim"
    ['deny', 'deny', 'error', 'error', false],
    ['allow', 'allow', 'error', 'error', false],
    [null, 'deny', 'error', 'error', false],
    [null, 'none', 'error', 'error', false],
    // no expectation: passes unless error
    [null, 'allow', 'denied', 'fail', true],
    [null, 'none', 'allowed', 'pass', false],
    [null, 'none', 'none', 'pass', false],
    // offline: the prediction is compared with the expectation
    ['allow', 'allow', 'none', 'pass', false],
    ['deny', 'deny', 'none', 'pass', false],
    ['allow', 'deny', 'none', 'fail', false],
    ['deny', 'allow', 'none', 'fail', false],
    [null, 'allow', 'none', 'pass', false],
    // offline with nothing to compare: never a silent pass
    ['allow', 'none', 'none', 'error', false],
    ['deny', 'none', 'none', 'error', false],
  ];
  it.each(table)(
    'expected %s, predicted %s, observed %s -> %s (disagreement %s)',
    (e, p, o, verdict, disagreement) => {
      expect(judgeCell(e, P[p], O[o])).toEqual({ verdict, disagreement });
    },
  );

  // Issue 10 (lane B, the sixth auditor world): IAM's answer naming a permissions boundary or a
  // session policy ("… because no permissions boundary allows the execute-api:Invoke action") is a
  // policy decision (docs/aws-behaviour.md §9, §11, §14): until 2026-12-02 such a denial was judged
  // `error`, so `Then the call is denied` could never pass on it, and a predicted boundary deny
  // (the engine's `boundary` layer) never agreed with the wire.
  // The same holds for a service control policy (the engine's `scp` layer, lane D): the docs say
  // `denied by the service control policy` holds on such an answer, and it was judged `error`.
  it.each(['permissions-boundary', 'session-policy', 'service-control-policy'] as const)(
    'a denial naming a %s satisfies deny and agrees with a predicted deny; it fails allow',
    (reason) => {
      expect(judgeCell('deny', predictDeny(), denied(reason))).toEqual({
        verdict: 'pass',
        disagreement: false,
      });
      expect(judgeCell('allow', predictDeny(), denied(reason))).toEqual({
        verdict: 'fail',
        disagreement: false,
      });
      expect(judgeCell('deny', predictAllow(), denied(reason))).toEqual({
        verdict: 'fail',
        disagreement: true,
      });
    },
  );

  it('an error observation is an error for every expectation and prediction (property)', () => {
    const observation = fc.record({
      status: fc.option(fc.integer({ min: 100, max: 599 }), { nil: null }),
      outcome: fc.constant('error' as const),
      reason: fc.constantFrom('server-error', 'network', 'timeout', 'tls', 'throttled'),
      latencyMs: fc.nat(),
      attempts: fc.integer({ min: 1, max: 10 }),
      at: fc.constant('2026-11-26T16:00:00.000Z'),
    });
    fc.assert(
      fc.property(
        fc.constantFrom<Expectation>('allow', 'deny', null),
        fc.constantFrom<Prediction | null>(predictAllow(), predictDeny(), null),
        observation,
        (e, p, o: Observation) => judgeCell(e, p, o).verdict === 'error',
      ),
    );
  });
});

describe('AccessMatrix', () => {
  const base = { ...CHECKOUT_ORDERS, scenario: 's' };

  it('re-judges on add and never reports a cell better than its evidence', () => {
    const m = new AccessMatrix();
    const stored = m.add({
      ...base,
      expected: 'deny',
      predicted: predictAllow(),
      observed: allowed(),
      verdict: 'pass', // a caller that forgot to judge
      disagreement: false,
    });
    expect(stored.verdict).toBe('fail');
    // a caller's own error verdict stays (worse than the judged pass)
    const kept = m.add({
      ...base,
      expected: 'allow',
      predicted: null,
      observed: allowed(),
      verdict: 'error',
      disagreement: false,
    });
    expect(kept.verdict).toBe('error');
    expect(m.summary()).toEqual({ cells: 2, pass: 0, fail: 1, error: 1, disagreements: 0, verdict: 'error' });
    expect(overallVerdict(m.summary())).toBe('error');
  });

  it('sees an expectation set after the cell was added (a Then step after the When)', () => {
    const m = new AccessMatrix();
    const c = m.add(makeCell({ ...base, expected: null, predicted: predictDeny(), observed: denied() }));
    expect(m.summary().pass).toBe(1);
    c.expected = 'allow';
    expect(m.summary()).toMatchObject({ pass: 0, fail: 1 });
    expect(
      m.toJSON({ mode: 'sandbox', startedAt: 'x', finishedAt: 'x', tool: 't', region: 'r', endpoints: [] })
        .cells[0]?.verdict,
    ).toBe('fail');
  });

  it('counts disagreements and orders cells stably whatever order they completed in', () => {
    const cells = ['payments', 'orders', 'inventory'].map((api) =>
      makeCell({ ...base, api, expected: 'allow', predicted: predictDeny(), observed: allowed() }),
    );
    const a = new AccessMatrix();
    const b = new AccessMatrix();
    cells.forEach((c) => a.add({ ...c }));
    [...cells].reverse().forEach((c) => b.add({ ...c }));
    const run = {
      mode: 'sandbox' as const,
      startedAt: 'x',
      finishedAt: 'x',
      tool: 't',
      region: 'r',
      endpoints: [],
    };
    expect(a.toJSON(run)).toEqual(b.toJSON(run));
    expect(a.toJSON(run).cells.map((c) => c.api)).toEqual(['inventory', 'orders', 'payments']);
    expect(a.summary().disagreements).toBe(3);
  });

  it('describes a failing cell with the scenario, the cell and both outcomes', () => {
    const c = makeCell({
      ...base,
      scenario: 'Checkout is denied',
      expected: 'deny',
      predicted: predictAllow(),
      observed: allowed(),
    });
    expect(describeCellOutcome(c)).toBe(
      'FAIL scenario "Checkout is denied", cell CheckoutRole -> orders GET /orders through hub: ' +
        'expected deny, predicted allow, observed allowed (integration, HTTP 200)',
    );
  });
});
