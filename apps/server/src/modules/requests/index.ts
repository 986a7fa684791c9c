export {
  requestCategories,
  requestRoutes,
  requestSettings,
  requests,
  requestEvents,
  requestFollowers,
  requestCounters,
  open311Clients,
  type CategoryAttribute,
} from './requests.tables.js';
export { RequestsService, CLOCK_JOB, CLOCK_STEPS } from './requests.service.js';
export { requestsRoutes } from './requests.routes.js';
export { open311Routes } from './requests.open311.routes.js';
export { requestsConfig, type RequestsConfig } from './requests.config.js';
export { REQUEST_EVENTS } from './requests.events.js';
export type { DeadlinePolicy } from './requests.routing.js';
export type { RequestStatus } from './requests.model.js';
export { openRequestsByBuilding, openRequestsIn } from './requests.places.js';
