export { capAlerts, capSubscriptions, capInbound, capInboundDeliveries, capRejects } from './cap.tables.js';
export { capConfig, type CapConfig } from './cap.config.js';
export { CapService, CAP_POLL_JOB, CAP_POLL_ONE_JOB } from './cap.service.js';
export { capRoutes } from './cap.routes.js';
export { capFeedRoutes } from './cap.feed.routes.js';
export { CAP_EVENTS } from './cap.events.js';
export type { InboundReceivedPayload } from './cap.intake.js';
