// A realistic sample run: a hub endpoint, three spoke APIs, four callers, passes, a failure, an error,
// a disagreement and a scenario name full of markup. Shared by the unit and the browser tests.
import { createHash } from 'node:crypto';
import {
  AccessMatrix,
  makeCell,
  type Cell,
  type Observation,
  type Prediction,
  type RunInfo,
} from '../../src/matrix/index.js';

export const POLICY_TEXT = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AllowNamedRoles',
      Effect: 'Allow',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: '*',
      Condition: {
        ArnEquals: {
          'aws:PrincipalArn': [
            'arn:aws:iam::111111111111:role/CheckoutRole',
            'arn:aws:iam::111111111111:role/AuditRole',
          ],
        },
      },
    },
  ],
});

export const RUN: RunInfo = {
  mode: 'sandbox',
  startedAt: '2026-11-26T16:00:00.000Z',
  finishedAt: '2026-11-26T16:00:04.250Z',
  tool: 'spokegate 0.1.0',
  region: 'us-west-2',
  endpoints: [
    {
      alias: 'hub',
      id: 'vpce-0123456789abcdef0',
      policySha256: createHash('sha256').update(POLICY_TEXT).digest('hex'),
      policySource: 'ec2:DescribeVpcEndpoints',
      policyText: POLICY_TEXT,
    },
  ],
};

const ARN: Record<string, string> = {
  CheckoutRole: 'arn:aws:iam::111111111111:role/CheckoutRole',
  AuditRole: 'arn:aws:iam::111111111111:role/AuditRole',
  PartnerRole: 'arn:aws:iam::333333333333:role/PartnerRole',
  anonymous: 'anonymous',
};

/** CheckoutRole's GET /orders through hub: the call most cell tests vary. */
export const CHECKOUT_ORDERS = {
  role: 'CheckoutRole',
  principal: ARN.CheckoutRole!,
  api: 'orders',
  method: 'GET',
  path: '/orders',
  endpoint: 'hub',
};

let seq = 0;
export function allowed(extra: Partial<Observation> = {}): Observation {
  seq += 1;
  return {
    status: 200,
    outcome: 'allowed',
    reason: 'integration',
    requestId: `req-${String(seq).padStart(4, '0')}-a1b2`,
    latencyMs: 12 + seq,
    attempts: 1,
    at: '2026-11-26T16:00:01.000Z',
    ...extra,
  };
}
export function denied(
  reason: Observation['reason'] = 'endpoint-policy',
  extra: Partial<Observation> = {},
): Observation {
  seq += 1;
  return {
    status: 403,
    outcome: 'denied',
    reason,
    requestId: `req-${String(seq).padStart(4, '0')}-d3e4`,
    latencyMs: 9 + seq,
    attempts: 1,
    message:
      'User: anonymous is not authorized to perform: execute-api:Invoke on resource with an explicit deny',
    at: '2026-11-26T16:00:02.000Z',
    ...extra,
  };
}
export function errored(): Observation {
  return {
    status: 503,
    outcome: 'error',
    reason: 'server-error',
    requestId: 'req-5xx-0001',
    latencyMs: 950,
    attempts: 4,
    message: 'Service Unavailable',
    at: '2026-11-26T16:00:03.000Z',
  };
}
export function predictAllow(): Prediction {
  return {
    decision: 'allow',
    detail: 'Allowed',
    layer: null,
    statements: [
      { policy: 'endpoint:hub', index: 0, sid: 'AllowNamedRoles' },
      { policy: 'resource:orders', index: 0, sid: 'AllowFromHub' },
    ],
    explanation: [
      'endpoint policy of hub: statement 0 (AllowNamedRoles) allows: aws:PrincipalArn matches',
      'resource policy of orders: statement 0 (AllowFromHub) allows: aws:SourceVpce is vpce-0123456789abcdef0',
    ],
  };
}
export function predictDeny(layer: 'endpoint' | 'resource' | 'identity' = 'endpoint'): Prediction {
  return {
    decision: 'deny',
    detail: 'ImplicitDeny',
    layer,
    statements: [],
    explanation: [
      `${layer} policy: no statement allows execute-api:Invoke for this principal (implicit deny)`,
    ],
  };
}

function cell(role: string, api: string, scenario: string, rest: Partial<Cell>): Cell {
  return makeCell({
    role,
    principal: ARN[role] ?? role,
    api,
    method: 'GET',
    path: '/orders',
    endpoint: 'hub',
    scenario,
    expected: null,
    predicted: null,
    observed: null,
    ...rest,
  });
}

export const HOSTILE_SCENARIO =
  'Evil <script>alert(1)</script> & "quotes" | pipes | `ticks` @team #1 ]]> \u0001';

/** 14 cells: 11 pass (one with a disagreement, one with a hostile scenario name), 2 fail, 1 error. */
export function sampleMatrix(): AccessMatrix {
  seq = 0; // request ids are the same in every sample
  const m = new AccessMatrix();
  const matrix = 'Only named roles reach the spoke APIs';
  for (const api of ['orders', 'payments', 'inventory']) {
    m.add(
      cell('CheckoutRole', api, matrix, {
        expected: 'allow',
        predicted: predictAllow(),
        observed: allowed(),
      }),
    );
    m.add(
      cell('PartnerRole', api, matrix, { expected: 'deny', predicted: predictDeny(), observed: denied() }),
    );
    if (api !== 'inventory') {
      m.add(
        cell('anonymous', api, matrix, { expected: 'deny', predicted: predictDeny(), observed: denied() }),
      );
    }
  }
  // A failing expectation: the scenario says deny, the wire allowed it.
  m.add(
    cell('AuditRole', 'payments', matrix, {
      expected: 'deny',
      predicted: predictAllow(),
      observed: allowed(),
    }),
  );
  // A disagreement that still passes: predicted deny (resource), observed allowed, expected allow.
  m.add(
    cell('AuditRole', 'orders', matrix, {
      expected: 'allow',
      predicted: predictDeny('resource'),
      observed: allowed(),
    }),
  );
  // A world fault: error, whatever was expected.
  m.add(
    cell('AuditRole', 'inventory', matrix, {
      expected: 'allow',
      predicted: predictAllow(),
      observed: errored(),
    }),
  );
  // Another scenario testing the same position, and a POST grid.
  m.add(
    cell('CheckoutRole', 'orders', 'Checkout can place orders', {
      method: 'POST',
      expected: 'allow',
      predicted: predictAllow(),
      observed: allowed({ status: 201 }),
    }),
  );
  m.add(
    cell('PartnerRole', 'orders', 'Cross-account partner without identity policy', {
      method: 'POST',
      expected: 'allow',
      predicted: predictDeny('identity'),
      observed: denied('identity-policy'),
    }),
  );
  m.add(
    cell('anonymous', 'orders', HOSTILE_SCENARIO, {
      expected: 'deny',
      predicted: predictDeny(),
      observed: denied('endpoint-policy', { message: 'msg with <b>html</b> & "quotes" ]]>' }),
      note: 'unsigned <note>',
    }),
  );
  return m;
}
