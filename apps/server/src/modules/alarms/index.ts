export { alarmDevices, alarmDrills, incidents, incidentEvents, DEVICE_KINDS } from './alarms.tables.js';
export { AlarmsService, ESCALATE_JOB } from './alarms.service.js';
export { alarmsRoutes } from './alarms.routes.js';
export { alarmsConfig, type AlarmsConfig } from './alarms.config.js';
export { INCIDENT_EVENTS } from './alarms.events.js';
export { signDeviceRequest } from './alarms.model.js';
export { DeviceMqtt } from './alarms.mqtt.js';
export { DrillsService } from './drills.service.js';
export { drillsRoutes } from './drills.routes.js';
