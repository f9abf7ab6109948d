// Bad-input corpus (issue 7, item 3): malformed policies, config files, world files, features,
// Terraform plans, CloudFormation templates and command lines. Each must exit 2 with one message on
// stderr naming the file and the field or line, and never a stack trace or an "internal error".
// The files are in test/fixtures/bad/; each breaks one thing in an otherwise valid input.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { ROOT, spokegate, type CliResult } from '../harness/helpers.js';

const BAD = 'test/fixtures/bad';
const DEMO_CONFIG = 'features/sandbox/spokegate.config.yaml';
const reports = mkdtempSync(join(tmpdir(), 'spokegate-bad-'));
/** A reports folder another (live) run holds: a case that gets as far as the lock says so instead. */
const locked = mkdtempSync(join(tmpdir(), 'spokegate-bad-locked-'));
writeFileSync(join(locked, '.spokegate.lock'), `${process.pid} another-run\n`);
const ROLE = 'arn:aws:iam::111111111111:role/CheckoutRole';
const RESOURCE = 'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/GET/orders';
const GOOD_POLICY = `${BAD}/policies/good.json`;
const evaluateArgs = ['--principal', ROLE, '--action', 'execute-api:Invoke', '--resource', RESOURCE];
/** `evaluate` of the good policy for one principal, action and resource. */
const evaluateGood = (principal: string, action: string, resource: string) => [
  'evaluate',
  '--policy',
  GOOD_POLICY,
  '--principal',
  principal,
  '--action',
  action,
  '--resource',
  resource,
];
const call = (...a: string[]) => ['call', '--config', DEMO_CONFIG, ...a];

interface Case {
  /** Arguments after `spokegate`. */
  args: string[];
  /** Fragments stderr must hold: the file and the field or line, and what is wrong. */
  says: (string | RegExp)[];
}

type Table = Record<string, Case>;

const evaluate = (file: string, ...says: (string | RegExp)[]): Case => ({
  args: ['evaluate', '--policy', `${BAD}/policies/${file}`, ...evaluateArgs],
  says: [`${file}: `, ...says],
});

const policies: Table = {
  'truncated JSON': evaluate(
    'truncated.json',
    'line 6',
    'invalid JSON at column 24: unexpected end of input',
  ),
  'a trailing comma': evaluate('trailing-comma.json', 'line 4', 'invalid JSON at column'),
  'an empty file': evaluate('empty.json', 'the file is empty'),
  'a top-level array': evaluate('array-top.json', 'a policy must be a JSON object'),
  'no Statement': evaluate('no-statement.json', 'Statement', 'no Statement'),
  'an Effect that is neither Allow nor Deny': evaluate(
    'bad-effect.json',
    'Statement[0] (Sid "Maybe") Effect',
  ),
  'an unknown Version': evaluate('bad-version.json', 'Version', '2020-01-01'),
  'a statement without Action': evaluate('missing-action.json', 'Statement[0] (Sid "NoAction") Action'),
  'both Action and NotAction': evaluate('action-and-notaction.json', 'Statement[0] (Sid "Both") NotAction'),
  'a wildcard inside a principal ARN': evaluate('wildcard-principal-arn.json', 'Principal', 'wildcard'),
  'a misspelt condition operator': evaluate('bad-condition-operator.json', 'Condition.StringEqualz'),
  'a Condition that is a string': evaluate(
    'condition-not-object.json',
    'Statement[0] (Sid "Flat") Condition',
  ),
  'a condition value that is an object': evaluate('condition-value-object.json', 'aws:SourceVpce'),
  'a numeric Resource': evaluate('resource-number.json', 'Statement[0] (Sid "Num") Resource'),
  'a statement that is a string': evaluate('statement-string.json', 'Statement[0]', 'JSON object'),
  'a misspelt Statement key': evaluate('misspelt-statement.json', 'Statment', 'unknown top-level element'),
  'an unknown principal type': evaluate('principal-bad-key.json', 'Principal', '"Role"'),
  'a missing policy file (evaluate)': evaluate('no-such.json', 'file not found'),
  'a missing policy file (lint)': {
    args: ['lint', `${BAD}/policies/no-such.json`],
    says: ['no-such.json', 'not found'],
  },
  'a bad endpoint layer (evaluate chain)': {
    args: ['evaluate', '--endpoint-policy', `${BAD}/policies/bad-effect.json`, ...evaluateArgs],
    says: ['bad-effect.json', 'Statement[0] (Sid "Maybe") Effect'],
  },
  'a bad identity layer (evaluate chain)': {
    args: [
      'evaluate',
      '--endpoint-policy',
      GOOD_POLICY,
      '--identity-policy',
      `${BAD}/policies/truncated.json`,
      ...evaluateArgs,
    ],
    says: ['truncated.json', 'line 6', 'column 24'],
  },
};

