// Source identity (issue 11 item 3, the sandbox kinder than AWS): AssumeRole's `SourceIdentity` as STS
// takes it (botocore sts model sourceIdentityType: 2-64 of [\w+=,.@-], "You cannot use a value that
// begins with the text aws:"; IAM User Guide id_credentials_temp_control-access_monitor: "principals
// … must have permissions to sts:SetSourceIdentity", the value "is present in requests for any AWS
// action taken during the role session", "persists when a role is used to assume another role" and
// "cannot be changed during the role session"). Until pass 17 the sandbox ignored the parameter: it
// issued the session without the permission, and its requests carried no aws:SourceIdentity.
import { describe, expect, it } from 'vitest';
import { apiHost, chainingWorld, invoke, newState, outcome, parseXml, query } from './helpers.js';
import type { Credentials } from '../../src/signing/types.js';
import { policyDoc, when } from '../policy/doc-cases.js';

const CHAINER = 'arn:aws:iam::111111111111:role/ChainerRole';
const LONG = 'arn:aws:iam::111111111111:role/LongRole';

/** The chaining world whose hub lets through source identity alice only; `setting` roles' trust allows sts:SetSourceIdentity. */
function sourceState(setting: string[]) {
  const w = chainingWorld();
  w.endpoints.hub!.policy = policyDoc(when({ StringEquals: { 'aws:SourceIdentity': 'alice' } })) as Record<
    string,
    unknown
  >;
  w.roles.LongRole!.policies = w.roles.ChainerRole!.policies;
  for (const alias of setting) {
    const trust = w.roles[alias]!.trustPolicy as { Statement: { Action: string | string[] }[] };
    trust.Statement[0]!.Action = ['sts:AssumeRole', 'sts:SetSourceIdentity'];
  }
  return newState(w);
}

const assumeAs = (
  s: ReturnType<typeof newState>,
  role: string,
  extra: Record<string, string>,
  creds?: Credentials,
) => query(s, 'sts', { Action: 'AssumeRole', RoleArn: role, RoleSessionName: 'who', ...extra }, creds);
const credsOf = (body: string): Credentials => {
  const c = parseXml(body).AssumeRoleResponse.AssumeRoleResult.Credentials;
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
};
const codeOf = (body: string) => parseXml(body).ErrorResponse.Error.Code as string;
const passesHub = async (s: ReturnType<typeof newState>, creds: Credentials) =>
  outcome(await invoke(s, { path: '/prod/orders', host: apiHost('a1b2c3d4e5'), creds })) !== 'endpoint';

describe('AssumeRole SourceIdentity in the sandbox', () => {
  it('without sts:SetSourceIdentity in the trust policy: 403 AccessDenied naming it, no session', async () => {
    const s = sourceState([]);
    const r = await assumeAs(s, CHAINER, { SourceIdentity: 'alice' });
    expect(r.status, r.body).toBe(403);
    expect(codeOf(r.body)).toBe('AccessDenied');
    expect(r.body).toContain('sts:SetSourceIdentity');
  });

  it('with it: the session’s requests carry aws:SourceIdentity', async () => {
    const s = sourceState(['ChainerRole']);
    const alice = await assumeAs(s, CHAINER, { SourceIdentity: 'alice' });
    expect(alice.status, alice.body).toBe(200);
    expect(await passesHub(s, credsOf(alice.body))).toBe(true);
    const bob = await assumeAs(s, CHAINER, { SourceIdentity: 'bob' });
    expect(await passesHub(s, credsOf(bob.body))).toBe(false);
    expect(await passesHub(s, credsOf((await assumeAs(s, CHAINER, {})).body))).toBe(false);
  });

  it('it persists into a chained session, which needs sts:SetSourceIdentity too, and cannot be changed', async () => {
    const s = sourceState(['ChainerRole', 'LongRole']);
    const alice = credsOf((await assumeAs(s, CHAINER, { SourceIdentity: 'alice' })).body);
    const chained = await assumeAs(s, LONG, {}, alice);
    expect(chained.status, chained.body).toBe(200);
    expect(await passesHub(s, credsOf(chained.body))).toBe(true);
    const changed = await assumeAs(s, LONG, { SourceIdentity: 'bob' }, alice);
    expect(changed.status).toBeGreaterThanOrEqual(400);
    const without = sourceState(['ChainerRole']);
    const a2 = credsOf((await assumeAs(without, CHAINER, { SourceIdentity: 'alice' })).body);
    const refused = await assumeAs(without, LONG, {}, a2);
    expect(refused.status, refused.body).toBe(403);
  });

  it.each([['a'], ['has space'], ['x'.repeat(65)], ['aws:alice']])(
    'SourceIdentity %j is 400 ValidationError naming sourceIdentity',
    async (value) => {
      const s = sourceState(['ChainerRole']);
      const r = await assumeAs(s, CHAINER, { SourceIdentity: value });
      expect(r.status, r.body).toBe(400);
      expect(codeOf(r.body)).toBe('ValidationError');
      expect(r.body).toContain('sourceIdentity');
    },
  );
});
