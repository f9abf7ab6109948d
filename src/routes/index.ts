// API Gateway REST routes: "METHOD /path" specs, resource-path templates and how a request finds
// its route. One matcher for the sandbox (which answers with it) and the harness (which checks a
// scenario's calls against the known routes before sending).
export {
  API_METHODS,
  AUTHORIZATION_TYPES,
  authorizationText,
  authorizerMayOverride,
  formatRoute,
  matchRoute,
  parseRouteSpec,
  pathSegments,
  routeAuthorization,
  routeKey,
  routeSpecProblem,
  specKey,
  statedRouteTypes,
  statedStageRouteTypes,
  templateProblem,
  untypedRoutes,
  unstatedStages,
  unstatedTypes,
  variableSiblingProblem,
} from './routes.js';
export type {
  ApiMethod,
  RouteAuthorization,
  RouteAuthorizationType,
  RouteRef,
  StatedStageRoutes,
} from './routes.js';
export {
  deploymentProblem,
  reachesRegion,
  regionProblem,
  routeProblem,
  stagesProblem,
  statedRoutes,
} from './known.js';
export type { RouteKnowledge, RouteProbe, RouteProblem } from './known.js';
