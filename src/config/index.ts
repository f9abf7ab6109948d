export * from './config.js';
export { parseYamlFile, readText } from './load.js';
export * from './world.js';
