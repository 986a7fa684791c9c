export * from './jobs.js';
export * from './jobs.tables.js';
export * from './queues.js';
export * from './jobs.routes.js';
