// Shared by the `spokegate evaluate` tests: the call they ask about.

/** evaluate's flags for `principal` invoking GET /orders of the spoke's orders API. */
export const invoking = (principal: string) => [
  '--principal',
  principal,
  '--action',
  'execute-api:Invoke',
  '--resource',
  'arn:aws:execute-api:us-west-2:222222222222:a1b2c3d4e5/prod/GET/orders',
];
