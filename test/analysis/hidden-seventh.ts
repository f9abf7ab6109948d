// A seventh set of hidden-style cases (issue 14, lane G, 2026-12-02): principals no configured role
// resembles get through by shapes the first six sets do not walk. Hand truth first, from IAM's
// condition-keys and MFA pages (docs/aws-behaviour.md §13), before the analysis was run on them.
import * as hs from './hidden-style.js';
import { smallWorld } from './helpers.js';

/** A date no test run reaches: credentials issued after it do not exist yet. */
export const FAR = '2099-01-01T00:00:00Z';

export const SEVENTH: Record<string, hs.HiddenCase> = {
  sessionsIssuedAfterAFutureDate: {
    // DateGreaterThan aws:TokenIssueTime with a date later than now: no session of 555555555555
    // gets through today, every one issued after the date will, with no change to any policy. The
    // grant is access all the same (a proof passing today would fail then; a diff adding it opens
    // the API): a class of its own, read as later than now.
    world: smallWorld(hs.open, [
      hs.allow('FromThen', hs.of555, { DateGreaterThan: { 'aws:TokenIssueTime': FAR } }),
    ]),
    allowed: hs.req(hs.R555('Deploy', 'ci', { issuedAt: '2099-02-01T00:00:00Z' })),
    reads: /TokenIssueTime is after 2099-01-01T00:00:00\.000Z \(later than now/,
    denied: [
      hs.req(hs.R555('Deploy', 'ci', { issuedAt: '2026-11-01T00:00:00Z' })),
      hs.req(hs.U555('ci')),
      hs.req({ kind: 'root', arn: 'arn:aws:iam::555555555555:root' }),
    ],
  },
};
