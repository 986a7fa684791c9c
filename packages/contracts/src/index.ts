export * from './realtime.js';
export * from './permissions.js';
export * from './audit.js';
export * from './phone.js';
export * from './checklist.js';
export * from './cap.js';
