// The step vocabulary, in one place: step definitions register these patterns, and the feature
// checker uses them to name the file and line of a step that refers to an unknown alias.
// Every sentence is documented with an example in docs/scenarios.md.

import type { Layer } from '../policy/index.js';

export type AliasKind = 'role' | 'api' | 'endpoint';

export interface StepPattern {
  name: string;
  keyword: 'Given' | 'When' | 'Then';
  pattern: RegExp;
  /** For each capture group, which alias kind it names (undefined = not an alias). */
  aliases: (AliasKind | undefined)[];
  example: string;
  /** The step takes a table after it (Cucumber passes it as a DataTable); no step takes a doc string. */
  table?: true;
}

const METHOD = '(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)';
/** The layers `Then the call is denied by the X policy` can name: the step's words -> the engine's layer. */
export const STEP_LAYERS = {
  endpoint: 'endpoint',
  resource: 'resource',
  identity: 'identity',
  'service control': 'scp',
} as const satisfies Record<string, Layer>;
/** The words a `denied by the X policy` step uses for a layer. */
export const stepWordsOf = (layer: Layer): string =>
  Object.entries(STEP_LAYERS).find(([, l]) => l === layer)?.[0] ?? layer;
const PATH = '(\\/\\S*)';
const THROUGH = '(?: through "([^"]+)")?';

export const vocabulary = {
  endpointPolicyFromEc2: {
    name: 'endpointPolicyFromEc2',
    keyword: 'Given',
    pattern: /^the endpoint policy of "([^"]+)" is read from EC2$/,
    aliases: ['endpoint'],
    example: 'Given the endpoint policy of "hub" is read from EC2',
  },
  endpointPolicyFromFile: {
    name: 'endpointPolicyFromFile',
    keyword: 'Given',
    pattern: /^the endpoint policy of "([^"]+)" is read from "([^"]+)"$/,
    aliases: ['endpoint', undefined],
    example: 'Given the endpoint policy of "hub" is read from "policies/hub-endpoint.json"',
  },
  roleCalls: {
    name: 'roleCalls',
    keyword: 'When',
    pattern: new RegExp(
      `^"([^"]+)" calls ${METHOD} ${PATH} on "([^"]+)"${THROUGH}( with a tampered signature| unsigned)?$`,
    ),
    aliases: ['role', undefined, undefined, 'api', 'endpoint', undefined],
    example: 'When "CheckoutRole" calls GET /orders on "orders"',
  },
  anonymousCalls: {
    name: 'anonymousCalls',
    keyword: 'When',
    pattern: new RegExp(`^an anonymous caller calls ${METHOD} ${PATH} on "([^"]+)"${THROUGH}$`),
    aliases: [undefined, undefined, 'api', 'endpoint'],
    example: 'When an anonymous caller calls GET /health on "orders"',
  },
  callAllowed: {
    name: 'callAllowed',
    keyword: 'Then',
    pattern: /^the call is allowed$/,
    aliases: [],
    example: 'Then the call is allowed',
  },
  callDenied: {
    name: 'callDenied',
    keyword: 'Then',
    pattern: new RegExp(`^the call is denied(?: by the (${Object.keys(STEP_LAYERS).join('|')}) policy)?$`),
    aliases: [undefined],
    example: 'Then the call is denied by the endpoint policy',
  },
  responseStatus: {
    name: 'responseStatus',
    keyword: 'Then',
    pattern: /^the response status is (\d{3})$/,
    aliases: [undefined],
    example: 'Then the response status is 403',
  },
  accessMatrix: {
    name: 'accessMatrix',
    keyword: 'Then',
    pattern: new RegExp(`^the access matrix for ${METHOD} ${PATH}${THROUGH} is:$`),
    aliases: [undefined, undefined, 'endpoint'],
    example: 'Then the access matrix for GET /orders through "hub" is:',
    table: true,
  },
  letsThroughOnly: {
    name: 'letsThroughOnly',
    keyword: 'Then',
    pattern: /^the endpoint policy(?: of "([^"]+)")? lets through only:$/,
    aliases: ['endpoint'],
    example: 'Then the endpoint policy lets through only:',
    table: true,
  },
  noOutsider: {
    name: 'noOutsider',
    keyword: 'Then',
    pattern: /^no principal outside the organization can pass the endpoint(?: "([^"]+)")?$/,
    aliases: ['endpoint'],
    example: 'Then no principal outside the organization can pass the endpoint',
  },
  onlyTheseCanReach: {
    name: 'onlyTheseCanReach',
    keyword: 'Then',
    pattern: /^only these principals can reach "([^"]+)"(?: through "([^"]+)")?:$/,
    aliases: ['api', 'endpoint'],
    example: 'Then only these principals can reach "orders" through "hub":',
    table: true,
  },
  noOutsiderReaches: {
    name: 'noOutsiderReaches',
    keyword: 'Then',
    pattern: /^no principal outside the organization can reach "([^"]+)"(?: through "([^"]+)")?$/,
    aliases: ['api', 'endpoint'],
    example: 'Then no principal outside the organization can reach "inventory"',
  },
  noFindings: {
    name: 'noFindings',
    keyword: 'Then',
    pattern: /^the endpoint policy(?: of "([^"]+)")? has no findings at or above "(error|warning|info)"$/,
    aliases: ['endpoint', undefined],
    example: 'Then the endpoint policy has no findings at or above "warning"',
  },
} satisfies Record<string, StepPattern>;

export const allPatterns: StepPattern[] = Object.values(vocabulary);
