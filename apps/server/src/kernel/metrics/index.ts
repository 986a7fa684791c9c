export * from './metrics.js';
export * from './metrics.routes.js';
