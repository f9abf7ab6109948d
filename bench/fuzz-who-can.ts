// A developer's differential fuzzer for who-can (issues 10, 14; lane K, pass 21): small random worlds
// (Resource paths written other ways, `%XX`, `//`, `?`/`*` patterns, NotResource, policy variables,
// known and NONE routes) and random requests written other ways; each request's decide() is compared
// with the class who-can puts it in. Not a test of the suite: it still finds the known open cases
// (policy-variable Resources over spelled paths, docs/aws-behaviour.md §55; docs/limits.md).
//   npx tsx bench/fuzz-who-can.ts SEED WORLDS REQUESTS   each failing world, shrunk, and a count
//   COUNT=1 …                                            per failing world: how many requests are wrong
//   ONLY=i …                                             world i and every wrong request in it
//   npx tsx bench/fuzz-who-can.ts --one 'JSON'           one world ({stmts, routes?, none?, reqs}, API/
//                                                        for the API's ARN): its classes and each request
// "HARD": who-can answered (no unknown, exit 0) with a request in the wrong class; "soft": who-can said
// unknown but an allowed request is outside every allowed class.
import fc from 'fast-check';
import { decide, whoCan, type AnalysisRequest } from '../src/analysis/index.js';
import { matchRoute, parseRouteSpec, pathSegments } from '../src/routes/index.js';
import { servedOptions } from '../src/harness/served.js';
import { INVOKE, ORG, smallWorld } from '../test/analysis/helpers.js';

const API = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5';
const TAILS = [
  '/prod/GET/entries',
  '/prod/GET/entries/*',
  '/prod/GET/entries*',
  '/prod/GET/ent?ies',
  '/prod/*/entries',
  '/prod/GET//*',
  '/prod/GET/*/',
  '/prod/GET/%65ntries',
  '/prod/GET/entries%2F7',
  '/prod/GET/entries/%37',
  '/prod/GET/${aws:username}',
  '/prod/GET/entries/${aws:username}',
  '/prod/GET/${aws:PrincipalTag/team}/*',
  '/prod/GET/${aws:PrincipalTag/team}',
  '/prod/GET/docs/*/secret',
  '/prod/GET/*%*',
  '/prod/GET/*/secret',
  '/prod/GET/*ries',
  '/prod/GET/??',
  '/prod/GET/?/?',
  '/prod/GET/e*s/',
  '/prod/GET/entries//',
  '/prod/GET/*',
  '/*/GET/entries',
  '/prod/GET/docs/*',
  '/prod/GET/%64ocs/*',
  '/prod/GET/*7',
  '/prod/GET/a%25b',
  '/prod/GET/*%25*',
];
const ROUTES = [
  'GET /entries',
  'GET /entries/{id}',
  'GET /entries/{id}/secret',
  'GET /{name}',
  'GET /docs/{a}/{b}/secret',
  'GET /docs/{a}',
  'POST /entries',
  'GET /',
  'GET /{proxy+}',
];
const CONDS: (object | undefined)[] = [
  undefined,
  undefined,
  { StringNotEquals: { 'aws:PrincipalOrgID': ORG } },
  { StringEquals: { 'aws:PrincipalOrgID': ORG } },
  { StringEquals: { 'aws:PrincipalTag/team': 'entries' } },
  { StringLike: { 'aws:username': 'e*' } },
];
const PRINS: object[] = [{ Principal: '*' }, { Principal: '*' }, { Principal: { AWS: '999999999999' } }];

const statement = fc
  .record({
    effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
    not: fc.boolean(),
    notP: fc.integer({ min: 0, max: 4 }),
    res: fc.array(fc.constantFrom(...TAILS), { minLength: 1, maxLength: 2 }),
    cond: fc.constantFrom(...CONDS),
    pr: fc.constantFrom(...PRINS),
  })
  .map(({ effect, not, notP, res, cond, pr }) => ({
    Effect: effect,
    ...pr,
    Action: INVOKE,
    [not && notP === 0 ? 'NotResource' : 'Resource']: res.map((r) => API + r),
    ...(cond ? { Condition: cond } : {}),
  }));

const worldArb = fc.record({
  stmts: fc.array(statement, { minLength: 1, maxLength: 4 }),
  routes: fc.option(fc.subarray(ROUTES, { minLength: 1, maxLength: 4 }), { nil: undefined }),
  none: fc.boolean(),
});

