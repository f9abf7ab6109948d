// who-can and diff over a policy whose outcome AWS's pages leave open for some request they search for
// (docs/aws-behaviour.md §31): the engine refuses to decide that request, and the command says so with
// exit 2 naming the condition, never a class decided by a guessed reading. (The search decides each
// condition alone in a one-statement probe policy, so the message names the probe's statement and the
// condition, not the policy file.)
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { INVOKE, ordersWhoCanArgs } from './helpers.js';

const allowAll = { Effect: 'Allow', Principal: '*', Action: INVOKE, Resource: '*' };

describe('who-can over a statement AWS leaves open', () => {
  it('a Deny NumericNotEquals on a tag (a tag may hold no number): exit 2 naming the condition', async () => {
    const { dir, args } = ordersWhoCanArgs('sg-who-undecided-', [
      allowAll,
      {
        Sid: 'LevelThree',
        Effect: 'Deny',
        Principal: '*',
        Action: INVOKE,
        Resource: '*',
        Condition: { NumericNotEquals: { 'aws:PrincipalTag/level': '3' } },
      },
    ]);
    const r = await runCli(args, { cwd: dir });
    expect(r.code, r.text).toBe(2);
    expect(r.err).toMatch(
      /NumericNotEquals "aws:PrincipalTag\/level": the request's ".*" is not a number: .*do not say which.*rule SG000/,
    );
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});
