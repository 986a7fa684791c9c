export { hazards, hazardEvents, hazardSettings, hazardReports, hazardCounters } from './hazards.tables.js';
export { HazardsService, DEADLINE_JOB, SUPERVISE_JOB } from './hazards.service.js';
export { hazardsRoutes } from './hazards.routes.js';
export { HAZARD_EVENTS } from './hazards.events.js';
export { HAZARD_GRADES, HAZARD_STATUSES, hazardDeadline, type HazardGrade } from './hazards.model.js';
export { openHazardsByBuilding, openHazardsIn } from './hazards.places.js';