const BASES = [
  '/entries',
  '/entries/7',
  '/entries/7/secret',
  '/docs/q/secret',
  '/docs/q/r/secret',
  '/docs/q',
  '/',
  '/e',
  '/a%b',
  '/7',
  '/ab',
  '/a/b',
  '/entries/%37',
];
function spell(path: string, changes: number[]): string {
  let p = path;
  for (const c of changes) {
    const kind = c % 6;
    const at = Math.floor(c / 6);
    if (kind === 0) p = `/${p}`;
    else if (kind === 1) p = `${p}/`;
    else if (kind === 2) {
      const spots = [...p].flatMap((ch, i) => (ch === '/' ? [i] : []));
      const i = spots[at % spots.length]!;
      p = `${p.slice(0, i)}/${p.slice(i)}`;
    } else if (kind === 3 || kind === 4) {
      // Letters and digits outside a %XX, and % itself (as %25).
      const spots = [...p].flatMap((ch, i) =>
        /[a-z0-9%]/.test(ch) && p[i - 1] !== '%' && p[i - 2] !== '%' ? [i] : [],
      );
      if (!spots.length) continue;
      const i = spots[at % spots.length]!;
      const hex = p.charCodeAt(i).toString(16);
      p = `${p.slice(0, i)}%${kind === 3 ? hex : hex.toUpperCase()}${p.slice(i + 1)}`;
    } else {
      const spots = [...p].flatMap((ch, i) => (ch === '/' && i > 0 ? [i] : []));
      if (!spots.length) continue;
      const i = spots[at % spots.length]!;
      p = `${p.slice(0, i)}%2F${p.slice(i + 1)}`;
    }
  }
  return p;
}
const NAMES = ['entries', 'docs', 'e', 'ab', '7', 'other', 'secret', 'entries7'];
const principalArb = fc.oneof(
  fc.constant({ kind: 'anonymous' as const }),
  fc
    .record({ acct: fc.constantFrom('111111111111', '999999999999'), name: fc.constantFrom(...NAMES) })
    .map(({ acct, name }) => ({
      kind: 'user' as const,
      arn: `arn:aws:iam::${acct}:user/${name}`,
      ...(acct === '111111111111' ? { orgId: ORG } : {}),
    })),
  fc
    .record({
      acct: fc.constantFrom('111111111111', '999999999999'),
      team: fc.option(fc.constantFrom(...NAMES), { nil: undefined }),
    })
    .map(({ acct, team }) => ({
      kind: 'role' as const,
      arn: `arn:aws:iam::${acct}:role/R`,
      sessionName: 's',
      ...(acct === '111111111111' ? { orgId: ORG } : {}),
      ...(team !== undefined ? { tags: { team } } : {}),
    })),
);
const reqArb = fc.record({
  principal: principalArb,
  method: fc.constantFrom('GET', 'GET', 'POST'),
  base: fc.constantFrom(...BASES),
  changes: fc.array(fc.nat(60), { maxLength: 3 }),
});

type W = { stmts: Record<string, unknown>[]; routes?: string[]; none: boolean };
function build(w: W) {
  const routes = w.routes?.map((r) => ({ ...parseRouteSpec(r)!, authorizationType: 'AWS_IAM' as const }));
  const world = smallWorld([{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }], w.stmts, {
    ...(routes ? { routes } : {}),
    ...(w.none ? { noneRoutes: ['GET /entries/{id}'] } : {}),
  });
  return { world, routes };
}
type Q = { principal: unknown; method: string; path: string };
/** The failures of world w over the requests: hard (exit 0) or soft, or 'refused'. */
function check(w: W, reqs: Q[]): { exact: boolean; bad: string[] } | 'refused' | 'invalid' {
  let b;
  try {
    b = build(w);
  } catch {
    return 'invalid';
  }
  const { world, routes } = b;
  let who;
  try {
    who = whoCan(world, servedOptions(world, ['orders']));
  } catch {
    return 'refused';
  }
  const exact = who.unknown.length === 0;
  const bad: string[] = [];
  for (const r of reqs) {
    if (routes && !matchRoute(routes, r.method, pathSegments(r.path))) continue;
    const req: AnalysisRequest = { api: 'orders', ...(r as Omit<AnalysisRequest, 'api'>) };
    let engine;
    try {
      engine = decide(world, req).decision;
    } catch {
      continue;
    }
    const cls = who.classOf(req);
    const reported = who.reportedClassesOf(req).length > 0;
    if (cls?.decision === engine && reported === (engine === 'allow')) continue;
    if (exact || engine === 'allow')
      bad.push(
        `${r.method} ${r.path} by ${JSON.stringify(r.principal)}: engine ${engine}, class ${cls?.decision ?? 'none'}, reported ${reported}`,
      );
  }
  return { exact, bad };
}
const failing = (w: W, reqs: Q[], hardOnly: boolean) => {
  const c = check(w, reqs);
  return typeof c === 'object' && c.bad.length > 0 && (!hardOnly || c.exact);
};
function shrink(w: W, reqs: Q[], hardOnly: boolean): { w: W; reqs: Q[] } {
  // One failing request first.
  const one = reqs.find((r) => failing(w, [r], hardOnly));
  if (one) reqs = [one];
  let changed = true;
  while (changed) {
    changed = false;
    const tries: W[] = [];
    for (let i = 0; i < w.stmts.length; i++) tries.push({ ...w, stmts: w.stmts.filter((_, j) => j !== i) });
    w.stmts.forEach((s, i) => {
      const key = 'Resource' in s ? 'Resource' : 'NotResource';
      const list = s[key] as string[];
      if (list.length > 1)
        for (let k = 0; k < list.length; k++)
          tries.push({
            ...w,
            stmts: w.stmts.map((t, j) => (j === i ? { ...t, [key]: list.filter((_, m) => m !== k) } : t)),
          });
      if ('Condition' in s) {
        const { Condition: _c, ...rest } = s;
        tries.push({ ...w, stmts: w.stmts.map((t, j) => (j === i ? rest : t)) });
      }
      if (JSON.stringify(s.Principal) !== '"*"')
        tries.push({ ...w, stmts: w.stmts.map((t, j) => (j === i ? { ...t, Principal: '*' } : t)) });
    });
    if (w.routes && w.routes.length > 1)
      for (let i = 0; i < w.routes.length; i++)
        tries.push({ ...w, routes: w.routes.filter((_, j) => j !== i) });
    if (w.none) tries.push({ ...w, none: false });
    for (const t of tries)
      if (t.stmts.length > 0 && failing(t, reqs, hardOnly)) {
        w = t;
        changed = true;
        break;
      }
  }
  return { w, reqs };
}

