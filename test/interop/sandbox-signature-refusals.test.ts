// Independent signers against every API of the demo world (issue 11 "How it is checked"): botocore's
// SigV4Auth and curl --aws-sigv4 sign a request for each API, including `legacy`, which is not
// associated with the hub endpoint. A wrong secret, a path changed after signing and a date 20
// minutes old must each be refused for the signature, with API Gateway's status, error type and
// words (docs/aws-behaviour.md §4), before any policy is consulted; the same request signed
// correctly is answered by the policies (the control), so the signature is what was refused.
// One process per tool, looping over the APIs inside it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import type { Credentials } from '../../src/signing/types.js';
import { WORLD_FILE, wrongSecret } from '../sandbox/helpers.js';
import {
  API_HOST,
  assumeRole,
  BOTOCORE_CLIENT,
  cleanEnv,
  findCurl,
  findFaketime,
  findPython,
  ROLE,
  run,
  SKIP,
  TWENTY_MINUTES_AGO,
} from '../sandbox/interop/tools.js';

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const EXPIRED =
  /^Signature expired: (\d{8}T\d{6}Z) is now earlier than (\d{8}T\d{6}Z) \((\d{8}T\d{6}Z) - 5 min\.\)$/;
const TWENTY_MINUTES = 20 * 60;

interface Target {
  /** The world's API alias. */
  api: string;
  role: keyof typeof ROLE;
  /** The signed path, and another route of the same API the request is sent to instead. */
  path: string;
  otherPath: string;
  /** Through the hub's private DNS, or the named endpoint's own DNS name (x-apigw-api-id). */
  via: 'private-dns' | string;
  /** What the policies answer the correctly signed request. */
  control: number;
}

// Every API of the demo world (checked below against the world, so a new API must be added here).
const TARGETS: Target[] = [
  {
    api: 'orders',
    role: 'checkout',
    path: '/prod/orders',
    otherPath: '/prod/',
    via: 'private-dns',
    control: 200,
  },
  {
    api: 'payments',
    role: 'payments',
    path: '/prod/payments',
    otherPath: '/prod/',
    via: 'private-dns',
    control: 200,
  },
  {
    api: 'inventory',
    role: 'reporting',
    path: '/prod/items',
    otherPath: '/prod/',
    via: 'private-dns',
    control: 200,
  },
  // Not associated with the hub: private DNS still reaches it and its resource policy refuses the
  // hub endpoint (403 AccessDenied), but a bad signature is refused for the signature first.
  {
    api: 'legacy',
    role: 'checkout',
    path: '/prod/status',
    otherPath: '/prod/',
    via: 'private-dns',
    control: 403,
  },
  // Through its own endpoint, where the resource policy allows everyone.
  {
    api: 'legacy',
    role: 'checkout',
    path: '/prod/status',
    otherPath: '/prod/',
    via: 'vpce-0fedcba9876543210',
    control: 200,
  },
];

let sb: Sandbox;
const creds = new Map<string, Credentials>();

beforeAll(async () => {
  if (SKIP) return;
  sb = await startSandbox(WORLD_FILE);
  for (const t of TARGETS) if (!creds.has(t.role)) creds.set(t.role, await assumeRole(sb, ROLE[t.role]));
});
afterAll(async () => {
  await sb?.close();
});

/** The URL and extra headers that address the target's API. */
function address(t: Target, path: string): { url: string; headers: Record<string, string> } {
  const id = sb.world.apis[t.api]!.id;
  if (t.via === 'private-dns') return { url: `https://${API_HOST(id)}${path}`, headers: {} };
  const host = sb.state.endpoints.get(t.via)!.dnsNames[0]!;
  return { url: `https://${host}${path}`, headers: { 'x-apigw-api-id': id } };
}
const label = (t: Target) => `${t.api} via ${t.via}`;

interface Answer {
  status: number;
  errorType: string;
  message: string;
}
function answer(status: number, errorType: string | null | undefined, body: string): Answer {
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(body) as Record<string, unknown>;
  } catch {
    // not JSON: the message stays empty and the assertions say so
  }
  return { status, errorType: errorType ?? '', message: String(json.message ?? json.Message ?? '') };
}

/** The sandbox's clock, as AWS's own, in the `Signature expired` message format. */
const amz = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');

