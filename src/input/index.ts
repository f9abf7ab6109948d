// Input files: the project boundary, the limits of each kind, the one reader every input goes through
// (see docs/limits.md), and where something is in a JSON or YAML text.
export {
  readInput,
  fileType,
  checkInputPath,
  checkTextSize,
  checkPolicyText,
  mayQuote,
  inputPath,
  tooLarge,
  type ReadOptions,
  hiddenInName,
} from './read.js';
export { walkInputs } from './walk.js';
export {
  makeScope,
  withInputScope,
  withCommandScope,
  leaveInputScope,
  currentScope,
  addProjectRoot,
  insideRoots,
  folderLinkedOut,
  folderHoldsProject,
  type InputScope,
} from './scope.js';
export {
  SIZE_LIMITS,
  KIND_NAMES,
  MAX_DEPTH,
  MAX_YAML_ALIASES,
  MAX_TEMPLATE_STEPS,
  MAX_TEMPLATE_TEXT,
  MAX_TOTAL_INPUT,
  MAX_WALK_FILES,
  MAX_WALK_ENTRIES,
  MAX_SCENARIOS,
  MAX_STEPS,
  MAX_TAGS_PER_SCENARIO,
  MAX_TAG_EXPRESSION,
  MAX_CALLS,
  formatBytes,
  formatCount,
  type InputKind,
} from './limits.js';
export {
  checkJsonDepth,
  checkYamlDepth,
  jsonDepth,
  refuseVersionDependentScalars,
  yamlToJs,
  YAML_TO_JS,
  tooDeep,
  firstInData,
} from './structure.js';
export {
  jsonSyntaxError,
  jsonSyntaxMessage,
  jsonSyntaxWithin,
  lineColumn,
  hasDuplicateJsonKeys,
  locate,
  type JsonSyntaxError,
  type TextPosition,
  type TreePath,
  type DuplicateKey,
  type TextLocator,
} from './locate.js';
