export { warnings, warningRecipients, warningCapRefs } from './warnings.tables.js';
export { WarningsService, DELIVER_JOB, REMIND_JOB } from './warnings.service.js';
export { warningsRoutes } from './warnings.routes.js';
export { WARNING_EVENTS } from './warnings.events.js';
export { CAP_INBOUND, capInboundPayload } from './warnings.cap.js';
export { noticeSeverity, COLOUR_OF_SEVERITY, CAP_SEVERITIES } from './warnings.model.js';
export { insertRecipients, targetsOf } from './warnings.audience.js';
