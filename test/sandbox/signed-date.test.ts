// The request time and SignedHeaders (issue 11 item 3). "Any x-amz-* headers that you plan to include in
// your request must also be added" to the canonical headers (IAM User Guide, reference_sigv-create-signed-
// request); "If the Date header is specified in the ISO 8601 basic format, X-Amz-Date is not required. When
// X-Amz-Date is used, it always overrides the value of the Date header" (every service's Common Parameters,
// e.g. STS API reference). Until pass 18 the sandbox took an X-Amz-Date left out of SignedHeaders, and a Date
// header in any form `new Date` reads (docs/aws-behaviour.md §52).
import { describe, expect, it } from 'vitest';
import { formatAmzDate as basic, verifyRequest } from '../../src/signing/verify.js';
import { apiHost, demoWorld, getReply, newState, signedLeavingOut } from './helpers.js';

const HOST = apiHost('a1b2c3d4e5');
/** Headers of a GET signed at `at` with `unsigned` left out of SignedHeaders, then `edit` applied. */
async function signed(
  s: ReturnType<typeof newState>,
  at: Date,
  unsigned: string[],
  edit: (h: Record<string, string>) => void = () => {},
) {
  const headers = await signedLeavingOut(s, HOST, unsigned, at);
  edit(headers);
  return headers;
}
const withoutAmzDate = (date: string) => (h: Record<string, string>) => {
  delete h['x-amz-date'];
  h.date = date;
};
const OLD = 20 * 60_000;

// [what, signing time offset, unsigned headers, edit, answer]
type Row = [string, number, string[], (s: Date) => (h: Record<string, string>) => void, string];
const rows: Row[] = [
  [
    'X-Amz-Date sent but not signed',
    0,
    ['x-amz-date'],
    () => () => {},
    "incomplete:'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.",
  ],
  [
    'Date alone in ISO-8601 basic format, not signed',
    0,
    ['x-amz-date'],
    (t) => withoutAmzDate(basic(t)),
    'ok',
  ],
  [
    'Date alone in RFC 1123 form',
    0,
    ['x-amz-date'],
    (t) => withoutAmzDate(t.toUTCString()),
    "incomplete:Date must be in ISO-8601 'basic format'. Got",
  ],
  [
    'X-Amz-Date signed, an unsigned Date 20 minutes old beside it',
    0,
    [],
    () => (h) => (h.date = basic(new Date(Date.now() - OLD))),
    'ok',
  ],
  [
    'X-Amz-Date signed 20 minutes ago, a current Date beside it',
    -OLD,
    [],
    () => (h) => (h.date = basic(new Date())),
    'skew:Signature expired',
  ],
];

describe('the request time: X-Amz-Date signed, Date in basic format, X-Amz-Date first', () => {
  for (const [what, offset, unsigned, edit, answer] of rows)
    it(`${what}: ${answer.split(':')[0]}`, async () => {
      const s = newState(demoWorld());
      const now = s.now();
      const at = new Date(now.getTime() + offset);
      const headers = await signed(s, at, unsigned, edit(now));
      const v = await verifyRequest(
        { method: 'GET', host: HOST, path: '/prod/orders', query: '', headers, body: '' },
        s.lookup,
        { now, service: 'execute-api' },
      );
      if (answer === 'ok') {
        expect(v, JSON.stringify(v)).toMatchObject({ ok: true });
        return;
      }
      const [kind, message] = [answer.slice(0, answer.indexOf(':')), answer.slice(answer.indexOf(':') + 1)];
      expect(v).toMatchObject({ ok: false, kind });
      expect('message' in v ? v.message : '').toContain(message);
    });

  it('execute-api answers an unsigned X-Amz-Date 403 IncompleteSignatureException', async () => {
    const s = newState(demoWorld());
    const r = await getReply(s, HOST, '/prod/orders', await signed(s, s.now(), ['x-amz-date']));
    expect(r.status).toBe(403);
    const type = Object.entries(r.headers).find(([k]) => k.toLowerCase() === 'x-amzn-errortype')?.[1];
    expect(type, r.body).toMatch(/^IncompleteSignatureException/);
  });
});
