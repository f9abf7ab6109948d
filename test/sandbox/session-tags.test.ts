// Session tags (issue 10, lane A, fourteenth pass): AssumeRole's `Tags` and `TransitiveTagKeys` as STS
// takes them (IAM User Guide id_session-tags; botocore sts model AssumeRole `Tags`): the passed tags are
// principal tags of the session, overriding a role tag with the same key whatever its case; passing
// them needs `sts:TagSession` in the trust policy; transitive tags pass to the next session of a role
// chain, override the next role's tags, and may not be passed again. Until 2026-12-02 the sandbox
// ignored both parameters: a session asked with tags had the role's tags alone, and a trust policy
// without sts:TagSession issued it anyway (docs/aws-behaviour.md §29).
import { describe, expect, it } from 'vitest';
import {
  apiHost,
  assume,
  chainingWorld,
  invoke,
  newState,
  outcome,
  parseXml,
  policyOfLength,
  query,
} from './helpers.js';
import type { Credentials } from '../../src/signing/types.js';
import { policyDoc, when } from '../policy/doc-cases.js';

const HARNESS = 'arn:aws:iam::111111111111:user/spokegate-harness';
const CHAINER = 'arn:aws:iam::111111111111:role/ChainerRole';
const LONG = 'arn:aws:iam::111111111111:role/LongRole';

/**
 * The chaining world whose hub endpoint lets through only a principal tagged team=blue; ChainerRole
 * is tagged Team=ops, LongRole team=long (and may assume itself); `tagSession` roles trust their
 * callers with sts:TagSession.
 */
function taggedState(tagSession: string[] = ['ChainerRole', 'LongRole']) {
  const w = chainingWorld();
  w.endpoints.hub!.policy = policyDoc(when({ StringEquals: { 'aws:PrincipalTag/team': 'blue' } })) as Record<
    string,
    unknown
  >;
  w.roles.ChainerRole!.tags = { Team: 'ops' };
  w.roles.LongRole!.tags = { team: 'long' };
  // LongRole may chain to itself (a third session).
  (
    w.roles.LongRole!.trustPolicy as { Statement: { Principal: { AWS: string[] } }[] }
  ).Statement[0]!.Principal.AWS.push(LONG);
  w.roles.LongRole!.policies = w.roles.ChainerRole!.policies;
  for (const alias of tagSession) {
    const trust = w.roles[alias]!.trustPolicy as { Statement: { Action: string | string[] }[] };
    trust.Statement[0]!.Action = ['sts:AssumeRole', 'sts:TagSession'];
  }
  return newState(w);
}

const tags = (t: Record<string, string>, transitive: string[] = []) => ({
  ...Object.fromEntries(
    Object.entries(t).flatMap(([k, v], i) => [
      [`Tags.member.${i + 1}.Key`, k],
      [`Tags.member.${i + 1}.Value`, v],
    ]),
  ),
  ...Object.fromEntries(transitive.map((k, i) => [`TransitiveTagKeys.member.${i + 1}`, k])),
});

/** `n` tags `kI` whose keys and values together are `chars` characters (n divides it). */
const sized = (n: number, chars: number, transitive = false) => {
  const t = Object.fromEntries(
    Array.from({ length: n }, (_, i) => [`k${i}`, 'v'.repeat(chars / n - `k${i}`.length)]),
  );
  return tags(t, transitive ? Object.keys(t) : []);
};

/** Whether the hub endpoint (team=blue only) lets the session through to the orders API. */
const passesHub = async (s: ReturnType<typeof newState>, creds: Credentials) =>
  outcome(await invoke(s, { path: '/prod/orders', host: apiHost('a1b2c3d4e5'), creds })) !== 'endpoint';

const chainToLong = (s: ReturnType<typeof newState>, c: Credentials, extra: Record<string, string> = {}) =>
  query(s, 'sts', { Action: 'AssumeRole', RoleArn: LONG, RoleSessionName: 'chained', ...extra }, c);

const credsOf = (body: string): Credentials => {
  const c = parseXml(body).AssumeRoleResponse.AssumeRoleResult.Credentials;
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
};
const errorOf = (body: string) => parseXml(body).ErrorResponse.Error as { Code: string; Message: string };