const runConfig = (file: string, ...says: (string | RegExp)[]): Case => ({
  args: ['run', 'features/sandbox', '--config', `${BAD}/config/${file}`, '--reports', reports],
  says: [`${file}: `, ...says],
});

const configs: Table = {
  'YAML indentation': runConfig('yaml-indent.yaml', 'line 7', 'invalid YAML'),
  'no region': runConfig('missing-region.yaml', 'region'),
  'a region that is no region': runConfig('bad-region.yaml', 'line 3: region', 'us-west-2'),
  'a VPC id where the endpoint id goes': runConfig('bad-vpce.yaml', 'line 7: endpoints.hub.id'),
  'a user ARN where a role ARN goes': runConfig('bad-role-arn.yaml', 'roles.BatchRole.arn', 'IAM role ARN'),
  'a misspelt top-level key': runConfig(
    'unknown-key.yaml',
    'line 5: endpoint: ',
    'Unrecognized key: "endpoint"',
  ),
  'a malformed API id': runConfig('bad-api-id.yaml', 'line 34: apis.orders.id'),
  'a default endpoint that does not exist': runConfig(
    'default-endpoint-unknown.yaml',
    'defaults.endpoint',
    '"spoke"',
    '(known: hub',
  ),
  'concurrency 0': runConfig('concurrency-zero.yaml', 'defaults.concurrency'),
  'a probe that is not "METHOD /path"': runConfig('bad-probe.yaml', 'defaults.probes.0'),
  'a probe listed twice': runConfig(
    'duplicate-probe.yaml',
    'line 43: defaults.probes.2',
    '"GET /" is listed twice',
  ),
  'an unquoted account id': runConfig('unquoted-account.yaml', 'line 8: endpoints.hub.account'),
  'no endpoints': runConfig('empty-endpoints.yaml', 'endpoints', 'at least one endpoint'),
  'a duplicate role': runConfig('duplicate-key.yaml', 'line 14', 'unique'),
  'a list instead of a mapping': runConfig('list.yaml', '(top level)', 'array'),
  'an unknown addressing mode': runConfig('bad-addressing.yaml', 'endpoints.hub.addressing', 'private-dns'),
  'a session shorter than STS allows': runConfig('session-too-short.yaml', 'roles.AuditRole.durationSeconds'),
  'an AWS endpoint override that is no URL': runConfig('bad-aws-endpoint-url.yaml', 'awsEndpoints.sts'),
  'a NONE route without its method': runConfig('bad-none-route.yaml', 'apis.orders.noneRoutes.0'),
  'a concurrency too large for a number (1e400)': runConfig(
    'huge-concurrency.yaml',
    'line 40: defaults.concurrency',
  ),
  'a NUL character in a path the config names': {
    args: ['run', 'features/sandbox', '--config', `${BAD}/config/nul-in-path.yaml`, '--reports', reports],
    // Refused by the config's rule on hidden characters (before the path is looked at).
    says: [
      'nul-in-path.yaml: line ',
      'roles.AuditRole.identityPolicies.0: holds U+0000 (a control character)',
    ],
  },
  // Named by the config and its field, and checked before the reports lock: here another run holds it.
  'a world file that does not exist': {
    args: ['run', 'features/sandbox', '--config', `${BAD}/config/missing-world.yaml`, '--reports', locked],
    says: ['missing-world.yaml: sandbox.world: ', 'no-such-world.yaml', 'not found'],
  },
  'an identity policy file that does not exist': {
    args: [
      'run',
      'features/sandbox',
      '--config',
      `${BAD}/config/missing-identity-policy.yaml`,
      '--reports',
      reports,
    ],
    says: ['no-such-policy.json', 'not found'],
  },
  'a config file that does not exist': {
    args: ['run', '--config', `${BAD}/config/no-such.yaml`, '--reports', reports],
    says: ['no-such.yaml', 'not found'],
  },
};

