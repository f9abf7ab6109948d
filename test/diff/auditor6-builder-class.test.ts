// Issue 14 completeness, a suspected gap (lane K, 2026-12-02): in the sixth auditor world's whole
// diff (cfn-hub.yaml -> cfn-hub-after.yaml, dropping edge's GD1), Builder's own call (session
// build-1, POST /items on store, no trailing slash) flips deny -> allow through edge, and it was
// read as lying in no changed class: beside it stand a class of "other than role Builder …; session
// name is not build-1" (POST /items/ with a slash) and classes of other roles. It is not a gap: the
// class "role Builder at path /ci/ or role Operator at path /ops/, of account 710000000001; any
// session; route is neither matched by …/GET/* nor …/DELETE/*" (its witness is Builder's session
// on POST /items/) holds it, its route region being the one of `POST /items` (every POST pattern
// of the policies, the stage's own ARN included), on prod and on dev (the reader likely took the
// "session name is not build-1" class, of POST /items/ and of other roles, for Builder's). This
// pins that membership, read from each class's constraints (every region of a dimension as the
// atoms it matches), the engine's decision of the request on both sides, and, over every configured
// role and every route of store at prod, that a call lies in a class exactly when the engine
// decides it differently on the two sides, and then in one of that very change.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Constraint, RegionData } from '../../src/analysis/index.js';
import { loadConfig } from '../../src/config/index.js';
import {
  decideCell,
  diffEveryEndpoint,
  loadDiffSetup,
  routableProbeCells,
  type CellSpec,
  type ClassChange,
} from '../../src/diff/index.js';
import { compileWildcard } from '../../src/policy/index.js';
import { ROOT } from '../harness/helpers.js';

const DIR = join(ROOT, 'test', 'fixtures', 'auditor6');
const config = loadConfig(join(DIR, 'spokegate.config.yaml'));
const sources = { before: join(DIR, 'cfn-hub.yaml'), after: join(DIR, 'cfn-hub-after.yaml') };
const BUILDER: CellSpec = { role: 'Builder', api: 'store', method: 'POST', path: '/items' };
/** Store's routes at prod, one plain path each (no trailing slash: one reading of the ARN). */
const ROUTES = ['GET /', 'GET /items', 'POST /items', 'GET /items/1', 'DELETE /items/1'];
const ORG = new Set(['710000000001', '720000000002']);
const STORE_ARN = 'arn:aws:execute-api:eu-west-3:720000000002:st0r3s6x6a';
type Atom = { kind: string; value: string };

/** A configured role's call as each dimension of a class reads it. */
function valuesOf(role: string, method: string, path: string, stage: string) {
  const r = config.roles[role]!;
  const arn = r.arn;
  const tags = r.tags ?? {};
  const values: Record<string, string | undefined> = {
    account: arn.split(':')[4]!,
    identity: arn.slice(arn.indexOf(':role/') + 1),
    session: r.sessionName,
    route: `${method}${path}`,
    addressing: 'private-dns',
    'context:aws:CurrentTime': new Date().toISOString(),
    'context:aws:EpochTime': String(Math.floor(Date.now() / 1000)),
  };
  for (const t of ['team', 'tier', 'owner']) values[`tag:${t}`] = tags[t];
  return { values, routeArn: `${STORE_ARN}/${stage}${`/${method}${path}`}` };
}
type Values = ReturnType<typeof valuesOf>;

/** Whether a value passes one atom of a region (as src/analysis's atoms test it). */
function holds(dimension: string, atom: Atom, v: string, routeArn: string): boolean {
  const slash = atom.value.indexOf('/');
  switch (atom.kind) {
    case 'equals':
      return v === atom.value;
    case 'like':
      // A Resource pattern tests the route's ARN; an aws:PrincipalArn pattern the ARN's rest.
      return compileWildcard(atom.value).test(dimension === 'route' ? routeArn : v);
    case 'member':
      return atom.value === 'o-sixth6org66' && ORG.has(v);
    case 'principal-type':
      return v.startsWith(`${atom.value}/`);
    case 'name':
      return v.startsWith(atom.value.slice(0, slash + 1)) && v.endsWith(`/${atom.value.slice(slash + 1)}`);
    case 'names':
      // A path's written forms every Resource matches alike (`GET//items,GET/%69tems`).
      return atom.value.split(',').includes(v);
    case 'number':
      return atom.value.startsWith('<')
        ? Number(v) < Number(atom.value.slice(1))
        : Number(v) === Number(atom.value);
    default:
      throw new Error(`atom kind ${atom.kind} not read here`);
  }
}

