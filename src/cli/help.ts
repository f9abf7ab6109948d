// What each command's --help ends with: two or three examples that run from a clone (the same
// ones docs/cli.md shows) and the exit codes, as `aws` and `terraform` do.

export interface CommandHelp {
  examples: string[];
  exits: [code: number, meaning: string][];
}

const BAD_INPUT: [number, string] = [
  2,
  'bad usage, config or input (the message names the file and field or line)',
];
const INFRA: [number, string] = [
  3,
  'the run could not finish (network, TLS, timeouts, 5xx): never allowed or denied',
];

export function teach(h: CommandHelp): string {
  const ex = h.examples.map((e) => `  $ ${e}`).join('\n');
  const codes = h.exits.map(([c, m]) => `  ${c}  ${m}`).join('\n');
  return `\nExamples:\n${ex}\n\nExit codes:\n${codes}\n\nMore: docs/cli.md`;
}

export const PROGRAM_HELP: CommandHelp = {
  examples: [
    'spokegate run',
    'spokegate check features/sandbox --endpoint-policy examples/tfplan.json',
    'spokegate COMMAND --help',
  ],
  exits: [
    [0, 'all good'],
    [1, 'an expectation failed, a call was denied, a finding or new access at the fail level'],
    BAD_INPUT,
    INFRA,
  ],
};

export const RUN_HELP: CommandHelp = {
  examples: [
    'spokegate run                                  # the demo suite against the embedded sandbox',
    'spokegate run features/sandbox --mode offline --endpoint-policy examples/endpoint-policy.json',
    'spokegate run features/live --mode live --config features/live/spokegate.config.yaml',
  ],
  exits: [[0, 'every scenario passed'], [1, 'a scenario failed'], BAD_INPUT, INFRA],
};

export const CHECK_HELP: CommandHelp = {
  examples: [
    'spokegate check features/sandbox --endpoint-policy examples/tfplan.json',
    'spokegate check features/sandbox --endpoint-policy examples/hub.yaml --resource-policy orders=examples/hub.yaml --format md',
  ],
  exits: [[0, 'every scenario holds against the policies'], [1, 'a scenario fails'], BAD_INPUT, INFRA],
};

export const CALL_HELP: CommandHelp = {
  examples: [
    'spokegate call GET /orders --as CheckoutRole --api orders --json',
    'spokegate call GET /health --as anonymous --api-id a1b2c3d4e5 --stage prod --region us-west-2',
    "spokegate call POST /orders --as arn:aws:iam::111111111111:role/CheckoutRole --api orders -d '{}' --verbose",
  ],
  exits: [
    [0, 'allowed'],
    [1, 'denied'],
    BAD_INPUT,
    [3, 'error: no answer, throttled, 5xx, or an answer no policy made'],
  ],
};

export const EVALUATE_HELP: CommandHelp = {
  examples: [
    'spokegate evaluate --endpoint-policy examples/endpoint-policy.json --principal arn:aws:iam::111111111111:role/CheckoutRole --action execute-api:Invoke --resource arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/GET/orders',
    'spokegate evaluate --policy examples/endpoint-policy.json --principal anonymous --action execute-api:Invoke --resource arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/GET/health --json',
  ],
  exits: [[0, 'the policies allow'], [1, 'the policies deny'], BAD_INPUT],
};

export const DIFF_HELP: CommandHelp = {
  examples: [
    'spokegate diff --plan examples/tfplan.json --format md',
    'spokegate diff --before examples/hub-before.yaml --after examples/hub.yaml --fail-on any',
  ],
  exits: [
    [0, 'no change at --fail-on'],
    [1, 'a change at --fail-on (by default: new access)'],
    BAD_INPUT,
    INFRA,
  ],
};

export const LINT_HELP: CommandHelp = {
  examples: [
    'spokegate lint examples/endpoint-policy.json',
    'spokegate lint examples/tfplan.json --format sarif > lint.sarif',
  ],
  exits: [[0, 'no finding at or above --fail-on'], [1, 'a finding at or above --fail-on'], BAD_INPUT],
};

export const SANDBOX_HELP: CommandHelp = {
  examples: [
    'spokegate sandbox --export-file /tmp/sg.env & until [ -s /tmp/sg.env ]; do sleep 0.2; done; . /tmp/sg.env',
    'spokegate sandbox --world features/sandbox/world.yaml --port 8443',
  ],
  exits: [[0, 'stopped by SIGINT, SIGTERM, SIGHUP or SIGQUIT'], BAD_INPUT, [3, 'could not listen']],
};

export const WHO_CAN_HELP: CommandHelp = {
  examples: [
    'spokegate who-can --endpoint-policy examples/endpoint-policy.json --api orders',
    'spokegate who-can --mode sandbox --format md',
  ],
  exits: [
    [0, 'the analysis is printed'],
    BAD_INPUT,
    [3, 'a layer is unknown (listed under unknown; the rest is printed), or the run could not finish'],
  ],
};