const world = (file: string, ...says: (string | RegExp)[]): Case => ({
  args: ['sandbox', '--world', `${BAD}/world/${file}`],
  says: [`${file}: `, ...says],
});

const worlds: Table = {
  'a tab in the indentation': world('yaml-tab.yaml', 'line 21', 'invalid YAML'),
  'no harness identity': world('missing-harness.yaml', 'harness'),
  'a session key as the harness key': world('bad-access-key.yaml', 'line 8: harness.accessKeyId'),
  'a short harness secret': world('short-secret.yaml', 'line 9: harness.secretAccessKey'),
  'an API in an account not listed': world('unknown-account.yaml', 'apis.spoke.account', '333333333333'),
  'two APIs with one id': world('duplicate-api-id.yaml', 'apis.copy.id', 'duplicate'),
  'throttling over 100%': world('throttle-over-100.yaml', 'line 32: apis.spoke.faults.throttlePercent'),
  'an unknown fault': world('fault-unknown-key.yaml', 'apis.spoke.faults', 'dropPercent'),
  'a route method API Gateway lacks': world('route-bad-method.yaml', 'line 30: apis.spoke.routes.0.method'),
  'a route path without a slash': world('route-bad-path.yaml', 'line 30: apis.spoke.routes.0.path'),
  'an API without stages': world('no-stages.yaml', 'apis.spoke.stages'),
  'an invalid trust policy': world('bad-trust-policy.yaml', 'roles.CallerRole.trustPolicy', 'Effect'),
  'an endpoint policy that is broken JSON': world(
    'bad-endpoint-policy-json.yaml',
    'endpoints.hub.policy',
    'JSON',
  ),
  'a resource policy without Action': world(
    'bad-resource-policy.yaml',
    'apis.spoke.resourcePolicy',
    'Action',
  ),
  'a seed that is a word': world('bad-seed.yaml', 'line 3: seed'),
  'no endpoints': world('no-endpoints.yaml', 'endpoints', 'at least one endpoint'),
  'a VPC id without its prefix': world('bad-vpc.yaml', 'line 23: endpoints.hub.vpc'),
  'an empty file': world('empty.yaml', '(top level)'),
  'a sentence instead of a mapping': world('scalar.yaml', 'line 1', '(top level)'),
  'a world that does not exist': world('no-such.yaml', 'not found'),
  'a seed too large for a number (1e400)': world('huge-seed.yaml', 'line 3: seed'),
  'a page size beyond any integer': world('huge-page-size.yaml', 'line 3: pageSize'),
};

const feature = (file: string, ...says: (string | RegExp)[]): Case => ({
  args: ['run', `${BAD}/features/${file}`, '--config', DEMO_CONFIG, '--reports', reports],
  says: [`${file}: `, ...says],
});

