// Issue 14: class readings that misled. "account is one of "111111111111", a member of o-…, other"
// ("other" read as one more account), "ARN names one of a role, role "PaymentsRole"…" (kinds and
// names mixed), and a class of roles and federated users read through one another ("ARN names a
// role or federated user …; session name is …": the session is a role's, the name a federated user's).
import { describe, expect, it } from 'vitest';
import { whoCan } from '../../src/analysis/index.js';
import { demoWorld } from './helpers.js';
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
});
