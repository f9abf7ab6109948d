// who-can --json over an adversarial grant (H14A): the hub lets in every account like
// "5555555555*"; the class is data (an account constraint of kind like with that pattern, the
// deciding statement) and its witness is of such an account. Before the fix no class listed them.
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { ordersWhoCanArgs } from './helpers.js';

interface Doc {
  classes: {
    constraints: { dimension: string; in: { matches?: { kind: string; value: string }[] }[] }[];
    statements: { sid?: string }[];
    witness: { principal: { kind: string; arn?: string } };
  }[];
}

describe('who-can --json over an account pattern', () => {
  it('a class with the account constraint like "5555555555*", the statement, and a witness of such an account', async () => {
    const { dir, args } = ordersWhoCanArgs('sg-adversarial-cli-', [
      {
        Sid: 'Like555',
        Effect: 'Allow',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: '*',
        Condition: { StringLike: { 'aws:PrincipalAccount': '5555555555*' } },
      },
    ]);
    const r = await runCli([...args, '--json'], { cwd: dir });
    expect(r.code, r.text).toBe(0);
    const doc = JSON.parse(r.out) as Doc;
    const like = doc.classes.filter((c) =>
      c.constraints.some(
        (k) =>
          k.dimension === 'account' &&
          k.in.some((i) => i.matches?.some((m) => m.kind === 'like' && m.value === '5555555555*')),
      ),
    );
    expect(like.length, r.out).toBeGreaterThan(0);
    for (const c of like) {
      expect(c.statements.map((s) => s.sid)).toContain('Like555');
      expect(c.witness.principal.arn).toMatch(/^arn:aws:(iam|sts)::5555555555\d\d:/);
    }
  });
});
