// The small world of the reach-proof verdict tests: API "docs" (docs000001) in spoke 222222222222
// behind hub endpoint vpce-0123456789abcdef0; its resource policy allows anyone on every route, and
// the roles' identity policy allows every Invoke, so the endpoint policy under test decides.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { RunContext } from '../../src/harness/context.js';

export const CHECKOUT = 'arn:aws:iam::111111111111:role/CheckoutRole';
export const REPORTING = 'arn:aws:iam::111111111111:role/ReportingRole';
export const API = 'arn:aws:execute-api:us-west-2:222222222222:docs000001';

/** The prediction of `role`'s (null: unsigned) GET on docs at `path`. */
export const predictGet = (ctx: RunContext, role: string | null, path: string) =>
  ctx.predict({ role, api: 'docs', method: 'GET', path, scenario: 's' });

export const allow = (principal: unknown, resource: string) => ({
  Effect: 'Allow',
  Principal: principal,
  Action: 'execute-api:Invoke',
  Resource: resource,
});
/** Anyone's execute-api:Invoke of `resource` (under `condition`, if any), allowed or denied. */
export const anyoneInvoke = (Effect: 'Allow' | 'Deny', resource: string | string[], condition?: object) => ({
  Effect,
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: resource,
  ...(condition ? { Condition: condition } : {}),
});
export const policy = (...s: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: s });

/**
 * A fresh folder holding `files` (endpoint policies by file name), resource.json, invoke-all.json and
 * a config made of the shared head (region, organization, the hub using `endpointFile`) and `rest`.
 * Returns the config file's path.
 */
export function docsWorldConfig(
  prefix: string,
  files: Record<string, string>,
  endpointFile: string,
  rest: string[],
): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'resource.json'), policy(allow('*', 'execute-api:/*')));
  writeFileSync(
    join(dir, 'invoke-all.json'),
    policy({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }),
  );
  const file = join(dir, 'spokegate.config.yaml');
  writeFileSync(
    file,
    [
      'region: us-west-2',
      "organization: { id: o-aaaaaaaaaa, accounts: ['111111111111', '222222222222'] }",
      `endpoints: { hub: { id: vpce-0123456789abcdef0, account: '111111111111', vpc: vpc-0123456789abcdef0, policy: ${endpointFile} } }`,
      ...rest,
      '',
    ].join('\n'),
  );
  return file;
}

/**
 * An offline run of docs (stage prod; `stages` its stated stages, if any) with `endpoint` as the
 * hub's policy and CheckoutRole, in a fresh folder named by `prefix`; `rest` adds config lines.
 */
export function docsStagesContext(
  prefix: string,
  stages: string | undefined,
  endpoint: string,
  rest: string[] = [],
): Promise<RunContext> {
  const file = docsWorldConfig(prefix, { 'endpoint.json': endpoint }, 'endpoint.json', [
    `roles: { CheckoutRole: { arn: '${CHECKOUT}', identityPolicies: [invoke-all.json] } }`,
    // Every stated stage serves GET /docs through IAM authorization, as prod does (offline, another
    // stage's routes are of unknown type unless stated).
    `apis: { docs: { id: docs000001, account: '222222222222', stage: prod, ${stages ? `stages: ${stages}, ` : ''}${stages?.includes('beta') ? "stageRoutes: { beta: { routes: ['GET /docs'] } }, " : ''}resourcePolicy: resource.json, routes: ['GET /docs'] } }`,
    ...rest,
  ]);
  return RunContext.create({ mode: 'offline', config: loadConfig(file), env: {} });
}

/**
 * The docs world whose hub opens GET /docs to CheckoutRole and GET /secret to anyone, at every
 * stage; prod serves GET /docs alone (apis.docs.routes). `apiExtra` adds settings of docs
 * (`stages: [prod], `, stageRoutes). Returns the config file's path.
 */
export const secretOpenConfig = (prefix: string, apiExtra = ''): string =>
  docsWorldConfig(
    prefix,
    {
      'endpoint.json': policy(
        allow({ AWS: CHECKOUT }, `${API}/*/GET/docs`),
        allow('*', `${API}/*/GET/secret`),
      ),
    },
    'endpoint.json',
    [
      `roles: { CheckoutRole: { arn: '${CHECKOUT}', identityPolicies: [invoke-all.json] } }`,
      `apis: { docs: { id: docs000001, account: '222222222222', stage: prod, ${apiExtra}resourcePolicy: resource.json, routes: ['GET /docs'] } }`,
      "defaults: { probes: ['GET /docs'] }",
    ],
  );
