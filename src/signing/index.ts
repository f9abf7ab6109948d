export * from './types.js';
export * from './sign.js';
export * from './verify.js';
