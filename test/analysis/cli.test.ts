// `spokegate who-can` through the CLI shell (main), in-process, with the demo config and files.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { DEMO_CONFIG, demoEndpointPolicyText, taggedAccountStatement } from './helpers.js';

let dir: string;
let hub: string;

const cli = (...argv: string[]) => runCli(argv, { cwd: dir });
/** who-can on the demo config with the demo's endpoint policy, and `more`. */
const whoCan = (...more: string[]) =>
  cli('who-can', '--config', DEMO_CONFIG, '--endpoint-policy', hub, ...more);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sg-who-can-'));
  hub = join(dir, 'hub.json');
  writeFileSync(hub, demoEndpointPolicyText());
});

describe('spokegate who-can', () => {
  it('--json gives the classes as data, each with statements and a witness', async () => {
    const r = await whoCan('--api', 'orders', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as {
      endpoint: string;
      classes: {
        api: string;
        principal: string;
        description: string;
        statements: unknown[];
        witness: { method: string; path: string };
      }[];
      notes: string[];
    };
    expect(doc.endpoint).toBe('hub');
    expect(doc.classes.length).toBeGreaterThan(0);
    expect(doc.classes.every((c) => c.api === 'orders' && c.statements.length > 0)).toBe(true);
    expect(doc.classes.find((c) => c.principal === 'anonymous')?.witness).toMatchObject({
      method: 'GET',
      path: '/health',
    });
    expect(doc.notes.join('\n')).toMatch(/identity policies are known only for the configured roles/);
  });

  it('--format md is a pull-request comment; --method/--path narrow the question', async () => {
    const r = await whoCan('--api', 'payments', '--method', 'POST', '--path', '/payments', '--format', 'md');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^### spokegate: who can get through `hub`/);
    expect(r.out).toMatch(/role arn:aws:iam::111111111111:role\/CheckoutRole/);
    expect(r.out).toMatch(/PaymentsRole/);
    expect(r.out).not.toMatch(/anonymous/);
  });

  it('text lists each class with its deciding statements and witness', async () => {
    const r = await whoCan('--api', 'orders');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /- any stage: anonymous \(unsigned\); route is GET \/health \(authorization NONE\)\n\s+allowed by endpoint:hub\[1\] \(Sid "AllowHealthChecks"\), resource:orders\[1\] \(Sid "AllowHealth"\)\n\s+witness: anonymous: GET \/health on orders stage prod/,
    );
  });

  it('a principal no configured role resembles (an account with a tag), in words, as data and in Markdown', async () => {
    const tagged = taggedAccountStatement('Tagged555');
    const hubDoc = JSON.parse(demoEndpointPolicyText()) as { Statement: object[] };
    const file = join(dir, 'tagged-hub.json');
    writeFileSync(file, JSON.stringify({ ...hubDoc, Statement: [...hubDoc.Statement, tagged] }));
    const orders = join(dir, 'tagged-orders.json');
    writeFileSync(orders, JSON.stringify({ Version: '2012-10-17', Statement: [tagged] }));
    const base = [
      'who-can',
      '--config',
      DEMO_CONFIG,
      '--endpoint-policy',
      file,
      '--resource-policy',
      `orders=${orders}`,
      '--api',
      'orders',
    ];
    const text = await cli(...base);
    expect(text.code, text.text).toBe(0);
    expect(text.out).toMatch(
      /- any stage: any role, IAM user or federated user whose account is "555555555555"; any session; route is not (?:GET \/health|GET \/health \(authorization NONE\)|matched by Resource "arn:aws:execute-api:us-west-2:\*:\*\/prod\/GET\/health"); tag team is "analytics"; if its identity policy allows \(not known to spokegate\)\n\s+allowed by .*Sid "Tagged555".*\n\s+witness: arn:aws:iam::555555555555:role\/\S+ session \S+, aws:PrincipalTag\/team=analytics: /,
    );
    const json = JSON.parse((await cli(...base, '--json')).out) as {
      classes: {
        ifIdentityAllows?: boolean;
        constraints: { dimension: string; in?: unknown[] }[];
        witness: { principal: { arn: string; tags?: Record<string, string> } };
      }[];
    };
    const c = json.classes.find(
      (x) => x.ifIdentityAllows && x.witness.principal.arn.includes(':555555555555:'),
    )!;
    expect(c.ifIdentityAllows).toBe(true);
    expect(c.constraints).toContainEqual({
      dimension: 'account',
      label: 'account',
      in: [{ matches: [{ kind: 'equals', value: '555555555555' }] }],
    });
    expect(c.constraints).toContainEqual({
      dimension: 'tag:team',
      label: 'tag team',
      in: [{ matches: [{ kind: 'equals', value: 'analytics' }] }],
    });
    expect(c.witness.principal.tags).toEqual({ team: 'analytics' });
    const md = await cli(...base, '--format', 'md');
    expect(md.out).toMatch(
      /\| orders \| any stage: any role, IAM user or federated user whose account is "555555555555";.*tag team is "analytics".* \| .*Tagged555.* \| arn:aws:iam::555555555555:role\/\S+ session/,
    );
  });

  it('bad input exits 2 with the field named', async () => {
    expect(await whoCan('--api', 'nope')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/unknown API alias "nope" \(known: orders, /),
    });
    expect(await whoCan('--path', 'orders')).toMatchObject({ code: 2, err: expect.stringMatching(/--path/) });
    // The demo config reads the endpoint policy from EC2: offline it must come from a file.
    expect(await cli('who-can', '--config', DEMO_CONFIG)).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--endpoint-policy/),
    });
  });

  it('--path (and --method) must reach a route of the API asked about: exit 2 naming it and the known ones', async () => {
    const typo = await whoCan('--api', 'orders', '--path', '/ordres');
    expect(typo.code, typo.text).toBe(2);
    expect(typo.err).toMatch(
      /--path: path "\/ordres" \(with any method\) does not exist on API "orders"; its routes: GET \/, GET \/orders, .* \(from apis\.orders\.routes\)/,
    );
    expect(typo.out).toBe('');
    const verb = await whoCan('--api', 'orders', '--method', 'PUT', '--path', '/orders/7');
    expect(verb.code, verb.text).toBe(2);
    expect(verb.err).toMatch(/route "PUT \/orders\/7" does not exist on API "orders"/);
  });

  it('--method alone must be a verb some route of the API has', async () => {
    const r = await whoCan('--api', 'payments', '--method', 'DELETE');
    expect(r.code, r.text).toBe(2);
    expect(r.err).toMatch(
      /--method: method "DELETE" \(on any path\) does not exist on API "payments"; its routes: GET \/, /,
    );
    expect((await whoCan('--method', 'DELETE')).code).toBe(0); // orders has DELETE /orders/{id}
  });

  it('without --api, a --path no API serves is exit 2; one that some API serves is answered', async () => {
    const none = await whoCan('--path', '/nowhere');
    expect(none.code, none.text).toBe(2);
    expect(none.err).toMatch(/path "\/nowhere" \(with any method\) does not exist on any API: /);
    expect(none.err).toMatch(/API "inventory"; its routes: GET \/, GET \/items/);
    const some = await whoCan('--method', 'GET', '--path', '/items');
    expect(some.code, some.text).toBe(0);
    expect(some.out).toMatch(/InventoryRole/);
  });

  it('--mode sandbox checks --path against what the stage serves (its deployment)', async () => {
    const r = await cli(
      'who-can',
      '--mode',
      'sandbox',
      '--config',
      DEMO_CONFIG,
      ...['--api', 'orders', '--path', '/ordres'],
    );
    expect(r.code, r.text).toBe(2);
    expect(r.err).toMatch(
      /--path: path "\/ordres" \(with any method\) does not exist on API "orders"; its routes: .*GET \/orders.* \(from deployment \w+ of stage "prod", GetDeployment a1b2c3d4e5\)/,
    );
  });
});