/**
 * Whether a request lies in a class: for every dimension the class constrains, the request's value
 * matches exactly the atoms of one of its `in` regions (among every atom the classes at that stage
 * name for the dimension), or of none of its `notIn` regions.
 */
function inClass(c: ClassChange, req: Values, atomsOf: Map<string, Atom[]>): boolean {
  const inRegion = (d: Constraint, r: RegionData) => {
    if (!(d.dimension in req.values)) throw new Error(`no value for dimension ${d.dimension}`);
    const v = req.values[d.dimension];
    if (r.absent) return v === undefined;
    if (v === undefined) return false;
    const named = new Set((r.matches ?? []).map((m) => `${m.kind}\0${m.value}`));
    return atomsOf
      .get(d.dimension)!
      .every((a) => holds(d.dimension, a, v, req.routeArn) === named.has(`${a.kind}\0${a.value}`));
  };
  return c.constraints.every((d) =>
    d.in ? d.in.some((r) => inRegion(d, r)) : !(d.notIn ?? []).some((r) => inRegion(d, r)),
  );
}

/**
 * Atoms the policies name that no class's constraints list: a class reads "tag tier is not like
 * "temp*", or absent" by the regions it holds (the empty value, any other, absent), so the region of
 * GD2's pattern is named by none (without it, Stocker's "temp" read as "any other value").
 */
const UNLISTED: Record<string, Atom[]> = { 'tag:tier': [{ kind: 'like', value: 'temp*' }] };

/** Every atom the classes name, per dimension, and the unlisted ones. */
function atomsOfClasses(classes: ClassChange[]): Map<string, Atom[]> {
  const atomsOf = new Map<string, Atom[]>(Object.entries(UNLISTED).map(([d, atoms]) => [d, [...atoms]]));
  for (const c of classes)
    for (const d of c.constraints) {
      const list = atomsOf.get(d.dimension) ?? [];
      for (const r of [...(d.in ?? []), ...(d.notIn ?? [])])
        for (const m of r.matches ?? [])
          if (!list.some((a) => a.kind === m.kind && a.value === m.value)) list.push(m);
      atomsOf.set(d.dimension, list);
    }
  return atomsOf;
}

// The whole world's diff as the CLI runs it over its probes, with Builder's call through edge added.
const probes = routableProbeCells(config).cells;
const result = diffEveryEndpoint(config, sources, (e) => (e === 'edge' ? [...probes, BUILDER] : probes));
const storeAt = (stage: string) =>
  result.classes.filter((c) => c.api === 'store' && c.endpoint === 'edge' && c.stages.includes(stage));

