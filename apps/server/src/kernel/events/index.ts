export * from './bus.js';
export * from './consumers.js';
export { NatsBus } from './nats-bus.js';
export * from './outbox.js';
export * from './events.tables.js';
