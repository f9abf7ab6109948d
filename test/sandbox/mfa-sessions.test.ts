// MFA sessions (issue 10, lane A, fourteenth pass): GetSessionToken and AssumeRole with `SerialNumber` and
// `TokenCode`, as STS takes them (botocore sts model; IAM User Guide id_credentials_mfa_configure-api-require):
// the session carries aws:MultiFactorAuthPresent true and aws:MultiFactorAuthAge; a code the device did
// not show, or a device that is not the user's, is AccessDenied in STS's words. Until 2026-12-02 the
// sandbox ignored both parameters: an MFA session was an ordinary one, so an MFA-only grant (a Bool
// aws:MultiFactorAuthPresent condition) refused a caller AWS lets in (docs/aws-behaviour.md §29).
import { describe, expect, it } from 'vitest';
import { apiHost, demoWorld, invoke, newState, outcome, parseXml, query } from './helpers.js';
import type { Credentials } from '../../src/signing/types.js';
import { policyDoc, when } from '../policy/doc-cases.js';

const DEVICE = 'arn:aws:iam::111111111111:mfa/spokegate-harness';
const CODE = '246810';
const CHECKOUT = 'arn:aws:iam::111111111111:role/CheckoutRole';

/** The demo world whose harness has an MFA device and whose hub endpoint lets through MFA sessions only. */
function mfaState(
  condition: Record<string, Record<string, string>> = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
) {
  const w = demoWorld();
  w.harness.mfaDevice = { serial: DEVICE, code: CODE };
  w.endpoints.hub!.policy = policyDoc(when(condition)) as Record<string, unknown>;
  return newState(w);
}

const credsOf = (body: string, action: string): Credentials => {
  const c = parseXml(body)[`${action}Response`][`${action}Result`].Credentials;
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
};
const errorOf = (body: string) => parseXml(body).ErrorResponse.Error as { Code: string; Message: string };
/** STS refused `r` with 403 AccessDenied in these words. */
const deniedSaying = (r: { status: number; body: string }, message: string) => {
  expect(r.status).toBe(403);
  expect(errorOf(r.body)).toMatchObject({ Code: 'AccessDenied', Message: message });
};
const passesHub = async (s: ReturnType<typeof newState>, creds: Credentials) =>
  outcome(await invoke(s, { path: '/prod/orders', host: apiHost('a1b2c3d4e5'), creds })) !== 'endpoint';
const mfa = (code = CODE, serial = DEVICE) => ({ SerialNumber: serial, TokenCode: code });

