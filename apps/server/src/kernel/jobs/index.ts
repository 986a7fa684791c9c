export * from './jobs.js';
export * from './jobs.tables.js';
