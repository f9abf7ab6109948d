// Issue 14 (note14, "keys shown lower-case"): a key a policy reads as a policy variable was shown
// lower-case (`aws:referer=` in a witness, "aws:sourceip cannot be known offline", a tag `team` set
// by the search beside the policy's `Team`): keys compare lower-case, and the variable's parse kept
// only that. Each is now spelled as the policy writes it, in text, Markdown and JSON alike.
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { INVOKE, ordersWhoCanArgs } from './helpers.js';

const STATEMENTS = [
  {
    Effect: 'Allow',
    Principal: '*',
    Action: INVOKE,
    Resource: '*',
    Condition: { StringLike: { 'aws:PrincipalTag/Team': '${aws:Referer}*' } },
  },
  {
    Effect: 'Allow',
    Principal: '*',
    Action: INVOKE,
    Resource: 'arn:aws:execute-api:*:*:*/*/GET/x/${aws:PrincipalTag/Team}/${aws:SourceIp}',
  },
];
/** A key whose prefix is lower-cased (`aws:referer`, `aws:principaltag/`), as none is written. */
const LOWER_KEY = /aws:(?:referer|sourceip|principaltag)/;

describe('who-can spells each key as the policy writes it', () => {
  const { dir, args } = ordersWhoCanArgs('sg-key-spelling-', STATEMENTS);
  it.each(['text', 'md', 'json'])('--format %s', async (format) => {
    const r = await runCli([...args, '--format', format], { cwd: dir });
    // Exit 3: the Resource template is not blind to paths written another way (§55, pass 21 K2).
    expect(r.code, r.err).toBe(3);
    expect(r.out).toMatch(/aws:Referer/);
    expect(r.out).toMatch(/aws:SourceIp/);
    expect(r.out).not.toMatch(LOWER_KEY);
  });

  it('JSON: witnesses carry aws:Referer and the tag Team, never a lower-case twin', async () => {
    const r = await runCli([...args, '--json'], { cwd: dir });
    const doc = JSON.parse(r.out) as {
      classes: { witness: { context?: Record<string, string>; principal: { tags?: object } } }[];
      unknowable: { key: string }[];
    };
    expect(doc.unknowable.map((u) => u.key).sort()).toEqual(['aws:Referer', 'aws:SourceIp']);
    const keys = doc.classes.flatMap((c) => [
      ...Object.keys(c.witness.context ?? {}),
      ...Object.keys(c.witness.principal.tags ?? {}),
    ]);
    expect(keys).toContain('aws:Referer');
    expect(keys.filter((k) => k.toLowerCase() === 'team')).not.toContain('team');
  });
});