describe('the sixth auditor’s whole diff: Builder’s own POST /items through edge lies in a changed class', () => {
  it('the engine decides it deny before and allow after, and the diff reports the cell so', () => {
    const setup = loadDiffSetup(config, sources, {
      endpoint: 'edge',
      cells: [BUILDER],
      idOnly: true,
      classes: false,
    });
    const cell = setup.cells[0]!;
    expect(cell.request.principal).toMatchObject({
      sessionArn: 'arn:aws:sts::710000000001:assumed-role/Builder/build-1',
    });
    expect(decideCell(cell, setup.before).decision).toBe('deny');
    expect(decideCell(cell, setup.after).decision).toBe('allow');
    expect(result.changes.map((c) => `${c.role} ${c.endpoint} ${c.before} -> ${c.after}`)).toContain(
      'Builder edge deny -> allow',
    );
  });

  it.each(['prod', 'dev'])(
    'at %s one class holds it: Builder or Operator of 710, any session, deny -> allow',
    (stage) => {
      const store = storeAt(stage);
      const holding = store.filter((c) =>
        inClass(c, valuesOf('Builder', 'POST', '/items', stage), atomsOfClasses(store)),
      );
      expect(holding.map((c) => `${c.before} -> ${c.after}: ${c.description}`)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^deny -> allow: stage "${stage}": role "Builder" at path /ci/ or role "Operator" at path /ops/, of account 710000000001; any session; route is (neither|not) matched by `,
          ),
        ),
      ]);
      expect(holding[0]!.witness.principal).toMatchObject({
        arn: 'arn:aws:iam::710000000001:role/ci/Builder',
        sessionName: 'build-1',
      });
      // The classes whose words name build-1 ("session name is not") leave Builder out by name.
      for (const c of store.filter((x) => /session name is not "build-1"/.test(x.description)))
        expect(c.description).toMatch(/other than role "Builder" at path \/ci\//);
    },
  );

  // Completeness and soundness over every configured role and every route of store at prod (plain
  // paths): a call the engine decides differently on the two sides lies in a class of exactly that
  // change, and a call it decides alike lies in no class.
  it('every configured role’s call to a route of store at prod: in a class exactly when it changes', () => {
    const specs = Object.keys(config.roles).flatMap((role) =>
      ROUTES.map((r) => ({
        role,
        api: 'store',
        method: r.slice(0, r.indexOf(' ')),
        path: r.slice(r.indexOf(' ') + 1),
      })),
    );
    const setup = loadDiffSetup(config, sources, {
      endpoint: 'edge',
      cells: specs,
      idOnly: true,
      classes: false,
    });
    const store = storeAt('prod');
    const atomsOf = atomsOfClasses(store);
    const seen: string[] = [];
    for (const cell of setup.cells) {
      const b = decideCell(cell, setup.before).decision;
      const a = decideCell(cell, setup.after).decision;
      const holding = store.filter((c) =>
        inClass(c, valuesOf(cell.role, cell.method, cell.path, 'prod'), atomsOf),
      );
      seen.push(
        `${cell.role} ${cell.method} ${cell.path}: ${b} -> ${a}; ${holding.map((c) => `${c.before} -> ${c.after}`).join(', ')}`,
      );
    }
    const expected = setup.cells.map((cell) => {
      const b = decideCell(cell, setup.before).decision;
      const a = decideCell(cell, setup.after).decision;
      return `${cell.role} ${cell.method} ${cell.path}: ${b} -> ${a}; ${b === a ? '' : `${b} -> ${a}`}`;
    });
    expect(seen).toEqual(expected);
    // The change is GD1's: POST /items opens to Builder and Operator alone among the roles.
    expect(seen.filter((s) => !s.endsWith('; '))).toEqual([
      'Operator POST /items: deny -> allow; deny -> allow',
      'Builder POST /items: deny -> allow; deny -> allow',
    ]);
  });
});

// A real gap, found beside the above: the classes took the roles' identity policies and permissions
// boundaries from the diff's cells alone, so a configured role no cell names (a feature file that
// calls through edge as Operator only) was decided as an unknown caller without its boundary. GD1's
// NotPrincipal then spared Builder's session (a boundary makes it apply whatever it names), so its
// POST /items was allowed-if-identity before and after: a change in no class. And Clerk's POST
// /items read "deny -> allow" by S2 (its role ARN) with no boundary limiting it: a false grant.
describe('the classes read every configured role’s stated policies, not only the cells’ roles', () => {
  it('with Operator’s cell alone, Builder’s POST /items is in a deny -> allow class; Clerk’s in none', () => {
    const only = diffEveryEndpoint(config, sources, (e) =>
      e === 'edge' ? [{ role: 'Operator', api: 'store', method: 'POST', path: '/items' }] : [],
    );
    const store = only.classes.filter(
      (c) => c.api === 'store' && c.endpoint === 'edge' && c.stages.includes('prod'),
    );
    const atomsOf = atomsOfClasses(store);
    const holding = (role: string) =>
      store
        .filter((c) => inClass(c, valuesOf(role, 'POST', '/items', 'prod'), atomsOf))
        .map((c) => `${c.before} -> ${c.after}`);
    expect(holding('Builder')).toEqual(['deny -> allow']);
    expect(holding('Clerk')).toEqual([]);
  });
});
