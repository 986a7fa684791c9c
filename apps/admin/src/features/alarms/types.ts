import type { paths } from '@anxiao/api-client';
import { valuesOf, type Schemas, type JsonBody } from '../../lib/apiTypes';

export type Incident = Schemas['Incident'];
export type IncidentDetail = Schemas['IncidentDetail'];
export type AlarmDevice = Schemas['AlarmDevice'];
export type TimelineEntry = IncidentDetail['timeline'][number];
export type IncidentPlan = IncidentDetail['plans'][number];
export type ClockEntry = Incident['clock'][number];

export type AlarmClass = Incident['alarmClass'];
export type AlarmMode = Incident['mode'];
export type AlarmSource = Incident['source'];
export type IncidentStatus = Incident['status'];
export type IncidentAction = JsonBody<paths['/api/incidents/{id}/actions']['post']['requestBody']>['action'];
export type DeviceKind = AlarmDevice['kind'];
export type PlanType = JsonBody<paths['/api/incidents/{id}/plans']['post']['requestBody']>['type'];
export type RegisterDeviceInput = JsonBody<paths['/api/alarm-devices']['post']['requestBody']>;

export type AlarmOverview = JsonBody<paths['/api/alarm-overview']['get']['responses'][200]>;
/** A school of the police map: location, open incidents, devices (and how many are offline). */
export type SchoolOverview = AlarmOverview['schools'][number];

export const ALARM_CLASSES = valuesOf<AlarmClass>({
  police: true,
  staff_assist: true,
  medical: true,
  fire: true,
});
export const ALARM_MODES = valuesOf<AlarmMode>({ real: true, drill: true, test: true });
export const DEVICE_KINDS = valuesOf<DeviceKind>({
  gate: true,
  guard_room: true,
  dorm_duty: true,
  shop: true,
  other: true,
});
export const OPEN_STATUSES: readonly IncidentStatus[] = ['raised', 'acknowledged', 'dispatched', 'on_scene'];
export const isOpen = (status: IncidentStatus) => OPEN_STATUSES.includes(status);