const features: Table = {
  'a step before the Feature line': feature('no-feature-keyword.feature', 'line 1', 'expected'),
  'a misspelt Scenario keyword': feature('bad-keyword.feature', 'line 1', 'no scenarios'),
  'an unknown role': feature('unknown-role.feature', 'line 4', 'unknown role alias "GhostRole"', '(known: '),
  // Feature text with controls or bidi overrides is refused as such, the character shown escaped.
  'a role name with an ANSI escape and a bidi override (refused, never obeyed)': feature(
    'hostile-role-name.feature',
    'line 4',
    'U+001B (a control character)',
  ),
  'an unknown API': feature('unknown-api.feature', 'line 4', 'unknown API alias "shipping"', '(known: '),
  'an unknown endpoint': feature(
    'unknown-endpoint.feature',
    'line 4',
    'unknown endpoint alias "spoke-endpoint"',
    '(known: ',
  ),
  'a sentence outside the vocabulary': feature('unknown-sentence.feature', 'line 5', 'step not understood'),
  'a method the vocabulary lacks': feature('bad-method.feature', 'line 4', 'FETCH'),
  'a ragged matrix table': feature('matrix-ragged.feature', 'line 7', 'inconsistent cell count'),
  'a matrix cell that says maybe': feature('matrix-bad-cell.feature', 'line 6', '"maybe"'),
  'a matrix column that is no API': feature('matrix-unknown-api.feature', 'line 5', '"shipping"'),
  'a matrix row that is no role': feature('matrix-unknown-role.feature', 'line 6', '"GhostRole"'),
  'a matrix step without its table': feature('matrix-no-table.feature', 'line 4', 'needs a table'),
  'a matrix table with no API column': feature(
    'matrix-only-header.feature',
    'line 5',
    'at least one API column',
  ),
  'an outline placeholder its examples lack': feature(
    'outline-no-examples-column.feature',
    'line 4',
    '"<api>"',
  ),
  'an unterminated doc string': feature('bad-docstring.feature', 'line 7', 'end of file'),
  'a feature path that does not exist': {
    args: ['run', `${BAD}/features/no-such.feature`, '--config', DEMO_CONFIG, '--reports', reports],
    says: ['no-such.feature', 'not found'],
  },
};

const diffPlan = (file: string, ...says: (string | RegExp)[]): Case => ({
  args: ['diff', '--plan', `${BAD}/iac/${file}`, '--config', DEMO_CONFIG],
  says: [`${file}: `, ...says],
});
const checkIac = (file: string, ...says: (string | RegExp)[]): Case => ({
  args: [
    'check',
    'features/sandbox',
    '--endpoint-policy',
    `${BAD}/iac/${file}`,
    '--config',
    DEMO_CONFIG,
    '--reports',
    reports,
  ],
  says: [`${file}: `, ...says],
});

const iac: Table = {
  'diff: a binary plan': diffPlan('plan-binary.tfplan', 'terraform show -json'),
  'diff: a truncated plan': diffPlan('plan-truncated.json', 'line 21', 'invalid JSON'),
  'diff: an endpoint policy that is not JSON': diffPlan(
    'plan-policy-not-json.json',
    'aws_vpc_endpoint.hub.policy',
    'not valid JSON',
  ),
  'diff: an endpoint policy with a bad Effect': diffPlan(
    'plan-policy-bad-effect.json',
    'Statement[0] (Sid "AllowNamedRoles") Effect',
  ),
  'diff: a policy known only after apply': diffPlan(
    'plan-policy-unknown.json',
    'aws_vpc_endpoint.hub',
    'known only after apply',
  ),
  'diff: resource_changes that is an object': diffPlan(
    'plan-resource-changes-object.json',
    'resource_changes',
    'array',
  ),
  'diff: a change that is a string': diffPlan('plan-change-not-object.json', 'resource_changes[0].change'),
  'diff: features with an unknown role': {
    args: [
      'diff',
      `${BAD}/features/unknown-role.feature`,
      '--plan',
      `${BAD}/iac/plan-good.json`,
      '--config',
      DEMO_CONFIG,
    ],
    says: ['unknown-role.feature: line 4', '"GhostRole"'],
  },
  'diff: features with a matrix column that is no API': {
    args: [
      'diff',
      `${BAD}/features/matrix-unknown-api.feature`,
      '--plan',
      `${BAD}/iac/plan-good.json`,
      '--config',
      DEMO_CONFIG,
    ],
    says: ['matrix-unknown-api.feature: line 5', '"shipping"'],
  },
  'check: a plan without an execute-api endpoint': checkIac(
    'plan-no-endpoint.json',
    'no execute-api endpoint policy',
  ),
  'check: a plan policy that is not JSON': checkIac(
    'plan-policy-not-json.json',
    'aws_vpc_endpoint.hub.policy',
  ),
  'check: a template with bad indentation': checkIac('cfn-yaml-indent.yaml', 'line 7', 'invalid YAML'),
  'check: a template importing another stack': checkIac(
    'cfn-import-value.yaml',
    'line 14',
    'Fn::ImportValue',
  ),
  'check: a template policy with a bad Effect': checkIac(
    'cfn-policy-bad-effect.yaml',
    'Statement[0] (Sid "Typo") Effect',
    '"Alow"',
  ),
  'check: a template whose Resources is a list': checkIac('cfn-resources-list.yaml', 'Resources'),
  'check: a template with an unknown intrinsic': checkIac('cfn-unknown-tag.yaml', 'line 7', 'ServiceName'),
  'check: a template Ref to nothing': checkIac('cfn-ref-missing.yaml', 'line 13', 'Ref CheckoutRoleArn'),
  'check: a truncated JSON template': checkIac('cfn-truncated.json', 'line 6', 'invalid JSON'),
  'check: a policy string that is not JSON': checkIac(
    'cfn-policy-document-string.yaml',
    'line 9',
    'PolicyDocument',
  ),
};

