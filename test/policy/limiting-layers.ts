// What the session-policy and permissions-boundary cases share (doc-session-policies,
// doc-permissions-boundaries): both layers only limit what the identity and resource policies grant,
// so their cases call the same APIs with the same grants and the same limiting documents.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { authorizeCall, parsePolicy, type ChainInput } from '../../src/policy/index.js';
import { HUB, policyDoc, request, SPOKE, type Layers } from './doc-cases.js';

export const ROLE = `arn:aws:iam::${HUB}:role/Agent`;
export const SESSION = `arn:aws:sts::${HUB}:assumed-role/Agent/s1`;
/** The API in the caller's own account, and one in another account. */
export const SAME = `arn:aws:execute-api:us-east-1:${HUB}:a1b2c3d4e5/prod/GET/pets`;
export const CROSS = `arn:aws:execute-api:us-east-1:${SPOKE}:a1b2c3d4e5/prod/GET/pets`;

/** A resource policy allowing the call to `principal`. */
export const grant = (principal: unknown) => [
  { Effect: 'Allow', Principal: principal, Action: 'execute-api:Invoke', Resource: '*' },
];
/** Identity-kind documents: allowing every call, only GETs on prod, only another action, all but GET /pets. */
export const ALL_DOC = [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }];
export const GETS_DOC = [
  { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:*/prod/GET/*' },
];
export const OTHER_DOC = [{ Effect: 'Allow', Action: 'execute-api:ManageConnections', Resource: '*' }];
export const DENY_DOC = [
  { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' },
  { Effect: 'Deny', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:*/prod/GET/pets' },
];
// Resource policies granting the role / the session itself.
export const TO_ROLE = grant({ AWS: ROLE });
export const TO_SESSION = grant({ AWS: SESSION });
/** A resource policy denying the call to everyone. */
export const DENY_ALL = [{ Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }];

export type LayerCase = [doc: string, layers: Layers, caller: string, resource: string, expected: string];
/** Cases in which `caller` calls `resource`. */
export const calling = (
  caller: string,
  resource: string,
  rows: [doc: string, layers: Layers, expected: string][],
): LayerCase[] => rows.map(([doc, layers, expected]) => [doc, layers, caller, resource, expected]);

/**
 * SESSION calling CROSS under TO_ROLE and ALL_DOC, plus the `limiting` layer that is silent on the
 * call: the layers decide in order, and the explanation says `none` (nothing allows) and ends on `last`.
 */
export function expectExplained(
  limiting: Pick<ChainInput, 'sessionPolicies' | 'permissionsBoundary'>,
  layer: 'session' | 'boundary',
  none: RegExp,
  last: RegExp,
): void {
  const d = authorizeCall(
    {
      authorizationType: 'AWS_IAM',
      resourcePolicy: parsePolicy(policyDoc(TO_ROLE), { name: 'resource' }, { kind: 'resource' }),
      identityPolicies: [parsePolicy(policyDoc(ALL_DOC), { name: 'identity' }, { kind: 'identity' })],
      ...limiting,
    },
    request({ principal: SESSION, resource: CROSS }),
  );
  expect(d.layers.map((l) => [l.layer, l.decision.kind])).toEqual([
    ['resource', 'Allowed'],
    ['identity', 'Allowed'],
    [layer, 'ImplicitDeny'],
  ]);
  expect(d.explanation.join('\n')).toMatch(none);
  expect(d.explanation.at(-1)).toMatch(last);
}

/** `evaluate` allows SESSION without `option file`, and with it `layer` denies (exit 1, ImplicitDeny). */
export async function expectEvaluateLimited(
  evaluate: ReturnType<typeof evaluateIn>,
  option: string,
  file: string,
  layer: 'session' | 'boundary',
): Promise<void> {
  const without = await evaluate(SESSION, []);
  expect(without.code, without.text).toBe(0);
  const limited = await evaluate(SESSION, [option, file]);
  expect(limited.code, limited.text).toBe(1);
  expect(JSON.parse(limited.out)).toMatchObject({ decision: 'deny', layer, detail: 'ImplicitDeny' });
}

/**
 * `spokegate evaluate --json` of a call to CROSS under TO_ROLE and ALL_DOC (resource.json,
 * identity.json), in a folder that also holds `files` (name → statements), with `extra` options.
 */
export function evaluateIn(prefix: string, files: Record<string, object[]>) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const write = (name: string, statements: object[]) =>
    writeFileSync(join(dir, name), JSON.stringify(policyDoc(statements)));
  write('resource.json', TO_ROLE);
  write('identity.json', ALL_DOC);
  for (const [name, statements] of Object.entries(files)) write(name, statements);
  return (principal: string, extra: string[]) =>
    runCli(
      [
        'evaluate',
        '--resource-policy',
        'resource.json',
        '--identity-policy',
        'identity.json',
        ...extra,
        '--principal',
        principal,
        '--action',
        'execute-api:Invoke',
        '--resource',
        CROSS,
        '--json',
      ],
      { cwd: dir },
    );
}