/** `--one`: one world's classes and its requests' decisions beside their classes. */
function one(json: string): void {
  const spec = JSON.parse(json.replaceAll('API/', `${API}/`)) as W & { reqs: Omit<AnalysisRequest, 'api'>[] };
  const { world } = build(spec);
  const who = whoCan(world, servedOptions(world, ['orders']));
  console.log('unknown', JSON.stringify(who.unknown));
  for (const c of who.classes)
    console.log(
      'CLASS',
      c.description.slice(0, 300),
      '|',
      c.witness.method,
      c.witness.path,
      c.ifPathReading ?? '',
    );
  for (const r of spec.reqs) {
    const req: AnalysisRequest = { api: 'orders', ...r };
    const cls = who.classOf(req);
    console.log(
      `${r.method} ${r.path} ${JSON.stringify(r.principal)}: engine ${decide(world, req).decision}, class ${cls?.decision ?? 'none'} (${cls?.description.slice(0, 200) ?? ''}), reported ${who.reportedClassesOf(req).length}`,
    );
  }
}

if (process.argv[2] === '--one') one(process.argv[3]!);
else fuzz();

function fuzz(): void {
  const seed = Number(process.argv[2] ?? 1);
  const worlds = Number(process.argv[3] ?? 50);
  const perWorld = Number(process.argv[4] ?? 300);
  const samples = fc.sample(worldArb, { numRuns: worlds, seed });
  let hard = 0;
  let soft = 0;
  let refused = 0;
  const seen = new Set<string>();
  for (const [wi, w] of samples.entries()) {
    const reqs: Q[] = fc
      .sample(reqArb, { numRuns: perWorld, seed: seed * 1000 + wi })
      .map((r) => ({ principal: r.principal, method: r.method, path: spell(r.base, r.changes) }));
    if (process.env.ONLY && String(wi) !== process.env.ONLY) continue;
    const c = check(w as W, reqs);
    if (process.env.ONLY && typeof c === 'object') {
      console.log(JSON.stringify(w).replaceAll(API, 'API'));
      for (const l of c.bad) console.log(l);
    }
    if (c === 'refused') refused++;
    if (typeof c !== 'object' || c.bad.length === 0) continue;
    if (c.exact) hard++;
    else soft++;
    if (process.env.COUNT) {
      const allow = c.bad.filter((l) => l.includes('engine allow')).length;
      console.log(`W${wi} ${c.exact ? 'exact' : 'unknown'} bad ${c.bad.length} allowed-wrong ${allow}`);
      continue;
    }
    const m = shrink(w as W, reqs, c.exact);
    const shown = JSON.stringify({
      stmts: m.w.stmts,
      routes: m.w.routes,
      none: m.w.none || undefined,
    }).replaceAll(API, 'API');
    const again = check(m.w, m.reqs);
    const line = typeof again === 'object' ? again.bad[0] : again;
    const key = shown;
    if (seen.has(key)) continue;
    seen.add(key);
    console.log(`\nW${wi} ${c.exact ? 'HARD' : 'soft'} (${c.bad.length} bad)\n  ${shown}\n  ${line}`);
  }
  console.log(`\nseed ${seed}: ${samples.length} worlds, hard ${hard}, soft ${soft}, refused ${refused}`);
}
