// aws:TokenIssueTime later than now (issue 14, note9 §14: "TokenIssueTime witnesses never later than
// now"). A policy may grant credentials issued after a date that has not come yet: nobody holds such
// credentials today, but whoever is issued them then gets through with no policy changed. who-can
// split the issue time only up to now, so such a grant was no class at all: a proof "only these
// principals" passed on it, and a plan adding it was "no new access" (diff exit 0). Now an interval
// wholly later than now is a class of its own, read "(later than now: …)", its witness issued then;
// every other class keeps a witness no later than now.
import { describe, expect, it } from 'vitest';
import { ISSUED_LATER } from '../../src/analysis/analyze.js';
import { whoCan } from '../../src/analysis/index.js';
import { toInstant } from '../../src/policy/index.js';
import { expectGrantClass, opens } from '../diff/helpers.js';
import { FAR } from './hidden-seventh.js';
import { allow, checkoutAnd, deny, of555, R555, req, ANYONE } from './hidden-style.js';
import { checkComplete } from './random-requests.js';

const PAST = '2026-06-01T00:00:00Z';
/** 555555555555 let in for credentials issued after FAR; sessions issued before PAST revoked. */
const world = checkoutAnd(
  allow('Later', of555, { DateGreaterThan: { 'aws:TokenIssueTime': FAR } }),
  deny('Revoke', ANYONE, { DateLessThan: { 'aws:TokenIssueTime': PAST } }),
);

const issuedOf = (p: { issuedAt?: string }) => (p.issuedAt ? toInstant(p.issuedAt) : undefined);

describe('who-can over aws:TokenIssueTime later than now', () => {
  it('credentials issued after a later date are a class, read as later than now, with a witness issued then', () => {
    const who = whoCan(world);
    const later = who.classes.filter((c) => c.description.includes(ISSUED_LATER));
    expect(later.length, who.classes.map((c) => c.description).join('\n')).toBeGreaterThan(0);
    for (const c of later) {
      expect(c.description).toMatch(/aws:TokenIssueTime is after 2099-01-01T00:00:00\.000Z \(later than now/);
      expect(JSON.stringify(c.witness.principal)).toMatch(/::555555555555:/);
      expect(issuedOf(c.witness.principal as { issuedAt?: string })!).toBeGreaterThan(Date.parse(FAR));
    }
    expect(who.notes.join('\n')).toMatch(/aws:TokenIssueTime: the policies name instants later than now/);
    // A session of 555555555555 issued then is in it; one issued today in no class.
    expect(
      who.reportedClassesOf(req(R555('Deploy', 'ci', { issuedAt: '2099-06-01T00:00:00Z' }))).length,
    ).toBe(1);
    expect(who.reportedClassesOf(req(R555('Deploy', 'ci', { issuedAt: '2026-11-01T00:00:00Z' })))).toEqual(
      [],
    );
  });

  it('every other class keeps a witness whose credentials can exist now', () => {
    const who = whoCan(world);
    for (const c of who.classes) {
      if (c.description.includes(ISSUED_LATER)) continue;
      const at = issuedOf(c.witness.principal as { issuedAt?: string });
      if (at !== undefined) expect(at, c.description).toBeLessThanOrEqual(Date.now());
    }
  });

  it('random requests (issued before, between and after the dates) are decided as their classes say', () => {
    checkComplete(world, 2_000);
  });

  it('diff: a plan granting credentials issued after a later date is a grant (exit 1), though nobody holds them yet', async () =>
    expectGrantClass({
      statement: opens('FromThen', of555, { DateGreaterThan: { 'aws:TokenIssueTime': FAR } }),
      reads: /later than now/,
      witness: /^arn:aws:(iam|sts)::555555555555:/,
    }));
});