describe('MFA sessions in the sandbox', () => {
  it('GetSessionToken with the device’s code: the session carries aws:MultiFactorAuthPresent true; without: false', async () => {
    const s = mfaState();
    const withMfa = await query(s, 'sts', { Action: 'GetSessionToken', ...mfa() });
    expect(withMfa.status, withMfa.body).toBe(200);
    expect(await passesHub(s, credsOf(withMfa.body, 'GetSessionToken'))).toBe(true);
    const without = await query(s, 'sts', { Action: 'GetSessionToken' });
    expect(await passesHub(s, credsOf(without.body, 'GetSessionToken'))).toBe(false);
  });

  it('the session carries aws:MultiFactorAuthAge: seconds since it was issued', async () => {
    const s = mfaState({ NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } });
    const c = credsOf(
      (await query(s, 'sts', { Action: 'GetSessionToken', ...mfa() })).body,
      'GetSessionToken',
    );
    expect(await passesHub(s, c)).toBe(true);
    s.clockOffsetMs = 2 * 3600 * 1000;
    expect(await passesHub(s, c)).toBe(false);
  });

  // "The temporary credentials returned by AssumeRole do not include MFA information in the context, so
  // you cannot check individual API operations for MFA" (IAM User Guide, id_credentials_mfa_configure-api-require;
  // reproduced by the SDK's maintainers, aws/aws-sdk-java-v2#2554): the trust policy sees MFA, the session does not.
  it('AssumeRole with the device’s code: a trust policy asking for MFA lets it in; the session carries no MFA', async () => {
    const s = mfaState();
    const role = s.world.roles.CheckoutRole!;
    const trust = role.trustPolicy as { Statement: Record<string, unknown>[] };
    trust.Statement[0]!.Condition = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
    const s2 = newState(s.world);
    const ask = (extra: Record<string, string>) =>
      query(s2, 'sts', { Action: 'AssumeRole', RoleArn: CHECKOUT, RoleSessionName: 'mfa', ...extra });
    expect((await ask({})).status).toBe(403);
    const r = await ask(mfa());
    expect(r.status, r.body).toBe(200);
    expect(await passesHub(s2, credsOf(r.body, 'AssumeRole'))).toBe(false);
  });

  // A role assumed with an MFA GetSessionToken session: AWS's pages read two ways (the MFA page: "The
  // temporary credentials returned by AssumeRole do not include MFA information"; the global keys page:
  // the age counts "the number of seconds since the requesting principal was authorized using MFA"), and
  // the field measures the MFA carried (miquella/vaulted#43, Systanics/CloudGlance#31, zl4bv/aws-session-
  // credentials#10). The sandbox follows what is measured (docs/aws-behaviour.md §41); predictions keep both.
  const chainedFrom = async (s: ReturnType<typeof newState>, getToken: Record<string, string>) => {
    const session = credsOf(
      (await query(s, 'sts', { Action: 'GetSessionToken', ...getToken })).body,
      'GetSessionToken',
    );
    const r = await query(
      s,
      'sts',
      { Action: 'AssumeRole', RoleArn: CHECKOUT, RoleSessionName: 'chained' },
      session,
    );
    expect(r.status, r.body).toBe(200);
    return credsOf(r.body, 'AssumeRole');
  };
  it('a role assumed with an MFA GetSessionToken session carries its MFA; without MFA, none', async () => {
    const s = mfaState();
    expect(await passesHub(s, await chainedFrom(s, mfa()))).toBe(true);
    expect(await passesHub(s, await chainedFrom(s, {}))).toBe(false);
  });

  it('its aws:MultiFactorAuthAge counts from the GetSessionToken sign-in, not from the AssumeRole', async () => {
    const s = mfaState({ NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } });
    const session = credsOf(
      (await query(s, 'sts', { Action: 'GetSessionToken', ...mfa() })).body,
      'GetSessionToken',
    );
    s.clockOffsetMs = 50 * 60 * 1000;
    const r = await query(
      s,
      'sts',
      { Action: 'AssumeRole', RoleArn: CHECKOUT, RoleSessionName: 'chained' },
      session,
    );
    const role = credsOf(r.body, 'AssumeRole');
    expect(await passesHub(s, role)).toBe(true);
    // 70 minutes after the sign-in, 20 after the AssumeRole.
    s.clockOffsetMs = 70 * 60 * 1000;
    expect(await passesHub(s, role)).toBe(false);
  });

  // GetSessionToken: "You cannot call any IAM API operations unless MFA authentication information is
  // included in the request" (STS API reference); IAM answers such a call 403 InvalidClientTokenId "The
  // security token included in the request is invalid", as measured (99designs/aws-vault#15, #1056, #172;
  // the body in aws/aws-cli#8918). With MFA, or with the user's access keys, IAM judges the call by policy.
  it('IAM refuses a GetSessionToken session without MFA as an invalid token; with MFA it judges the user', async () => {
    const s = mfaState();
    const getRole = async (creds?: Credentials) =>
      errorOf((await query(s, 'iam', { Action: 'GetRole', RoleName: 'CheckoutRole' }, creds)).body);
    const session = async (extra: Record<string, string>) =>
      credsOf((await query(s, 'sts', { Action: 'GetSessionToken', ...extra })).body, 'GetSessionToken');
    expect(await getRole(await session({}))).toMatchObject({
      Code: 'InvalidClientTokenId',
      Message: 'The security token included in the request is invalid',
    });
    const byKeys = await getRole();
    expect(byKeys.Code).not.toBe('InvalidClientTokenId');
    expect((await getRole(await session(mfa()))).Code).toBe(byKeys.Code);
  });

  // STS's answer measured in the field (y13i/sgviz#9: "MultiFactorAuthentication failed, must provide
  // both MFA serial number and one time pass code. (Aws::STS::Errors::AccessDenied)").
  it.each([
    ['GetSessionToken', 'SerialNumber', {}],
    ['GetSessionToken', 'TokenCode', {}],
    ['AssumeRole', 'SerialNumber', { RoleArn: CHECKOUT, RoleSessionName: 'mfa' }],
  ])('%s with %s alone is AccessDenied asking for both, and no session', async (action, only, extra) => {
    const s = mfaState();
    const m = mfa() as Record<string, string>;
    const r = await query(s, 'sts', { Action: action, ...extra, [only]: m[only]! });
    deniedSaying(
      r,
      'MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.',
    );
  });

  it.each([
    ['GetSessionToken', {}],
    ['AssumeRole', { RoleArn: CHECKOUT, RoleSessionName: 'mfa' }],
  ])(
    '%s: a wrong code or another device is AccessDenied in STS’s words, and no session',
    async (action, extra) => {
      const s = mfaState();
      const wrong = await query(s, 'sts', { Action: action, ...extra, ...mfa('135790') });
      deniedSaying(wrong, 'MultiFactorAuthentication failed with invalid MFA one time pass code.');
      const other = await query(s, 'sts', {
        Action: action,
        ...extra,
        ...mfa(CODE, 'arn:aws:iam::111111111111:mfa/somebody-else'),
      });
      deniedSaying(
        other,
        'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.',
      );
    },
  );

  it.each([
    ['a code of five digits', mfa('12345'), "'tokenCode'"],
    ['a code with a letter', mfa('12345a'), "'tokenCode'"],
    ['a serial of 8 characters', mfa(CODE, 'GAHT1234'), "'serialNumber'"],
    ['a serial with a space', mfa(CODE, 'GAHT 12345678'), "'serialNumber'"],
  ])('GetSessionToken refuses %s (400 ValidationError)', async (_, extra, member) => {
    const s = mfaState();
    const r = await query(s, 'sts', { Action: 'GetSessionToken', ...extra });
    expect(r.status).toBe(400);
    expect(errorOf(r.body)).toMatchObject({
      Code: 'ValidationError',
      Message: expect.stringContaining(member),
    });
  });
});