const commandLines: Table = {
  'an unknown command': { args: ['frobnicate'], says: ["unknown command 'frobnicate'"] },
  'an unknown option': { args: ['run', '--bogus'], says: ["unknown option '--bogus'"] },
  'an unknown mode': { args: ['run', '--mode', 'cloud'], says: ['--mode', "'cloud'"] },
  'a concurrency that is a word': {
    args: ['run', '--concurrency', 'abc', '--reports', reports],
    says: ['--concurrency'],
  },
  'a tag expression that does not parse': {
    args: ['run', '--tags', '@a and (', '--reports', reports],
    says: ['--tags', 'Unmatched'],
  },
  'a resource policy without ALIAS=': {
    args: [
      'run',
      '--mode',
      'offline',
      '--endpoint-policy',
      GOOD_POLICY,
      '--resource-policy',
      'orders',
      '--reports',
      reports,
    ],
    says: ['--resource-policy', 'ALIAS=FILE'],
  },
  'offline without an endpoint policy': {
    args: ['run', '--mode', 'offline', '--reports', reports],
    says: ['spokegate.config.yaml', 'endpoints.hub.policy', '--endpoint-policy'],
  },
  'call without --as': { args: call('--api', 'orders', 'GET', '/orders'), says: ["'--as <who>'"] },
  'a malformed --connect-to': {
    args: call('--as', 'CheckoutRole', '--api', 'orders', '--connect-to', 'bad', 'GET', '/orders'),
    says: ['--connect-to "bad"', 'HOST1:PORT1:HOST2:PORT2'],
  },
  'an unknown addressing mode': {
    args: call('--as', 'CheckoutRole', '--api', 'orders', '--addressing', 'carrier-pigeon', 'GET', '/orders'),
    says: ['--addressing', "'carrier-pigeon'"],
  },
  'a malformed --resolve': {
    args: call('--as', 'CheckoutRole', '--api', 'orders', '--resolve', 'nohost', 'GET', '/orders'),
    says: ['--resolve "nohost"', 'HOST:PORT:ADDRESS'],
  },
  'an unknown role alias': {
    args: call('--as', 'GhostRole', '--api', 'orders', 'GET', '/orders'),
    says: ['spokegate.config.yaml', 'roles', '"GhostRole"'],
  },
  'a role ARN with a short account': {
    args: call('--as', 'arn:aws:iam::12:role/X', '--api', 'orders', 'GET', '/orders'),
    says: ['--as', 'not an IAM role ARN'],
  },
  'an unknown API alias': {
    args: call('--as', 'CheckoutRole', '--api', 'shipping', 'GET', '/orders'),
    says: ['spokegate.config.yaml', 'apis', '"shipping"'],
  },
  'neither --api nor --api-id': {
    args: call('--as', 'CheckoutRole', 'GET', '/orders'),
    says: ['--api ALIAS', '--stage'],
  },
  'an unknown endpoint alias': {
    args: call('--as', 'CheckoutRole', '--api', 'orders', '--endpoint', 'spoke', 'GET', '/orders'),
    says: ['spokegate.config.yaml', 'endpoints', '"spoke"'],
  },
  'a malformed --vpce': {
    args: call('--as', 'CheckoutRole', '--api', 'orders', '--vpce', 'vpce-XYZ', 'GET', '/orders'),
    says: ['--vpce "vpce-XYZ"'],
  },
  'a header without a colon': {
    args: call('--as', 'CheckoutRole', '--api', 'orders', '-H', 'no colon here', 'GET', '/orders'),
    // The argument is not quoted: it may be a secret written without its name (attack run 11).
    says: ['-H: no ":" between a name and a value', 'Name: value', /the argument is not shown/],
  },
  'a negative timeout': {
    args: call('--as', 'CheckoutRole', '--api', 'orders', '--timeout-ms', '-5', 'GET', '/orders'),
    says: ['--timeout-ms'],
  },
  'retries that are a word': {
    args: call('--as', 'CheckoutRole', '--api', 'orders', '--retries', 'many', 'GET', '/orders'),
    says: ['--retries'],
  },
  'a method API Gateway does not serve': {
    args: call('--as', 'CheckoutRole', '--api', 'orders', 'FETCH', '/orders'),
    says: ['METHOD', '"FETCH"'],
  },
  'a CA file that does not exist': {
    args: call('--as', 'CheckoutRole', '--api', 'orders', '--ca', '/no/such/ca.pem', 'GET', '/orders'),
    says: ['/no/such/ca.pem', '--ca'],
  },
  'a principal that is no ARN': {
    args: evaluateGood('CheckoutRole', 'execute-api:Invoke', RESOURCE),
    says: ['principal', '"CheckoutRole"'],
  },
  'a principal ARN with a short account': {
    args: evaluateGood('arn:aws:iam::12:role/x', 'execute-api:Invoke', RESOURCE),
    says: ['principal', 'arn:aws:iam::12:role/x'],
  },
  'a resource that is no ARN': {
    args: evaluateGood(ROLE, 'execute-api:Invoke', 'orders'),
    says: ['--resource "orders"', 'not an ARN'],
  },
  'an action without a service': {
    args: evaluateGood(ROLE, 'invoke', RESOURCE),
    says: ['--action', '"invoke"'],
  },
  'a context item without =': {
    args: ['evaluate', '--policy', GOOD_POLICY, ...evaluateArgs, '--context', 'novalue'],
    says: ['--context', '"novalue"', 'KEY=VALUE'],
  },
  'evaluate without --principal': {
    args: ['evaluate', '--policy', GOOD_POLICY, '--action', 'execute-api:Invoke', '--resource', RESOURCE],
    says: ["'--principal <arn>'"],
  },
  'evaluate without any policy': { args: ['evaluate', ...evaluateArgs], says: ['--policy FILE'] },
  'evaluate with --policy and layers': {
    args: ['evaluate', '--policy', GOOD_POLICY, '--endpoint-policy', GOOD_POLICY, ...evaluateArgs],
    says: ['--policy', 'not both'],
  },
  'an unknown authorization type': {
    args: ['evaluate', '--endpoint-policy', GOOD_POLICY, ...evaluateArgs, '--auth-type', 'OPEN'],
    says: ['--auth-type', '"OPEN"'],
  },
  'lint with an unknown kind': {
    args: ['lint', GOOD_POLICY, '--kind', 'bucket'],
    says: ['--kind', "'bucket'"],
  },
  'lint with an unknown format': {
    args: ['lint', GOOD_POLICY, '--format', 'xml'],
    says: ['--format', "'xml'"],
  },
  'lint without a file': { args: ['lint'], says: ["missing required argument 'file'"] },
  'a sandbox port that is a word': { args: ['sandbox', '--port', 'abc'], says: ['--port'] },
  'a sandbox port out of range': { args: ['sandbox', '--port', '99999'], says: ['--port', '65535'] },
  'a sandbox seed that is a word': { args: ['sandbox', '--seed', 'x'], says: ['--seed'] },
  'diff without --plan or --before/--after': {
    args: ['diff', '--config', DEMO_CONFIG],
    says: ['--plan', '--before'],
  },
  'diff with --before only': {
    args: ['diff', '--before', GOOD_POLICY, '--config', DEMO_CONFIG],
    says: ['--after'],
  },
  'diff with --plan and --before/--after': {
    args: [
      'diff',
      '--plan',
      `${BAD}/iac/plan-good.json`,
      '--before',
      GOOD_POLICY,
      '--after',
      GOOD_POLICY,
      '--config',
      DEMO_CONFIG,
    ],
    says: ['--plan', 'not both'],
  },
  'diff with an unknown --fail-on': {
    args: ['diff', '--plan', `${BAD}/iac/plan-good.json`, '--config', DEMO_CONFIG, '--fail-on', 'sometimes'],
    says: ['--fail-on', "'sometimes'"],
  },
  'check without --endpoint-policy': {
    args: ['check', '--config', DEMO_CONFIG],
    says: ["required option '--endpoint-policy"],
  },
  'check with an unknown format': {
    args: ['check', '--endpoint-policy', GOOD_POLICY, '--format', 'xml'],
    says: ['--format', "'xml'"],
  },
  'a reports folder where a file is': {
    args: ['run', 'features/sandbox/matrix.feature', '--reports', 'package.json'],
    says: ['package.json', '--reports', 'a file is in the way'],
  },
  'a folder given as the policy file': {
    args: ['evaluate', '--policy', `${BAD}/policies`, ...evaluateArgs],
    says: ['policies', 'a folder, not a regular file'],
  },
  'a folder given as the config file': {
    args: ['run', '--config', 'features', '--reports', reports],
    says: ['features', 'a folder, not a regular file'],
  },
  'a world file given as the config': {
    args: ['run', '--config', 'features/sandbox/world.yaml', '--reports', reports],
    says: ['world.yaml', /line \d+: /, 'Unrecognized key'],
  },
  'a config file given as the world': {
    args: ['sandbox', '--world', DEMO_CONFIG],
    says: ['spokegate.config.yaml', /line \d+: /, 'Unrecognized key'],
  },
  'a folder without features': {
    args: ['run', `${BAD}/policies`, '--config', DEMO_CONFIG, '--reports', reports],
    says: ['policies', 'no .feature files'],
  },
  'a policy where diff --plan wants a plan': {
    args: ['diff', '--plan', GOOD_POLICY, '--config', DEMO_CONFIG],
    says: ['good.json', '--plan', 'Terraform plan JSON'],
  },
  'an API id that is no REST API id': {
    args: [
      'call',
      '--as',
      'CheckoutRole',
      '--api-id',
      'BAD',
      '--stage',
      'prod',
      '--region',
      'us-west-2',
      'GET',
      '/orders',
    ],
    says: ['--api-id "BAD"'],
  },
  'check with a resource policy for an unknown API': {
    args: [
      'check',
      '--endpoint-policy',
      GOOD_POLICY,
      '--resource-policy',
      `shipping=${GOOD_POLICY}`,
      '--config',
      DEMO_CONFIG,
      '--reports',
      reports,
    ],
    says: ['--resource-policy', 'unknown API alias "shipping"', 'orders, payments'],
  },
};

