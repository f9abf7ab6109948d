// Issue 12 (pass 19; docs/aws-behaviour.md §55): a Resource with a policy variable the path's written
// forms cannot hold (`…/GET/${aws:username}`: a user name holds no `/` and no `%`) matches `GET
// /entries/`, `GET //entries` or `GET /%65ntries` only in the normalised reading of its resource ARN.
// The search read it on the path as written alone, so user "entries" there was a kind of request no
// search found ("could not be searched": who-can exit 3 over attack run 16's C02, `Fn::Sub
// "${!aws:username}"`). The template is now read normalised on such a form, and the kinds decided.
import { describe, expect, it } from 'vitest';
import { decide, whoCan, type AnalysisRequest } from '../../src/analysis/index.js';
import { parseRouteSpec } from '../../src/routes/index.js';
import { servedOptions } from '../../src/harness/served.js';
import { INVOKE, ORG, smallWorld, userNameBesidePattern } from './helpers.js';

const API = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5';
const ROUTES = ['GET /entries', 'GET /{name}'];
// Each user reaches the path of its own name; outsiders never GET /entries (its forms asked).
const world = smallWorld(
  [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
  [
    { Effect: 'Allow', Principal: '*', Action: INVOKE, Resource: `${API}/prod/GET/\${aws:username}` },
    {
      Effect: 'Deny',
      Principal: '*',
      Action: INVOKE,
      Resource: `${API}/prod/GET/entries`,
      Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG } },
    },
  ],
  { routes: ROUTES.map((r) => ({ ...parseRouteSpec(r)!, authorizationType: 'AWS_IAM' })) },
);
const user = (account: string, name: string, path: string): AnalysisRequest => ({
  api: 'orders',
  principal: {
    kind: 'user',
    arn: `arn:aws:iam::${account}:user/${name}`,
    ...(account === '111111111111' ? { orgId: ORG } : {}),
  } as AnalysisRequest['principal'],
  method: 'GET',
  path,
});

describe('a Resource ${aws:username} over a path written another way', () => {
  const who = whoCan(world, servedOptions(world, ['orders']));

  it('leaves no kind of request of those forms unsearched', () => {
    const said = JSON.stringify(who.unknown);
    for (const form of ['GET /entries/', 'GET //entries', 'GET /%65ntries'])
      expect(said, form).not.toContain(`route ${form}`);
  });

  const rows: [string, string, string][] = [
    ['111111111111', 'entries', '/entries/'],
    ['111111111111', 'entries', '//entries'],
    ['111111111111', 'entries', '/%65ntries'],
    ['111111111111', 'other', '/entries/'],
    ['999999999999', 'entries', '/entries/'],
    ['999999999999', 'entries', '//entries'],
    ['111111111111', 'entries', '/entries'],
  ];
  it.each(rows)(
    'a user of %s named %s, GET %s: its class says what the engine says',
    (account, name, path) => {
      const req = user(account, name, path);
      const engine = decide(world, req).decision;
      expect(who.classOf(req)?.decision, JSON.stringify(who.unknown)).toBe(engine);
      if (engine === 'allow') expect(who.reportedClassesOf(req).length).toBeGreaterThan(0);
    },
  );

  it('the member named entries gets through GET /entries/ in the normalised reading alone, and says so', () => {
    expect(decide(world, user('111111111111', 'entries', '/entries/')).decision).toBe('allow');
    const twins = who.classes.filter(
      (c) => c.ifPathReading === 'normalised' && c.witness.path !== '/entries' && c.witness.method === 'GET',
    );
    expect(twins.map((c) => c.description).join('\n')).not.toBe('');
    for (const c of twins) expect(decide(world, c.witness).decision, c.description).toBe('allow');
  });
});

// Pass 20: the root, `GET /`, and its spelling `GET //` hold a user name neither as written (empty,
// `/`) nor normalised (empty): IAM user names have one character at least. Their kinds with the
// template matching were searched and not found, so who-can over attack run 16's C02 stayed exit 3.
describe('a Resource ${aws:username} over the root path', () => {
  const rootWorld = smallWorld(
    [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
    [{ Effect: 'Allow', Principal: '*', Action: INVOKE, Resource: `${API}/prod/GET/\${aws:username}` }],
    {
      routes: ['GET /', 'GET /entries'].map((r) => ({ ...parseRouteSpec(r)!, authorizationType: 'AWS_IAM' })),
    },
  );
  const who = whoCan(rootWorld, servedOptions(rootWorld, ['orders']));

  it('no kind of GET / or GET // is left unsearched: no user name makes it match', () => {
    const said = JSON.stringify(who.unknown);
    for (const form of ['GET /', 'GET //']) expect(said, form).not.toContain(`route ${form},`);
  });

  it.each([
    ['111111111111', 'entries', '/'],
    ['111111111111', 'entries', '//'],
    ['111111111111', 'entries', '/entries'],
  ])('a user of %s named %s, GET %s: its class says what the engine says', (account, name, path) => {
    const req = user(account, name, path);
    expect(who.classOf(req)?.decision, JSON.stringify(who.unknown)).toBe(decide(rootWorld, req).decision);
  });
});

// Pass 20: what was still unsearched said why. A Resource pattern's path written another way
// (`GET //entries/x`, a region of many paths) was where the template was read as written only, and
// some of its paths read normalised as one a user name matches (`//entries//` is `/entries`).
// Pass 21: the template is blind to every spelling of the served paths as written (writtenBlind), so
// each spelling is read as decide() reads it, the template on its normalised path: every kind is
// searched (who-can-template-spellings checks each request of a grid against decide()).
describe('a Resource ${aws:username} beside a pattern whose paths are written another way', () => {
  const w = userNameBesidePattern();
  const who = whoCan(w, servedOptions(w, ['orders']));

  it('no kind is left unsearched, and user entries gets through GET //entries// and GET //%65ntries/', () => {
    expect(who.unknown).toEqual([]);
    for (const path of ['//entries//', '//%65ntries/']) {
      const req = user('999999999999', 'entries', path);
      expect(decide(w, req).decision, path).toBe('allow');
      expect(who.classOf(req)?.decision, path).toBe('allow');
      expect(who.reportedClassesOf(req).length, path).toBeGreaterThan(0);
    }
  });
});

// Pass 20: who-can --path asks about one path, yet a class's witness was a request at another
// (`GET //prod/GET/OtherUser` for `--path //orders/`: the template's `*:*` took the API id, and the
// search kept any path the narrowed route dimension put in its one region).
describe('who-can --path over a Resource ${aws:username}', () => {
  const asked = whoCan(world, { ...servedOptions(world, ['orders']), method: 'GET', path: '//entries' });

  it('every class is witnessed at the path asked', () => {
    expect(asked.classes.length).toBeGreaterThan(0);
    for (const c of asked.classes)
      expect(`${c.witness.method} ${c.witness.path}`, c.description).toBe('GET //entries');
  });
});