function expectExpired(a: Answer, signedAt: string | undefined, what: string) {
  expect([a.status, a.errorType], what).toEqual([403, 'InvalidSignatureException']);
  const m = EXPIRED.exec(a.message);
  expect(m, `${what}: ${a.message}`).not.toBeNull();
  if (signedAt) expect(m![1], what).toBe(signedAt);
  const parse = (s: string) =>
    Date.parse(
      `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13)}`,
    );
  // "earlier than (now - 5 min.)": the second date is the third minus five minutes, and the signing
  // date is about 20 minutes before the third (the server's now).
  expect(parse(m![3]!) - parse(m![2]!), what).toBe(300_000);
  const age = (parse(m![3]!) - parse(m![1]!)) / 1000;
  expect(age, what).toBeGreaterThanOrEqual(TWENTY_MINUTES - 5);
  expect(age, what).toBeLessThan(TWENTY_MINUTES + 600);
}

describe('independent signers: every demo API refuses a bad signature, a changed path and an old date', () => {
  it('the targets cover every API of the demo world, including one not associated with the hub', () => {
    if (SKIP) return;
    expect([...new Set(TARGETS.map((t) => t.api))].sort()).toEqual(Object.keys(sb.world.apis).sort());
    const hub = 'vpce-0123456789abcdef0';
    expect(
      TARGETS.some((t) => t.via === 'private-dns' && !sb.world.apis[t.api]!.vpcEndpointIds.includes(hub)),
    ).toBe(true);
  });

  it('botocore SigV4Auth (one python process)', async () => {
    if (SKIP) return;
    const py = findPython();
    const jobs: Record<string, unknown>[] = [];
    // unknown-key: an access key no one issued; bad-token: a session token that is not the one
    // issued with the key (signed as sent): both refused for the credentials, before any policy.
    const kinds = [
      'control',
      'wrong-secret',
      'changed-path',
      'old-date',
      'unknown-key',
      'bad-token',
    ] as const;
    for (const t of TARGETS) {
      const c = creds.get(t.role)!;
      const { url, headers } = address(t, t.path);
      const other = address(t, t.otherPath).url;
      for (const kind of kinds) {
        const secret = kind === 'wrong-secret' ? wrongSecret(c.secretAccessKey) : c.secretAccessKey;
        const key = kind === 'unknown-key' ? 'ASIAUNKNOWNKEY000001' : c.accessKeyId;
        const token = kind === 'bad-token' ? `${c.sessionToken!.slice(0, -8)}AAAAAAAA` : c.sessionToken;
        jobs.push({
          method: 'GET',
          url,
          headers,
          creds: { key, secret, token },
          region: 'us-west-2',
          connect: ['127.0.0.1', sb.port],
          ca: sb.caFile,
          ...(kind === 'changed-path' ? { tamper: { what: 'path', value: new URL(other).pathname } } : {}),
          ...(kind === 'old-date' ? { ageSeconds: TWENTY_MINUTES } : {}),
        });
      }
    }
    const r = await run(py, [BOTOCORE_CLIENT], cleanEnv({}), JSON.stringify(jobs));
    expect(r.code, r.stderr).toBe(0);
    const results = JSON.parse(r.stdout) as {
      status: number;
      errorType?: string | null;
      body?: string;
      amzDate?: string;
      error?: string;
    }[];
    expect(results).toHaveLength(jobs.length);
    results.forEach((x, i) => {
      const t = TARGETS[Math.floor(i / kinds.length)]!;
      const kind = kinds[i % kinds.length]!;
      const what = `botocore ${label(t)} ${kind}`;
      expect(x.status, `${what}: ${x.error ?? ''}`).toBeGreaterThan(0);
      const a = answer(x.status, x.errorType, x.body ?? '');
      if (kind === 'control') {
        expect(a.status, `${what}: ${a.message}`).toBe(t.control);
        if (t.control === 403) expect(a.errorType, what).toBe('AccessDeniedException');
      } else if (kind === 'old-date') {
        expectExpired(a, x.amzDate ?? undefined, what);
      } else if (kind === 'unknown-key' || kind === 'bad-token') {
        // API Gateway's answer for credentials it does not know (docs/aws-behaviour.md §4, §5b).
        expect([a.status, a.errorType, a.message], what).toEqual([
          403,
          'UnrecognizedClientException',
          'The security token included in the request is invalid.',
        ]);
      } else {
        expect([a.status, a.errorType, a.message], what).toEqual([
          403,
          'InvalidSignatureException',
          MISMATCH,
        ]);
      }
    });
  });

  it('curl --aws-sigv4 (one curl process now, one under faketime 20 minutes in the past)', async () => {
    if (SKIP) return;
    const curl = findCurl();
    const faketime = findFaketime();
    const SEP = '\n@@spokegate@@';
    /** One curl run over many requests: a config on stdin, `next` between them (secrets never in argv). */
    const batch = async (blocks: string[][], past = false) => {
      const cfg = blocks
        .map((lines) =>
          [
            ...lines,
            `connect-to = "${sb.env.SPOKEGATE_CONNECT_TO}"`,
            `cacert = "${sb.caFile}"`,
            'silent',
            'show-error',
            `write-out = "${SEP.replace(/\n/g, '\\n')} %{http_code} %header{x-amzn-errortype}\\n"`,
          ].join('\n'),
        )
        .join('\nnext\n');
      const r = past
        ? await run(faketime, [...TWENTY_MINUTES_AGO, curl, '-K', '-'], cleanEnv({}), `${cfg}\n`)
        : await run(curl, ['-K', '-'], cleanEnv({}), `${cfg}\n`);
      expect(r.code, r.stderr).toBe(0);
      const parts = r.stdout.split(SEP);
      const out: Answer[] = [];
      for (let i = 0; i < blocks.length; i++) {
        const body = parts[i]!.replace(/^ \d{3} .*\n/, '');
        const m = /^ (\d{3}) (.*)$/m.exec(parts[i + 1] ?? '');
        out.push(answer(Number(m?.[1] ?? -1), m?.[2]?.trim(), body));
      }
      return out;
    };
    const signed = (t: Target, o: { secret?: string; requestTarget?: string } = {}) => {
      const c = creds.get(t.role)!;
      const { url, headers } = address(t, t.path);
      return [
        `url = "${url}"`,
        'aws-sigv4 = "aws:amz:us-west-2:execute-api"',
        `user = "${c.accessKeyId}:${o.secret ?? c.secretAccessKey}"`,
        `header = "x-amz-security-token: ${c.sessionToken}"`,
        ...Object.entries(headers).map(([k, v]) => `header = "${k}: ${v}"`),
        // curl signs the URL's path and sends this one instead: signed for one path, sent to another.
        ...(o.requestTarget ? [`request-target = "${o.requestTarget}"`] : []),
      ];
    };

    const kinds = ['control', 'wrong-secret', 'changed-path'] as const;
    const now = await batch(
      TARGETS.flatMap((t) => {
        const c = creds.get(t.role)!;
        return [
          signed(t),
          signed(t, { secret: wrongSecret(c.secretAccessKey) }),
          signed(t, { requestTarget: t.otherPath }),
        ];
      }),
    );
    now.forEach((a, i) => {
      const t = TARGETS[Math.floor(i / kinds.length)]!;
      const kind = kinds[i % kinds.length]!;
      const what = `curl ${label(t)} ${kind}`;
      if (kind === 'control') expect(a.status, `${what}: ${a.message}`).toBe(t.control);
      else
        expect([a.status, a.errorType, a.message], what).toEqual([
          403,
          'InvalidSignatureException',
          MISMATCH,
        ]);
    });

    // curl signs with its own clock (a user X-Amz-Date is sent twice by curl 7.88, curl#11738): run
    // under faketime 20 minutes in the past, it signs with a truly old date against the sandbox's
    // own, unshifted clock.
    const before = Date.now();
    const old = await batch(
      TARGETS.map((t) => signed(t)),
      true,
    );
    const after = Date.now();
    old.forEach((a, i) => expectExpired(a, undefined, `curl ${label(TARGETS[i]!)} old-date`));
    // The signing date is curl's (20 minutes back); the server's now in the message is the real one.
    // Measured against the batch's end, not its start: however long a busy machine took to start
    // curl, a date 19 minutes older than the end is no date of the real clock.
    const m = EXPIRED.exec(old[0]!.message)!;
    expect(m[1]! < amz(after - (TWENTY_MINUTES - 60) * 1000)).toBe(true);
    expect(m[3]! >= amz(before - 1000)).toBe(true);
  });
});
