import { api, bodyOf } from '@anxiao/web-core';
import type {
  AlarmClass,
  AlarmMode,
  IncidentAction,
  IncidentDetail,
  PlanType,
  RegisterDeviceInput,
} from './types';

export async function listIncidents(query: { open?: boolean; schoolId?: string }) {
  const body = await bodyOf(
    api.GET('/api/incidents', {
      params: { query: { open: query.open ? 'true' : undefined, schoolId: query.schoolId } },
    }),
  );
  return body.items;
}

export async function getIncident(id: string): Promise<IncidentDetail> {
  return bodyOf(api.GET('/api/incidents/{id}', { params: { path: { id } } }));
}

export function actOnIncident(
  id: string,
  action: IncidentAction,
  extra: { note?: string; reason?: string } = {},
) {
  return bodyOf(
    api.POST('/api/incidents/{id}/actions', { params: { path: { id } }, body: { action, ...extra } }),
  );
}

export function addNote(id: string, note: string) {
  return bodyOf(api.POST('/api/incidents/{id}/notes', { params: { path: { id } }, body: { note } }));
}

export async function listPlanTemplates() {
  return (await bodyOf(api.GET('/api/plan-templates'))).items;
}

export function openPlan(id: string, type: PlanType) {
  return bodyOf(api.POST('/api/incidents/{id}/plans', { params: { path: { id } }, body: { type } }));
}

export function tickPlanStep(id: string, stepId: string) {
  return bodyOf(
    api.POST('/api/incidents/{id}/plan-steps/{stepId}/done', { params: { path: { id, stepId } } }),
  );
}

export function raiseManual(input: {
  schoolId: string;
  idempotencyKey: string;
  alarmClass: AlarmClass;
  mode: AlarmMode;
  placeId?: string;
  note?: string;
}) {
  return bodyOf(api.POST('/api/alarms', { body: input }));
}

export async function listDevices(schoolId: string | undefined) {
  return (await bodyOf(api.GET('/api/alarm-devices', { params: { query: { schoolId } } }))).items;
}

export function registerDevice(input: RegisterDeviceInput) {
  return bodyOf(api.POST('/api/alarm-devices', { body: input }));
}

export function testDevice(id: string) {
  return bodyOf(api.POST('/api/alarm-devices/{id}/test', { params: { path: { id } } }));
}

/** The schools the user watches, with location, open incidents and devices (the police map). */
export function getOverview() {
  return bodyOf(api.GET('/api/alarm-overview'));
}

/** One place (for names the device list does not carry). */
export function getPlace(id: string) {
  return bodyOf(api.GET('/api/places/{id}', { params: { path: { id } } }));
}

/** The caller's full number where it is masked (audited on the server). */
export function revealCallerPhone(id: string) {
  return bodyOf(api.POST('/api/incidents/{id}/caller-phone', { params: { path: { id } } }));
}
