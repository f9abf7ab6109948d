// Diff by classes: a change that opens the endpoint to a new account is a grant even when every
// configured cell stays the same.
import { describe, expect, it } from 'vitest';
import { witnessText, type AnalysisRequest } from '../../src/analysis/index.js';
import { CONFIG, cli, diffOpening, endpointPlan } from './helpers.js';

const OPEN_TO_555 = {
  Sid: 'PartnerAccount',
  Effect: 'Allow',
  Principal: { AWS: '555555555555' },
  Action: 'execute-api:Invoke',
  Resource: 'arn:aws:execute-api:us-west-2:*:*/*',
};

describe('spokegate diff by classes', () => {
  it('a plan that opens the endpoint to a new account exits 1 though no configured cell flips', async () => {
    const plan = endpointPlan((s) => [...s, OPEN_TO_555]);
    const r = await cli(['diff', '--plan', plan, '--config', CONFIG, '--format', 'json']);
    const doc = JSON.parse(r.out) as {
      changes: unknown[];
      classes: {
        change: string;
        api: string;
        description: string;
        statements: { sid?: string }[];
        witness: { principal: { arn?: string } };
      }[];
    };
    expect(doc.changes).toEqual([]);
    const grants = doc.classes.filter((c) => c.change === 'grant');
    expect(grants.length).toBeGreaterThan(0);
    for (const g of grants) {
      expect(g.description).toMatch(/555555555555/);
      expect(g.statements.map((s) => s.sid)).toContain('PartnerAccount');
      expect(g.witness.principal.arn).toMatch(/^arn:aws:iam::555555555555:(role\/|root$)/);
    }
    expect(r.code).toBe(1);
    expect((await cli(['diff', '--plan', plan, '--config', CONFIG, '--fail-on', 'none'])).code).toBe(0);
  });

  // An unconfigured principal's identity policies are not known: who-can calls a class it lets in
  // "if its identity policy allows"; the diff read the same principals as if nothing were
  // evaluated, so a grant that needs their identity policies (an account grant across accounts)
  // read as unconditional.
  it('a grant that needs the principal\'s unknown identity policies says so ("if its identity policy allows"), as who-can does', async () => {
    const plan = endpointPlan((s) => [...s, OPEN_TO_555]);
    const doc = JSON.parse(
      (await cli(['diff', '--plan', plan, '--config', CONFIG, '--format', 'json'])).out,
    ) as { classes: { change: string; description: string; after: string; witness: AnalysisRequest }[] };
    const grants = doc.classes.filter((c) => c.change === 'grant');
    const of = (kind: string) => grants.filter((g) => g.witness.principal.kind === kind);
    expect(of('role').length, grants.map((g) => g.description).join('\n')).toBeGreaterThan(0);
    for (const g of of('role')) {
      expect(g.description).toMatch(/; if its identity policy allows \(not known to spokegate\)/);
      expect(g.after).toBe('allow-if-identity-allows');
    }
    // The account root holds every permission of its account: its grant is unconditional.
    expect(of('root').length).toBeGreaterThan(0);
    for (const g of of('root')) {
      expect(g.description).not.toMatch(/identity policy/);
      expect(g.after).toBe('allow');
    }
  });

  it('the pull-request comment lists the classes first, with witnesses', async () => {
    const plan = endpointPlan((s) => [...s, OPEN_TO_555]);
    const r = await cli(['diff', '--plan', plan, '--config', CONFIG, '--format', 'md']);
    expect(r.code).toBe(1);
    const byClass = r.out.indexOf('#### ⚠️ New access by class');
    expect(byClass).toBeGreaterThan(0);
    expect(r.out.slice(byClass)).toMatch(
      /any role, IAM user or federated user whose account is "555555555555".*if its identity policy allows.*arn:aws:iam::555555555555:/,
    );
    expect(r.out).toMatch(/No cell changes its decision\./);
  });

  it('a change that only narrows has no class grant and passes --fail-on grant', async () => {
    const plan = endpointPlan((s) => s.slice(0, 1));
    const r = await cli(['diff', '--plan', plan, '--config', CONFIG, '--format', 'json']);
    const doc = JSON.parse(r.out) as { classes: { change: string }[] };
    expect(doc.classes.length).toBeGreaterThan(0);
    expect(doc.classes.every((c) => c.change === 'revocation')).toBe(true);
    expect(r.code).toBe(0);
  });

  // Hidden-style openings: a principal no configured role resembles gets through the endpoint.
  const opening = (sid: string, principal: object, condition: object) => ({
    Sid: sid,
    Effect: 'Allow',
    ...principal,
    Action: 'execute-api:Invoke',
    Resource: 'arn:aws:execute-api:us-west-2:*:*/*',
    Condition: condition,
  });
  it.each([
    [
      'an account with a tag',
      opening(
        'Tagged',
        { Principal: { AWS: '555555555555' } },
        { StringEquals: { 'aws:PrincipalTag/team': 'analytics' } },
      ),
      /account is "555555555555".*tag team is "analytics"/,
      /aws:PrincipalTag\/team=analytics/,
    ],
    [
      'a session-name pattern',
      opening('BreakGlass', { Principal: '*' }, { StringLike: { 'aws:userid': 'AROA*:break-glass-*' } }),
      /session name is like "break-glass-\*"/,
      /session break-glass-/,
    ],
    [
      'an ArnLike on a path',
      opening('Ops', { Principal: '*' }, { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ops/*' } }),
      /like "arn:aws:iam::\*:role\/ops\/\*"/,
      /:role\/ops\//,
    ],
    [
      'a NotPrincipal gap',
      // Written as AWS recommends (NotPrincipal with Allow is refused: SG026).
      opening(
        'AllBut',
        { Principal: '*' },
        {
          StringEquals: { 'aws:PrincipalAccount': '666666666666' },
          ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::999999999999:root' },
        },
      ),
      /666666666666/,
      /arn:aws:iam::666666666666:/,
    ],
    [
      'an organization path',
      opening(
        'Ou',
        { Principal: '*' },
        { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*' } },
      ),
      /organization path is like "o-a1b2c3d4e5\/r-ab12\/ou-ab12-11111111\/\*"/,
      /aws:PrincipalOrgPaths=o-a1b2c3d4e5\/r-ab12\/ou-ab12-11111111\//,
    ],
  ])(
    'opening the endpoint to %s is a class grant with a witness (exit 1), no configured cell flipping to a guess',
    async (_, statement, reads, witness) => {
      const { plan, code, doc } = await diffOpening(statement);
      // A configured role whose account's organization path the config does not state may be in
      // the OU: its cells become unknown, naming orgPaths (src/predict/org-paths.ts), never "deny".
      if (/aws:PrincipalOrgPaths/.test(JSON.stringify(statement))) {
        expect(doc.changes.length).toBeGreaterThan(0);
        for (const c of doc.changes) expect(c).toMatchObject({ before: 'deny', after: 'unknown' });
      } else expect(doc.changes).toEqual([]);
      const grant = doc.classes.find((c) => c.change === 'grant' && reads.test(c.description));
      expect(grant, doc.classes.map((c) => `${c.change}: ${c.description}`).join('\n')).toBeDefined();
      expect(grant!.statements.map((x) => x.sid)).toContain((statement as { Sid: string }).Sid);
      expect(witnessText(grant!.witness)).toMatch(witness);
      expect(code).toBe(1);
      const text = await cli(['diff', '--plan', plan, '--config', CONFIG]);
      expect(text.out).toMatch(reads);
      expect(text.code).toBe(1);
    },
  );
});