describe('AssumeRole with session tags', () => {
  it('a passed tag is a principal tag of the session, overriding the role tag of the same key in another case', async () => {
    const s = taggedState();
    expect(await passesHub(s, await assume(s, 'ChainerRole'))).toBe(false);
    expect(await passesHub(s, await assume(s, 'ChainerRole', tags({ team: 'blue' })))).toBe(true);
    expect(await passesHub(s, await assume(s, 'ChainerRole', tags({ team: 'red' })))).toBe(false);
  });

  it('needs sts:TagSession in the trust policy: without it AssumeRole with tags is refused, without tags it is not', async () => {
    const s = taggedState([]);
    const ask = (extra: Record<string, string>) =>
      query(s, 'sts', { Action: 'AssumeRole', RoleArn: CHAINER, RoleSessionName: 'xx', ...extra });
    expect((await ask({})).status).toBe(200);
    const r = await ask(tags({ team: 'blue' }));
    expect(r.status).toBe(403);
    expect(errorOf(r.body)).toMatchObject({
      Code: 'AccessDenied',
      Message: `User: ${HARNESS} is not authorized to perform: sts:TagSession on resource: ${CHAINER}`,
    });
  });

  // A Query list is read whatever number its members bear (src/sandbox/query-members.ts, as
  // ProvidedContexts and PolicyArns are): Tags.member.2 alone was read as no tag, so the session went
  // without it and without sts:TagSession, and a tag numbered after a gap was dropped.
  it.each([
    ['Tags.member.2 alone', { 'Tags.member.2.Key': 'team', 'Tags.member.2.Value': 'blue' }],
    ['a TransitiveTagKeys.member.2 alone', { 'TransitiveTagKeys.member.2': 'team' }],
  ])('%s is answered as member 1 is (a refusal), never a session that drops it', async (_, extra) => {
    const s = taggedState([]);
    const ask = (p: Record<string, string>) =>
      query(s, 'sts', { Action: 'AssumeRole', RoleArn: CHAINER, RoleSessionName: 'xx', ...p });
    const first = Object.fromEntries(Object.entries(extra).map(([k, v]) => [k.replace('.2', '.1'), v]));
    const [two, one] = [await ask(extra), await ask(first)];
    expect(one.status, one.body).not.toBe(200);
    expect([two.status, errorOf(two.body).Code]).toEqual([one.status, errorOf(one.body).Code]);
  });

  it('a tag numbered after a gap is a principal tag of the session', async () => {
    const s = taggedState();
    const gap = {
      'Tags.member.1.Key': 'x',
      'Tags.member.1.Value': 'y',
      'Tags.member.3.Key': 'team',
      'Tags.member.3.Value': 'blue',
    };
    expect(await passesHub(s, await assume(s, 'ChainerRole', gap))).toBe(true);
  });

  it('a transitive tag passes to the next session of the chain and overrides that role’s tag; a plain one does not', async () => {
    const s = taggedState();
    const transitive = await assume(s, 'ChainerRole', tags({ team: 'blue' }, ['team']));
    const chained = await chainToLong(s, transitive);
    expect(chained.status).toBe(200);
    expect(await passesHub(s, credsOf(chained.body))).toBe(true);
    const plain = await chainToLong(s, await assume(s, 'ChainerRole', tags({ team: 'blue' })));
    expect(await passesHub(s, credsOf(plain.body))).toBe(false);
  });

  it('a chained session that inherits a transitive tag passes it on again', async () => {
    const s = taggedState(['ChainerRole', 'LongRole']);
    const first = await assume(s, 'ChainerRole', tags({ team: 'blue' }, ['team']));
    const second = credsOf((await chainToLong(s, first)).body);
    const third = await chainToLong(s, second);
    expect(third.status).toBe(200);
    expect(await passesHub(s, credsOf(third.body))).toBe(true);
  });

  // STS's answers as measured on AWS (localstack/localstack tests/aws/services/sts/test_sts.snapshot.json,
  // TestSTSAssumeRoleTagging, validated 2025-04-10; docs/aws-behaviour.md §35).
  it.each(['team', 'TEAM'])(
    "passing a tag with the key of an inherited transitive tag fails (%s): AWS's code and words",
    async (key) => {
      const s = taggedState();
      const first = await assume(s, 'ChainerRole', tags({ team: 'blue' }, ['team']));
      const r = await chainToLong(s, first, tags({ [key]: 'red' }));
      expect(r.status).toBe(400);
      expect(errorOf(r.body)).toEqual({
        Type: 'Sender',
        Code: 'InvalidParameterValue',
        Message:
          "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.",
      });
    },
  );

  it('a transitive key in another case than its tag is the same key (accepted)', async () => {
    const s = taggedState();
    const r = await query(s, 'sts', {
      Action: 'AssumeRole',
      RoleArn: CHAINER,
      RoleSessionName: 'xx',
      ...tags({ Team: 'blue' }, ['team']),
    });
    expect(r.status).toBe(200);
  });

  it.each([
    ['51 tags', tags(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']))), "'tags'"],
    ['a key of 129 characters', tags({ ['k'.repeat(129)]: 'v' }), "'tags.1.member.key'"],
    ['a value of 257 characters', tags({ team: 'v'.repeat(257) }), "'tags.1.member.value'"],
    ['a key with a character tags may not hold', tags({ 'te#am': 'v' }), "'tags.1.member.key'"],
    [
      'two keys differing only in case',
      tags({ team: 'a', Team: 'b' }),
      'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    ],
    [
      'a transitive key that names no passed tag',
      tags({ team: 'blue' }, ['cost']),
      'The specified transitive tag key must be included in the requested tags.',
    ],
  ])('refuses %s (400, no session)', async (_, extra, says) => {
    const s = taggedState();
    const r = await query(s, 'sts', {
      Action: 'AssumeRole',
      RoleArn: CHAINER,
      RoleSessionName: 'xx',
      ...extra,
    });
    expect(r.status).toBe(400);
    expect(errorOf(r.body).Message).toContain(says);
  });
});

// GetFederationToken `Tags` (id_session-tags, "Passing session tags using GetFederationToken": "the
// session's principal tags include the user's tags and the passed session tags"; no transitive tags, as
// a federated user cannot assume a role), with sts:TagSession in the user's own policy ("In addition to
// the action that matches the API operation, you must have the following permissions-only action in your
// policy"). Until 2026-12-02 the sandbox ignored them.
describe('GetFederationToken with session tags', () => {
  const federate = (s: ReturnType<typeof newState>, extra: Record<string, string>) =>
    query(s, 'sts', {
      Action: 'GetFederationToken',
      Name: 'ci-bot',
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }],
      }),
      ...extra,
    });
  const stateWith = (actions: string[]) => {
    const s = taggedState();
    s.world.harness.policies.Federate = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: actions, Resource: 'arn:aws:sts::111111111111:federated-user/ci-*' },
      ],
    };
    return newState(s.world);
  };
  const fedCreds = (body: string): Credentials => {
    const c = parseXml(body).GetFederationTokenResponse.GetFederationTokenResult.Credentials;
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  };

  it('the passed tags are the federated user’s principal tags', async () => {
    const s = stateWith(['sts:GetFederationToken', 'sts:TagSession']);
    const tagged = await federate(s, tags({ team: 'blue' }));
    expect(tagged.status, tagged.body).toBe(200);
    expect(await passesHub(s, fedCreds(tagged.body))).toBe(true);
    expect(await passesHub(s, fedCreds((await federate(s, {})).body))).toBe(false);
  });

  it('needs sts:TagSession in the user’s policy: without it, GetFederationToken with tags is refused', async () => {
    const s = stateWith(['sts:GetFederationToken']);
    expect((await federate(s, {})).status).toBe(200);
    const r = await federate(s, tags({ team: 'blue' }));
    expect(r.status).toBe(403);
    expect(errorOf(r.body)).toMatchObject({
      Code: 'AccessDenied',
      Message: `User: ${HARNESS} is not authorized to perform: sts:TagSession on resource: arn:aws:sts::111111111111:federated-user/ci-bot`,
    });
  });

  // Its tags fill STS's packed space with its session policy (§60): beyond it, no session.
  it('refuses tags beyond the packed space in AWS’s words for tags (no session)', async () => {
    const s = stateWith(['sts:GetFederationToken', 'sts:TagSession']);
    const r = await federate(s, sized(6, 366));
    expect(r.status, r.body).toBe(400);
    expect(errorOf(r.body)).toMatchObject({ Code: 'PackedPolicyTooLarge' });
    expect(errorOf(r.body).Message).toMatch(
      /^Packed size of session tags consumes 1\d\d% of allotted space\.$/,
    );
  });

  it('refuses two keys differing only in case, and tags outside STS’s limits (no session)', async () => {
    const s = stateWith(['sts:GetFederationToken', 'sts:TagSession']);
    expect((await federate(s, tags({ team: 'a', TEAM: 'b' }))).status).toBe(400);
    expect((await federate(s, tags({ ['k'.repeat(129)]: 'v' }))).status).toBe(400);
  });
});