/** The claims the documentation makes alike for a session policy and a permissions boundary. */
export interface LimitingClaims {
  allows: string;
  silent: string;
  explicitDeny: string;
  grantsNothing: string;
  crossNamesSession: string;
  denyElsewhere: string;
  sameToRole: string;
  sameToRoleWithin: string;
  sameToSession: string;
  sameToSessionDenied: string;
  sameToStar: string;
  sameToAccount: string;
  identityAlone: string;
  identityAloneWithin: string;
  noneMethod: string;
  identityNotGiven: string;
}

/** The limiting `layer` holding one document. */
const limitBy =
  (layer: 'session' | 'boundary') =>
  (doc: object[]): Layers =>
    layer === 'session' ? { session: [doc] } : { boundary: doc };

/**
 * SESSION's calls under a `layer` that limits (session policies or a permissions boundary), named by
 * each file with its own citations: cross account the identity side must allow within the layer;
 * same account a resource grant is limited unless it names the session itself.
 */
export function limitingCases(layer: 'session' | 'boundary', says: LimitingClaims): LayerCase[] {
  const limit = limitBy(layer);
  const all = [ALL_DOC];
  const silent = `deny ${layer} ImplicitDeny`;
  return [
    ...calling(SESSION, CROSS, [
      [says.allows, { resource: TO_ROLE, identity: all, ...limit(GETS_DOC) }, 'allow'],
      [says.silent, { resource: TO_ROLE, identity: all, ...limit(OTHER_DOC) }, silent],
      [
        says.explicitDeny,
        { resource: TO_ROLE, identity: all, ...limit(DENY_DOC) },
        `deny ${layer} ExplicitDeny`,
      ],
      [
        says.grantsNothing,
        { resource: TO_ROLE, identity: [OTHER_DOC], ...limit(ALL_DOC) },
        'deny identity ImplicitDeny',
      ],
      [says.crossNamesSession, { resource: TO_SESSION, identity: all, ...limit(OTHER_DOC) }, silent],
      [
        says.denyElsewhere,
        { resource: DENY_ALL, identity: all, ...limit(OTHER_DOC) },
        'deny resource ExplicitDeny',
      ],
    ]),
    ...calling(SESSION, SAME, [
      [says.sameToRole, { resource: TO_ROLE, identity: [], ...limit(OTHER_DOC) }, silent],
      [says.sameToRoleWithin, { resource: TO_ROLE, identity: [], ...limit(GETS_DOC) }, 'allow'],
      [says.sameToSession, { resource: TO_SESSION, identity: [], ...limit(OTHER_DOC) }, 'allow'],
      [
        says.sameToSessionDenied,
        { resource: TO_SESSION, identity: [], ...limit(DENY_DOC) },
        `deny ${layer} ExplicitDeny`,
      ],
      [says.sameToStar, { resource: grant('*'), identity: [], ...limit(OTHER_DOC) }, silent],
      [
        says.sameToAccount,
        { resource: grant({ AWS: `arn:aws:iam::${HUB}:root` }), identity: all, ...limit(OTHER_DOC) },
        silent,
      ],
      [says.identityAlone, { identity: all, ...limit(OTHER_DOC) }, silent],
      [says.identityAloneWithin, { identity: all, ...limit(GETS_DOC) }, 'allow'],
      [says.noneMethod, { resource: grant('*'), ...limit(OTHER_DOC), authorizationType: 'NONE' }, 'allow'],
      [says.identityNotGiven, { resource: TO_ROLE, ...limit(OTHER_DOC) }, silent],
    ]),
  ];
}

/**
 * Same account, a `caller` other than a role session (a federated user, an IAM user) under a silent
 * `layer`: a resource grant naming it is not limited, one through its account is.
 */
export function namedCallerCases(
  layer: 'session' | 'boundary',
  caller: string,
  says: { named: string; viaAccount: string },
): LayerCase[] {
  const silent = limitBy(layer)(OTHER_DOC);
  return calling(caller, SAME, [
    [says.named, { resource: grant({ AWS: caller }), identity: [], ...silent }, 'allow'],
    [
      says.viaAccount,
      { resource: grant({ AWS: HUB }), identity: [ALL_DOC], ...silent },
      `deny ${layer} ImplicitDeny`,
    ],
  ]);
}
