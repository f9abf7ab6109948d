// What the sandbox tells the harness that AWS never would: sandbox-only diagnostics (docs/world.md
// "Sandbox-only diagnostics"). Nothing here may be relied on in live mode.

/**
 * On every execute-api answer for a request the sandbox could place: the id of the VPC endpoint the
 * request came through. The harness checks it against the step's "through ENDPOINT" (sandbox mode).
 */
export const SANDBOX_ENDPOINT_HEADER = 'x-spokegate-sandbox-vpce-id';
