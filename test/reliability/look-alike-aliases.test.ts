// Issue 12 (pass 18, lane C): two aliases of one kind that a reader sees as one name are refused
// (exit 2 naming both and the file), also when each is written in one script: a Cyrillic-only
// "СНЕСК" is Latin "CHECK" to the eye (Unicode's confusable skeleton, UTS #39), and a feature,
// a report or a pull-request comment would show two principals as one. Before, only an alias mixing
// scripts, or two equal once NFKC-normalised, were refused.
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { attackProject, CHECK, demoConfigCopies } from './attack-kit.js';

const project = attackProject('look-alike', 'LA');
const { copy } = demoConfigCopies(project);
const ROLE = (alias: string) =>
  `  "${alias}": { arn: 'arn:aws:iam::111111111111:role/BatchRole', identityPolicies: [policies/invoke-all.json] }`;
const API = (alias: string) => `  "${alias}": { id: e5f6a7b8c9, account: '222222222222', stage: prod }`;

/** [what, the text added under `roles:` or `apis:`, exit code, the field and the two aliases named]. */
const ROWS: [string, 'roles' | 'apis', string, number, RegExp?][] = [
  [
    'a Cyrillic-only role alias (СНЕСК) beside a Latin one (CHECK)',
    'roles',
    `${ROLE('CHECK')}\n${ROLE('\u0421\u041d\u0415\u0421\u041a')}`,
    2,
    /roles\.СНЕСК: .*"CHECK"/,
  ],
  [
    'a Greek-only role alias (ΑΒΕ) beside a Latin one (ABE)',
    'roles',
    `${ROLE('ABE')}\n${ROLE('\u0391\u0392\u0395')}`,
    2,
    /roles\.ΑΒΕ: .*"ABE"/,
  ],
  [
    'a Cyrillic-only API alias (рау) beside a Latin one (pay)',
    'apis',
    `${API('pay')}\n${API('\u0440\u0430\u0443')}`,
    2,
    /apis\.рау: .*"pay"/,
  ],
  // Two ASCII-only aliases are told apart by their code points, which a code font draws apart (rustc's
  // confusable_idents skips ASCII-only pairs: rust-lang/rfcs#2923, rust-lang/rust#55467); pass 20.
  ['two ASCII-only aliases, rn beside m (modem, modern)', 'roles', `${ROLE('modem')}\n${ROLE('modern')}`, 0],
  ['two ASCII-only aliases, 1 beside l (api1, apil)', 'apis', `${API('api1')}\n${API('apil')}`, 0],
  [
    'two ASCII-only aliases of one skeleton (modern, rnodern)',
    'roles',
    `${ROLE('modern')}\n${ROLE('rnodern')}`,
    0,
  ],
  [
    'two ASCII-only aliases, a capital I for an l (CheckoutRole, CheckoutRoIe: one stroke in a sans-serif font)',
    'roles',
    ROLE('CheckoutRoIe'),
    2,
    /roles\.CheckoutRole: .*"CheckoutRoIe"/,
  ],
  [
    'a Latin alias with a non-ASCII look-alike of an ASCII one (modern, ｍodern: a fullwidth m)',
    'roles',
    `${ROLE('modern')}\n${ROLE('\uff4dodern')}`,
    2,
    /roles\.ｍodern: .*"modern"/,
  ],
  [
    'a Cyrillic-only alias beside ASCII twins that are kept (rnodern, modern; CHECK, СНЕСК)',
    'roles',
    `${ROLE('rnodern')}\n${ROLE('modern')}\n${ROLE('CHECK')}\n${ROLE('\u0421\u041d\u0415\u0421\u041a')}`,
    2,
    /roles\.СНЕСК: .*"CHECK"/,
  ],
  [
    'two aliases in two scripts that do not look alike (orders, заказы)',
    'apis',
    `${API('\u0437\u0430\u043a\u0430\u0437\u044b')}`,
    0,
  ],
];

describe('aliases a reader sees as one name are refused, one script each or not', () => {
  for (const [what, kind, added, code, named] of ROWS) {
    it(what, async () => {
      const file = copy(
        `la-${ROWS.findIndex((r) => r[0] === what)}.yaml`,
        `\n${kind}:\n`,
        `\n${kind}:\n${added}\n`,
      );
      const r = await runCli([...CHECK('--config', file, '--reports', `r-${file}`)], {
        cwd: project.proj,
        env: project.env,
      });
      expect(r.code, r.err).toBe(code);
      if (named) expect(r.err).toMatch(new RegExp(`${file.replace('.', '\\.')}: line \\d+: ${named.source}`));
    });
  }
});
