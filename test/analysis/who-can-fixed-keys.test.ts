// Keys every request through the endpoint carries with a value known beforehand (the engine's
// callKeys: aws:RequestedRegion is the API's region, aws:ViaAWSService false for a direct call;
// docs/aws-behaviour.md §15) are no dimension of who-can: an Allow that needs another region, or a
// call made via an AWS service, lets nobody in, and one that needs the API's own region is no
// "not known offline" class. Before, they were split like a free key: classes whose only witnesses
// carried values no request to this API has ("aws:RequestedRegion is eu-west-1 (not known offline)").
import { describe, expect, it } from 'vitest';
import { decide, whoCan } from '../../src/analysis/index.js';
import { checkoutAnd, role } from './hidden-style.js';
import { ANY_ORDERS, INVOKE } from './helpers.js';

const of555 = (Sid: string, condition: object) => ({
  Sid,
  Effect: 'Allow',
  Principal: { AWS: '555555555555' },
  Action: INVOKE,
  Resource: ANY_ORDERS,
  Condition: condition,
});
const R555 = {
  api: 'orders',
  principal: role('arn:aws:iam::555555555555:role/Any', 'wk'),
  method: 'GET',
  path: '/orders',
};

describe('who-can over keys whose value every request carries', () => {
  it('an Allow needing another region or a call via an AWS service lets nobody of 555 in', () => {
    for (const cond of [
      { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
      { Bool: { 'aws:ViaAWSService': 'true' } },
    ]) {
      const world = checkoutAnd(of555('Never', cond));
      expect(decide(world, R555).decision).toBe('deny');
      const who = whoCan(world);
      const all = who.classes.map((c) => c.description).join('\n');
      expect(all).not.toMatch(/555555555555/);
      expect(who.unknowable).toEqual([]);
    }
  });

  it("an Allow needing the API's own region lets 555 in, with no key said to be unknown offline", () => {
    const world = checkoutAnd(of555('West', { StringEquals: { 'aws:RequestedRegion': 'us-west-2' } }));
    const who = whoCan(world);
    const holding = who.reportedClassesOf(R555);
    expect(holding.length).toBeGreaterThan(0);
    for (const c of holding) expect(c.description).not.toMatch(/RequestedRegion|not known offline/);
    expect(who.unknowable).toEqual([]);
  });
});
