// The gateway client: addressing modes, connection overrides, TLS, retries, classification.
export { createGatewayClient, requestTarget, secureContextWithCa, tamperSignature } from './client.js';
export { USER_AGENT } from './user-agent.js';
export type { CallResult, GatewayCall, GatewayClient, GatewayClientOptions } from './client.js';
export { address, addressingModes, privateDnsHost } from './addressing.js';
export type { Addressed, AddressingMode, ApiRef, EndpointRef } from './addressing.js';
export { classifyNetworkError, classifyResponse, detectClockSkew, errorMessage } from './classify.js';
export type { Classification, ClockSkew, Outcome, Reason } from './classify.js';
export { parseConnectTo, parseResolve, routeFor } from './route.js';
export type { ConnectToRule, ResolveRule, Route } from './route.js';
