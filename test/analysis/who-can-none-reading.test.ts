// who-can on a NONE route where only one reading of whom the resource policy sees lets a signed call
// through (docs/aws-behaviour.md §5d): the class is reported (the most that gets through) and marked
// with the reading it rests on — in words and as `ifCallerReading` — never a flat "allowed".
import { describe, expect, it } from 'vitest';
import { decide, whoCan } from '../../src/analysis/index.js';
import { ANY_ORDERS, INVOKE, smallWorld } from './helpers.js';

const open = { Effect: 'Allow', Principal: '*', Action: INVOKE, Resource: ANY_ORDERS };
const HEALTH = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/GET/health';
const none = {
  noneRoutes: ['GET /health'],
  routes: [
    { method: 'GET', path: '/health', authorizationType: 'NONE' },
    { method: 'GET', path: '/orders', authorizationType: 'AWS_IAM' },
  ],
};
const R555 = { kind: 'role' as const, arn: 'arn:aws:iam::555555555555:role/Ops', sessionName: 'ops-1' };
const HEALTH_555 = { api: 'orders', principal: R555, method: 'GET', path: '/health' };

describe('who-can on a NONE route allowed under one reading of the caller', () => {
  it('an Allow naming account 555 on GET /health: its signed callers get through only if the resource policy sees the signer', () => {
    const world = smallWorld(
      [open],
      [
        {
          Sid: 'Of555',
          Effect: 'Allow',
          Principal: { AWS: '555555555555' },
          Action: INVOKE,
          Resource: HEALTH,
        },
      ],
      none,
    );
    expect(decide(world, HEALTH_555).decision).toBe('allow');
    const who = whoCan(world);
    const holding = who.reportedClassesOf(HEALTH_555);
    expect(holding.length).toBeGreaterThan(0);
    for (const c of holding) {
      expect(c.ifCallerReading, c.description).toBe('signer');
      expect(c.description).toMatch(/only if the resource policy sees the signer/);
    }
    // Anonymous callers are refused in both readings: no class of them.
    expect(who.classes.filter((c) => c.principal === 'anonymous')).toEqual([]);
  });

  it('a Deny naming role Ops beside Principal "*": Ops gets through only if the resource policy sees an anonymous caller', () => {
    const world = smallWorld(
      [open],
      [
        open,
        { Sid: 'NotOps', Effect: 'Deny', Principal: { AWS: R555.arn }, Action: INVOKE, Resource: HEALTH },
      ],
      none,
    );
    const who = whoCan(world);
    const holding = who.reportedClassesOf(HEALTH_555);
    expect(holding.length).toBeGreaterThan(0);
    for (const c of holding) {
      expect(c.ifCallerReading, c.description).toBe('anonymous');
      expect(c.description).toMatch(/only if the resource policy sees an anonymous caller/);
    }
    // Another role is let in under both readings: a class without the mark.
    const other = { ...HEALTH_555, principal: { ...R555, arn: 'arn:aws:iam::555555555555:role/Other' } };
    const plain = who.reportedClassesOf(other);
    expect(plain.length).toBeGreaterThan(0);
    expect(plain.some((c) => c.ifCallerReading === undefined)).toBe(true);
    // On the AWS_IAM route no reading is involved.
    for (const c of who.reportedClassesOf({ ...HEALTH_555, path: '/orders' }))
      expect(c.ifCallerReading).toBeUndefined();
  });
});