/** `spokegate sandbox` serves forever on good input: bound it, so a bad world that is accepted fails fast. */
function sandboxCli(args: string[], stopWhenServing = false): Promise<CliResult & { timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'spokegate.js'), ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stopWhenServing && stdout.includes('SPOKEGATE_CONNECT_TO')) child.kill('SIGTERM');
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, 300_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

/** A case through the built CLI in its own process, as a user runs it. */
async function runProcess(c: Case): Promise<CliResult & { timedOut?: boolean }> {
  return c.args[0] === 'sandbox' ? sandboxCli(c.args) : spokegate(c.args, { env: { SPOKEGATE_DEBUG: '' } });
}

/**
 * A case through the CLI's main() in this process: the same parsing, checks and messages without
 * a process start each (a few cases per table still run as processes, below). A sandbox that a bad
 * world failed to stop would serve forever: it is stopped the way a user would, with SIGTERM.
 */
async function runInProcess(c: Case): Promise<CliResult & { timedOut?: boolean }> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    out: (t) => void (stdout += t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => void (stderr += t.endsWith('\n') ? t : `${t}\n`),
    env: { ...process.env, SPOKEGATE_DEBUG: '' },
    cwd: ROOT,
  };
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const running = main(c.args, io);
  if (c.args[0] === 'sandbox') {
    timer = setTimeout(() => {
      timedOut = true;
      process.emit('SIGTERM');
    }, 300_000);
  }
  const code = await running;
  clearTimeout(timer);
  return { code, stdout, stderr, timedOut };
}

