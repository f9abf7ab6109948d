// note11 §10: a decision taken over several readings (the path's two readings in the resource ARN,
// whom the resource policy sees on a route not AWS_IAM) kept the first unknown reading's reason
// only: a cell unknown because one reading needs an account's organization and the other the
// runner's address named the organization alone, so stating it led to a second run and a second,
// new, reason. Now every unknown reading whose reason differs is named, each with its reading; one
// reason (or one unknown reading) reads as before.
import { describe, expect, it } from 'vitest';
import { allowed } from './helpers.js';
import type { ChainDecision } from '../../src/policy/index.js';
import {
  decideOverPathReadings,
  overAuthorizerCallers,
  type UnknownDecision,
} from '../../src/predict/index.js';

const unknownBecause = (why: string): UnknownDecision => ({
  decision: 'unknown',
  unknown: why,
  explanation: [],
});
const ORG = "account 999999999999's organization is not stated (organizations)";
const ADDRESS = "the runner's address is not stated (runner.address)";
const signer = { kind: 'role', arn: 'arn:aws:iam::111111111111:role/BatchRole' } as const;
const readings = [
  { label: 'as written', path: '/health/' },
  { label: 'normalised', path: '/health' },
];
const overPaths = (a: ChainDecision | UnknownDecision, b: ChainDecision | UnknownDecision) =>
  decideOverPathReadings({ method: 'GET', path: '/health/' }, readings, (r) => (r === readings[0] ? a : b));
const overCallers = (a: ChainDecision | UnknownDecision, b: ChainDecision | UnknownDecision) =>
  overAuthorizerCallers({ type: 'NONE', route: 'GET /health' }, signer as never, (anonymous) =>
    anonymous ? b : a,
  );

describe('an unknown decision over several readings names every unknown reading', () => {
  it.each([
    [
      'path readings, two reasons',
      () => overPaths(unknownBecause(ORG), unknownBecause(ADDRESS)),
      [ORG, ADDRESS],
    ],
    ['callers, two reasons', () => overCallers(unknownBecause(ORG), unknownBecause(ADDRESS)), [ORG, ADDRESS]],
  ])('%s: both reasons, each with its reading', (_what, decide, reasons) => {
    const d = decide();
    expect(d.decision).toBe('unknown');
    const text = (d as UnknownDecision).unknown;
    for (const r of reasons) expect(text).toContain(r);
  });

  it.each([
    ['path readings, one reason twice', () => overPaths(unknownBecause(ORG), unknownBecause(ORG))],
    ['path readings, one unknown', () => overPaths(unknownBecause(ORG), allowed())],
    ['callers, one reason twice', () => overCallers(unknownBecause(ORG), unknownBecause(ORG))],
  ])('%s: the one reason, as before', (_what, decide) => {
    expect((decide() as UnknownDecision).unknown).toBe(ORG);
  });
});
