// Issue 12 (pass 18, lane C): the refusal of more than 256 wildcard patterns over one dimension,
// through main(), names the file and the statement that write them: patterns of Resource (the
// path, the stage) named no statement and, by a fallback, the endpoint policy's file first even
// when the API's resource policy wrote them all; and the message said an aws:userid value makes
// the patterns.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { attackProject, whoCanOf } from './attack-kit.js';

const project = attackProject('pattern-refusals', 'PR');
const API = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5';
const N = 257;
const ORDERS_POLICY = readFileSync(project.at('policies/orders-resource-policy.json'), 'utf8');
const allow = (more: Record<string, unknown>) => ({
  Version: '2012-10-17',
  Statement: [{ Sid: 'Many', Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', ...more }],
});
const resources = (f: (i: number) => string) =>
  allow({ Resource: Array.from({ length: N }, (_, i) => f(i)) });

/** [what, the policy, written as the endpoint's (hub) or the orders API's resource policy, the words]. */
const ROWS: [string, unknown, 'endpoint' | 'resource', RegExp][] = [
  [
    'stage patterns in the endpoint policy',
    resources((i) => `${API}/s${i}*/GET/x`),
    'endpoint',
    /Statement\[0\] \(Sid "Many"\) Resource: the policies split the stage by 257 wildcard patterns \(257 of them here\)/,
  ],
  [
    'path patterns in the endpoint policy',
    resources((i) => `${API}/prod/GET/x${i}/*`),
    'endpoint',
    /Statement\[0\] \(Sid "Many"\) Resource: the policies split the path by \d+ wildcard patterns \(257 of them here\)/,
  ],
  [
    'path patterns in the API’s resource policy: that file, not the endpoint’s',
    resources((i) => `execute-api:/prod/GET/x${i}/*`),
    'resource',
    /Statement\[0\] \(Sid "Many"\) Resource: the policies split the path/,
  ],
  [
    'principal patterns (aws:PrincipalArn) in a condition',
    allow({
      Resource: '*',
      Condition: {
        ArnLike: {
          'aws:PrincipalArn': Array.from({ length: N }, (_, i) => `arn:aws:iam::111111111111:role/r${i}*`),
        },
      },
    }),
    'endpoint',
    /Statement\[0\] \(Sid "Many"\) Condition ArnLike aws:PrincipalArn: the policies split the principal/,
  ],
];

describe('a refusal of too many wildcard patterns names the file and the statement', () => {
  ROWS.forEach(([what, policy, where, words], i) => {
    it(what, async () => {
      const file = project.json(`p-${i}.json`, policy);
      const args =
        where === 'endpoint'
          ? whoCanOf(file)
          : (project.json('policies/orders-resource-policy.json', policy), whoCanOf('hub.json'));
      const r = await runCli(args, { cwd: project.proj, env: project.env });
      project.write('policies/orders-resource-policy.json', ORDERS_POLICY);
      expect(r.code, r.err).toBe(2);
      const named = where === 'endpoint' ? file : 'policies/orders-resource-policy.json';
      expect(r.err).toMatch(new RegExp(`^spokegate: \\S*${named.replace('.', '\\.')}: ${words.source}`, 'm'));
      expect(r.err).not.toContain('(an aws:userid value makes one per wildcard)');
    });
  });
});