function expectClean(res: CliResult & { timedOut?: boolean }, c: Case): void {
  const shown = `exit ${res.code}\nstderr:\n${res.stderr}\nstdout:\n${res.stdout}`;
  expect(res.timedOut ?? false, shown).toBe(false);
  expect(res.code, shown).toBe(2);
  for (const s of c.says) {
    if (typeof s === 'string') expect(res.stderr, shown).toContain(s);
    else expect(res.stderr, shown).toMatch(s);
  }
  // No stack trace, no crash report, nothing on stdout that --json users would parse.
  expect(res.stderr + res.stdout, shown).not.toMatch(/^\s+at /m);
  expect(res.stderr, shown).not.toMatch(/internal error|TypeError|ReferenceError|Cannot read propert/);
  expect(res.stdout.trim(), shown).toBe('');
  // Error messages quote fields, never the secrets the world files hold.
  for (const secret of [
    'badWorldHarnessSecret/NotReal/0123456789',
    'sandboxHarnessSecretKey/NotReal/0123456789',
  ])
    expect(res.stderr, shown).not.toContain(secret);
}

const tables: Record<string, Table> = {
  'policies (evaluate, lint)': policies,
  'config files (run --config)': configs,
  'world files (sandbox --world)': worlds,
  'features (run)': features,
  'Terraform plans and CloudFormation templates (diff --plan, check --endpoint-policy)': iac,
  'command lines': commandLines,
};