// Session tags fill STS's packed space with the session policies ("An Amazon Web Services conversion
// compresses the passed inline session policy, managed policy ARNs, and session tags into a packed binary
// format that has a separate limit", STS API reference, AssumeRole `Tags`), inherited transitive tags too
// (EKS Pod Identity's six transitive tags alone: PackedPolicySize 74; with the application's own tags, 37
// alone: "Packed size of session tags consumes 112% of allotted space.", aws/containers-roadmap#2413). AWS
// publishes no budget: the sandbox counts the tags' keys and values against 360 characters (§51, §60).
// Until pass 20 no tag counted: a session AWS refuses was issued.
describe('session tags in the packed size', () => {
  const packedOf = (body: string) =>
    Number(parseXml(body).AssumeRoleResponse.AssumeRoleResult.PackedPolicySize);
  const ask = (s: ReturnType<typeof newState>, extra: Record<string, string>) =>
    query(s, 'sts', { Action: 'AssumeRole', RoleArn: CHAINER, RoleSessionName: 'xx', ...extra });
  const refusedFor = (percent: number) => ({
    Code: 'PackedPolicyTooLarge',
    Message: `Packed size of session tags consumes ${percent}% of allotted space.`,
  });

  // [what, parameters, answer: PackedPolicySize or the refusal's percentage]
  const rows: [string, Record<string, string>, number | `refused ${number}`][] = [
    ['3 tags of 180 characters', sized(3, 180), 50],
    ['6 tags of 360 characters (the whole space)', sized(6, 360), 100],
    ['6 tags of 366 characters', sized(6, 366), 'refused 102'],
    [
      '2 tags of 90 characters and a 1,024-character policy',
      { ...sized(2, 90), Policy: policyOfLength(1024) },
      75,
    ],
  ];
  it.each(rows)('AssumeRole, %s', async (_what, params, answer) => {
    const s = taggedState();
    const r = await ask(s, params);
    if (typeof answer === 'number') {
      expect(r.status, r.body).toBe(200);
      expect(packedOf(r.body)).toBe(answer);
    } else {
      expect(r.status, r.body).toBe(400);
      expect(errorOf(r.body)).toMatchObject(refusedFor(Number(answer.split(' ')[1])));
      expect(s.counters.assumeRole.ChainerRole).toBeUndefined();
    }
  });

  it('inherited transitive tags count in the next session of the chain, passed or not', async () => {
    const s = taggedState();
    const first = await ask(s, sized(3, 270, true));
    expect(packedOf(first.body)).toBe(75);
    const alone = await chainToLong(s, credsOf(first.body));
    expect(alone.status, alone.body).toBe(200);
    expect(packedOf(alone.body), 'the inherited tags alone').toBe(75);
    const more = await chainToLong(s, credsOf(first.body), tags({ extra: 'y'.repeat(103) }));
    expect(more.status, more.body).toBe(400);
    expect(errorOf(more.body)).toMatchObject(refusedFor(105));
  });
});
