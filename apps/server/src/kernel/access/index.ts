export * from './access.js';
export * from './permissions.js';
export * from './grants.js';
export * from './actor-cache.js';