describe('bad-input corpus', () => {
  it('has at least 60 cases, across every kind of input', () => {
    const counts = Object.values(tables).map((t) => Object.keys(t).length);
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(60);
    for (const n of counts) expect(n).toBeGreaterThanOrEqual(7);
  });

  for (const [kind, table] of Object.entries(tables)) {
    describe(kind, () => {
      const [first, ...rest] = Object.entries(table);
      // The first case of each kind runs as a real process: the launcher and exit code as users see them.
      it(`${first![0]}: exit 2, names where, no stack trace (in its own process)`, async () => {
        expectClean(await runProcess(first![1]), first![1]);
      });
      it.each(rest)('%s: exit 2, names where, no stack trace', async (_name, c) => {
        expectClean(await runInProcess(c), c);
      });
    });
  }
});

describe('the corpus is honest', () => {
  it('the good policy next to the bad ones evaluates', async () => {
    const res = await runInProcess({
      args: ['evaluate', '--policy', GOOD_POLICY, ...evaluateArgs],
      says: [],
    });
    expect(res.code).toBe(0);
  });

  it('the good world next to the bad ones serves (until stopped)', async () => {
    const res = await sandboxCli(['sandbox', '--world', `${BAD}/world/good.yaml`], true);
    expect(res.timedOut).toBe(false);
    expect(res.stdout).toMatch(/^export AWS_ENDPOINT_URL_STS=https:\/\/127\.0\.0\.1:\d+$/m);
  });

  it('the good plan next to the bad ones diffs', async () => {
    const res = await runInProcess({
      args: ['diff', '--plan', `${BAD}/iac/plan-good.json`, '--config', DEMO_CONFIG],
      says: [],
    });
    expect(res.code).toBe(0);
  });

  it('a case that exits 0 fails the check (the checker can fail)', async () => {
    const res = await runInProcess({
      args: ['evaluate', '--policy', GOOD_POLICY, ...evaluateArgs],
      says: [],
    });
    expect(() => expectClean(res, { args: [], says: [] })).toThrow();
  });
});
