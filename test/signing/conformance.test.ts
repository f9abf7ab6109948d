// SigV4 conformance: every case of both copies of the AWS test suite in test/conformance/sigv4
// is signed with signRequest and compared on canonical request, string to sign and Authorization,
// unless test/signing/exclusions.ts lists it (and then it must still fail the way the reason says).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signRequest, type SignRequestOptions } from '../../src/signing/sign.js';
import type { WireRequest } from '../../src/signing/types.js';
import { exclusionFor, exclusions, type Suite } from './exclusions.js';

const ROOT = resolve(__dirname, '../conformance/sigv4');
const CREDS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

interface Case {
  suite: Suite;
  name: string;
  req: WireRequest;
  opts: SignRequestOptions;
  creq: string;
  sts: string;
  authz: string;
}

/** A raw request as the suites write it: request line with a raw path, obs-fold, duplicate headers. */
function parseRaw(text: string): { req: WireRequest; extra: Record<string, string> } {
  const [head, ...bodyParts] = text.split(/\n\n/);
  const lines = head!.split('\n');
  const requestLine = lines.shift()!;
  const m = /^(\S+) (.*) HTTP\/1\.1$/.exec(requestLine);
  if (!m) throw new Error(`bad request line: ${requestLine}`);
  const target = m[2]!;
  const q = target.indexOf('?');
  const headers: Record<string, string> = {};
  let last = '';
  for (const line of lines) {
    if (line === '') continue;
    if (/^\s/.test(line)) {
      headers[last] += `\n${line}`; // obs-fold: the signer turns the line break into a space
      continue;
    }
    const colon = line.indexOf(':');
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1);
    const existing = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
    if (existing) headers[existing] += `,${value}`;
    else headers[name] = value;
    last = existing ?? name;
  }
  const hostKey = Object.keys(headers).find((k) => k.toLowerCase() === 'host')!;
  const host = headers[hostKey]!;
  delete headers[hostKey];
  const extra: Record<string, string> = {};
  for (const k of Object.keys(headers)) {
    if (['x-amz-date', 'x-amz-security-token'].includes(k.toLowerCase())) {
      extra[k.toLowerCase()] = headers[k]!;
      delete headers[k];
    }
  }
  const body = bodyParts.length > 0 ? bodyParts.join('\n\n') : undefined;
  return {
    req: {
      method: m[1]!,
      host,
      path: q < 0 ? target : target.slice(0, q),
      query: q < 0 ? '' : target.slice(q + 1),
      headers,
      ...(body !== undefined && body !== '' ? { body } : {}),
    },
    extra,
  };
}

function parseAmzDate(s: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s)!;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

const signedHeaderNames = (creq: string) => creq.split('\n').at(-2)!.split(';');

function botocoreCases(): Case[] {
  const dir = join(ROOT, 'botocore-aws4_testsuite');
  const out: Case[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const sub = join(d, name);
      if (!statSync(sub).isDirectory()) continue;
      const base = join(sub, name);
      if (!existsSync(`${base}.req`)) {
        walk(sub);
        continue;
      }
      const read = (ext: string) => readFileSync(`${base}.${ext}`, 'utf8');
      const { req, extra } = parseRaw(read('req'));
      const creq = read('creq');
      // The token is in .sreq; whether it was signed shows in the canonical request.
      const token = /^X-Amz-Security-Token:(.*)$/im.exec(read('sreq'))?.[1] ?? extra['x-amz-security-token'];
      out.push({
        suite: 'botocore-aws4_testsuite',
        name,
        req,
        opts: {
          region: 'us-east-1',
          service: 'service',
          credentials: token ? { ...CREDS, sessionToken: token } : CREDS,
          date: parseAmzDate(extra['x-amz-date'] ?? '20150830T123600Z'),
          signSessionToken: signedHeaderNames(creq).includes('x-amz-security-token'),
          contentSha256Header: false,
        },
        creq,
        sts: read('sts'),
        authz: read('authz'),
      });
    }
  };
  walk(dir);
  return out;
}

function awsCAuthCases(): Case[] {
  const dir = join(ROOT, 'aws-c-auth-v4');
  return readdirSync(dir)
    .filter((n) => statSync(join(dir, n)).isDirectory())
    .sort()
    .map((name) => {
      const read = (f: string) => readFileSync(join(dir, name, f), 'utf8');
      const ctx = JSON.parse(read('context.json')) as {
        credentials: { access_key_id: string; secret_access_key: string; token?: string };
        region: string;
        service: string;
        timestamp: string;
        sign_body?: boolean;
        omit_session_token?: boolean;
      };
      const { req } = parseRaw(read('request.txt'));
      const c = ctx.credentials;
      return {
        suite: 'aws-c-auth-v4' as const,
        name,
        req,
        opts: {
          region: ctx.region,
          service: ctx.service,
          credentials: {
            accessKeyId: c.access_key_id,
            secretAccessKey: c.secret_access_key,
            ...(c.token ? { sessionToken: c.token } : {}),
          },
          date: new Date(ctx.timestamp),
          signSessionToken: !ctx.omit_session_token,
          contentSha256Header: ctx.sign_body ?? false,
        },
        creq: read('header-canonical-request.txt'),
        sts: read('header-string-to-sign.txt'),
        authz: /^Authorization:\s*(.*)$/m.exec(read('header-signed-request.txt'))![1]!,
      };
    });
}

const cases = [...botocoreCases(), ...awsCAuthCases()];

describe('SigV4 conformance suites', () => {
  it('finds both copies with all their cases', () => {
    expect(cases.filter((c) => c.suite === 'botocore-aws4_testsuite')).toHaveLength(34);
    expect(cases.filter((c) => c.suite === 'aws-c-auth-v4')).toHaveLength(38);
  });

  it('lists only exclusions that name a real case', () => {
    for (const e of exclusions) {
      if (e.case === '*') continue;
      expect(
        cases.some((c) => c.suite === e.suite && c.name === e.case),
        `${e.suite}/${e.case}`,
      ).toBe(true);
    }
  });

  it('covers every presigned-URL (query-*) variant by the one exclusion row', () => {
    for (const c of cases.filter((x) => x.suite === 'aws-c-auth-v4')) {
      expect(existsSync(join(ROOT, c.suite, c.name, 'query-canonical-request.txt'))).toBe(true);
      expect(exclusionFor(c.suite, c.name, 'query-variant')).toBeDefined();
    }
  });

  for (const c of cases) {
    const skipAll = exclusionFor(c.suite, c.name, 'header-signing');
    const skipAuthz = exclusionFor(c.suite, c.name, 'authorization');
    const title = `${c.suite}/${c.name}`;
    if (skipAll) {
      it(`${title}: excluded (${skipAll.reason.slice(0, 60)}...) and indeed differs`, async () => {
        const signed = await signRequest(c.req, c.opts);
        expect(signed.canonicalRequest).not.toBe(c.creq);
      });
      continue;
    }
    it(`${title}: canonical request, string to sign, Authorization`, async () => {
      const signed = await signRequest(c.req, c.opts);
      expect(signed.canonicalRequest).toBe(c.creq);
      expect(signed.stringToSign).toBe(c.sts);
      if (skipAuthz) expect(signed.headers.authorization).not.toBe(c.authz);
      else expect(signed.headers.authorization).toBe(c.authz);
      const token = c.opts.credentials.sessionToken;
      if (token) expect(signed.headers['x-amz-security-token']).toBe(token);
    });
  }
});
