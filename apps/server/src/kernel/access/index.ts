export * from './access.js';
export * from './permissions.js';
