export { runSuite, type SuiteOptions, type SuiteResult } from './suite.js';
export { RunContext, type Mode, type CallSpec, type CellDraft } from './context.js';
export { checkFeatures, findFeatureFiles, parseFeature } from './features.js';
export { vocabulary, allPatterns } from './vocabulary.js';
export { DEFAULT_ENDPOINT, endpointFilesByAlias, policyFiles, stripAws } from './policy-files.js';
