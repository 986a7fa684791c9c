export * from './realtime.js';
export * from './permissions.js';
