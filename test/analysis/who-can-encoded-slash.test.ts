// Issue 14 (pass 17): the search for policy variables finds witnesses, not only rules kinds out. A
// path parameter may hold an encoded `/` (`%2F`): API Gateway routes `GET /files/x%2Fy` to
// `GET /files/{name}`, and under the decoded reading of the resource ARN (docs/aws-behaviour.md
// §5c, §33) the ARN holds `files/x/y`. A kind of request whose route needs a `/` inside a parameter
// (a Resource `*/*/GET/files/${…}` matching where the API's own `…/prod/GET/files/${…}` does not)
// was reported "could not be searched" (exit 3, as the seventh auditor's atlas); now the search
// builds that request, and the engine decides it.
import { describe, expect, it } from 'vitest';
import { decide, whoCan, type AnalysisRequest } from '../../src/analysis/index.js';
import { parseRouteSpec } from '../../src/routes/index.js';
import { servedOptions } from '../../src/harness/served.js';
import { ORDERS } from './hidden-style.js';
import { INVOKE, smallWorld } from './helpers.js';

const stmt = (Sid: string, Effect: string, Resource: string) => ({
  Sid,
  Effect,
  Principal: '*',
  Action: INVOKE,
  Resource,
});
const routes = (list: string[]) => ({
  routes: list.map((r) => ({ ...parseRouteSpec(r)!, authorizationType: 'AWS_IAM' as const })),
});
const TEMPLATE = '${aws:PrincipalTag/team}';

/** Rows: name, resource statements; the endpoint lets everyone through. */
const WORLDS: [string, object[]][] = [
  [
    'a Resource for any API beside a Deny of the API’s own page',
    [
      stmt('AnyApi', 'Allow', `arn:aws:execute-api:*:*:*/*/GET/files/${TEMPLATE}`),
      stmt('OwnPage', 'Deny', `${ORDERS}/GET/files/${TEMPLATE}`),
    ],
  ],
  [
    'a Resource for any API beside a grant of the API’s own page',
    [
      stmt('AnyApi', 'Deny', `arn:aws:execute-api:*:*:*/*/GET/files/${TEMPLATE}`),
      stmt('OwnPage', 'Allow', `${ORDERS}/GET/files/${TEMPLATE}`),
      stmt('Root', 'Allow', `${ORDERS}/GET/`),
    ],
  ],
];

describe('who-can finds a request with an encoded "/" in a path parameter', () => {
  it.each(WORLDS)('%s: no kind unsearched, every witness decided as its class', (_name, resource) => {
    const world = smallWorld([stmt('All', 'Allow', '*')], resource, routes(['GET /', 'GET /files/{name}']));
    const who = whoCan(world, servedOptions(world, ['orders']));
    // Nothing unsearched but the spellings a template not blind to them leaves (§55, lane K2, pass 21).
    expect(who.unknown.map((u) => u.why.slice(0, 34))).toEqual(['paths written another way (`//`, `']);
    for (const c of who.classes) expect(decide(world, c.witness).decision, c.description).toBe('allow');
  });

  it('the class only an encoded "/" reaches is listed, its witness a request API Gateway routes', () => {
    const [, resource] = WORLDS[0]!;
    const world = smallWorld([stmt('All', 'Allow', '*')], resource, routes(['GET /', 'GET /files/{name}']));
    const who = whoCan(world, servedOptions(world, ['orders']));
    const encoded = who.classes.filter((c) => c.witness.path.includes('%2F'));
    expect(encoded.length, who.classes.map((c) => c.witness.path).join('\n')).toBeGreaterThan(0);
    for (const c of encoded) {
      const w: AnalysisRequest = c.witness;
      expect(w.path).toMatch(/^\/files\/[^/]+$/);
      expect(decide(world, w).decision).toBe('allow');
    }
  });
});
