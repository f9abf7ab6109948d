// Issue 14: class readings that misled. "account is one of "111111111111", a member of o-…, other"
// ("other" read as one more account), "ARN names one of a role, role "PaymentsRole"…" (kinds and
// names mixed), and a class of roles and federated users read through one another ("ARN names a
// role or federated user …; session name is …": the session is a role's, the name a federated user's).
import { describe, expect, it } from 'vitest';
import { whoCan, type AnalysisRequest, type RequestPrincipal } from '../../src/analysis/index.js';
import { ANY_ORDERS, demoWorld, INVOKE, smallWorld } from './helpers.js';
import { TRICKY } from './tricky.js';

describe('who-can readings', () => {
  it('the demo world: "any other account", never a bare "other"; no kind read as a name', async () => {
    const text = whoCan(await demoWorld())
      .classes.map((c) => c.description)
      .join('\n');
    expect(text).toMatch(/account is one of "111111111111", a member of o-a1b2c3d4e5, any other account/);
    expect(text).not.toMatch(/, other\b(?! than)|is other\b/);
    expect(text).not.toMatch(/ARN names (one of )?a role\b|an IAM user,/);
    expect(text).toMatch(
      /any role whose account is "333333333333", other than role "PaymentsRole" at path \//,
    );
  });

  it('a session-name pattern that federated users match by their name: one class per kind', () => {
    const text = whoCan(TRICKY.sessionPattern!)
      .classes.map((c) => c.description)
      .join('\n');
    expect(text).toMatch(/^any role; session name is like "break-glass-\*"; any method and path/m);
    expect(text).toMatch(/^any federated user whose name is like "break-glass-\*"; any method and path/m);
    expect(text).not.toMatch(/role or federated user|federated user like "federated-user\//);
  });

  it('the class of one request (the raw partition the completeness test asks) reads its own kind alone', () => {
    const who = whoCan(TRICKY.sessionPattern!);
    const at = (principal: RequestPrincipal): AnalysisRequest => ({
      api: 'orders',
      principal,
      method: 'GET',
      path: '/',
    });
    const role = who.classOf(
      at({ kind: 'role', arn: 'arn:aws:iam::555555555555:role/Any', sessionName: 'break-glass-1' }),
    )!;
    expect(role.decision).toBe('allow');
    expect(role.description).toMatch(
      /^any role whose account is not "111111111111"; session name is like "break-glass-\*"/,
    );
    const federated = who.classOf(
      at({ kind: 'federated-user', arn: 'arn:aws:sts::555555555555:federated-user/break-glass-1' }),
    )!;
    expect(federated.decision).toBe('allow');
    expect(federated.description).toMatch(
      /^any federated user whose account is not "111111111111" and name is like "break-glass-\*"/,
    );
    // A federated user the pattern does not fit is decided as IAM users and roots are: its class
    // read all three kinds through one another ("any IAM user, account root or federated user whose
    // ARN names neither a role nor federated user like …").
    const bob = who.classOf(
      at({ kind: 'federated-user', arn: 'arn:aws:sts::555555555555:federated-user/bob' }),
    )!;
    expect(bob.description).toMatch(
      /^any federated user whose name is not like "break-glass-\*"; any method and path$/,
    );
    for (const c of [role, federated, bob])
      expect(c.description).not.toMatch(
        /role or federated user|IAM user, account root|ARN names neither a role/,
      );
  });

  it('roles of a kind but some read as an auditor would: "other than …", ARN patterns as ARNs', () => {
    const ops = whoCan(TRICKY.arnLikePath!);
    const text = ops.classes.map((c) => c.description).join('\n');
    expect(text).toMatch(/^any role with an ARN like "arn:aws:iam::\*:role\/ops\/\*"; any session/m);
    expect(text).toMatch(
      /^role "CheckoutRole" at path \/ or any role with an ARN like "arn:aws:iam::\*:role\/ops\/\*", of account 111111111111; /m,
    );
    const other = ops.classOf({
      api: 'orders',
      principal: { kind: 'role', arn: 'arn:aws:iam::555555555555:role/X', sessionName: 's1' },
      method: 'GET',
      path: '/',
    })!;
    expect(other.description).toMatch(
      /^any role whose account is not "111111111111", other than roles with an ARN like "arn:aws:iam::\*:role\/ops\/\*"/,
    );
    // Three roles a Deny names together: "other than the 3 roles …", never "one of any other role, …".
    const three = whoCan(
      smallWorld(
        [
          { Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: INVOKE, Resource: ANY_ORDERS },
          {
            Effect: 'Deny',
            Principal: { AWS: ['A', 'B', 'C'].map((n) => `arn:aws:iam::111111111111:role/${n}`) },
            Action: INVOKE,
            Resource: ANY_ORDERS,
          },
        ],
        [{ Effect: 'Allow', Principal: '*', Action: INVOKE, Resource: ANY_ORDERS }],
      ),
    );
    const all = three.classes.map((c) => c.description).join('\n');
    expect(all).toMatch(
      /any role whose account is "111111111111", other than the 3 roles the policies name together \("\/A", "\/B", "\/C"\)/,
    );
    expect(all).not.toMatch(/one of any other|other than like|ARN names/);
  });
});
