// src/analysis: exhaustive answers over every principal and request context (issue 14).
// `whoCan(world)` partitions each request dimension by what the policies mention, decides one
// witness per region with the ordinary engine (src/policy) and merges the regions into classes.
export {
  whoCan,
  planWhoCan,
  WhoCan,
  IDENTITY_ASSUMPTION,
  IF_IDENTITY_ALLOWS,
  IF_AUTHORIZER_ALLOWS,
  APPROXIMATE,
  APPROXIMATE_WORDS,
  SETTLED_BY_BOUNDS_WORDS,
  type AccessClass,
  type Constraint,
  type UnknownLayer,
  type RegionData,
  type WhoCanOptions,
} from './analyze.js';
export {
  authorizerOf,
  callerReadingOf,
  pathReadingOf,
  decide,
  identityUnknown,
  engineQuestion,
  UNKNOWN_IDENTITY,
  isStandIn,
  leastPermissiveWorld,
  mostPermissiveWorld,
  withoutReading,
  type AnalysisWorld,
  type AnalysisApi,
  type AnalysisRole,
  type AnalysisRequest,
  type RequestPrincipal,
} from './world.js';
export { METHODS } from './space.js';
export { statedOrganization, analysisNow } from './world.js';
export {
  answerOverStages,
  mergeStages,
  stageWords,
  type ApiStages,
  type StagedClass,
  type StageData,
  type StageRun,
  type WhoCanAnswer,
} from './stages.js';
export { broaderFirst } from './breadth.js';
export { formatWhoCan, unknownText, witnessText } from './format.js';
export { WHO_CAN_FORMATS, type WhoCanFormat } from './formats.js';
// For analyses of other questions over the same space (diff by classes).
export { coverClasses, unionRefs, unsearchedBy } from './analyze.js';
export { chargePoints, classify, dimensionsOf } from './classes.js';
export { buildSpace, type Space, type SpaceOptions } from './space.js';
// The exact paths Resource patterns name, with a trailing slash (who-can, the proofs, diff by classes).
export { slashedPaths } from './space.js';
export { PointBudget, MAX_DECIDED_POINTS } from './limits.js';
// The stages the policies tell apart (diff by classes, who-can, the proofs).
export { splitByRoutes, stageGroups, type StageGroup } from './stage-groups.js';
