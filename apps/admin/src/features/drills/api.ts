import { api, bodyOf } from '@anxiao/web-core';
import type { FinishDrillInput, ScheduleDrillInput } from './types';

export async function listDrills(schoolId: string | undefined) {
  return (await bodyOf(api.GET('/api/drills', { params: { query: { schoolId } } }))).items;
}

export function getDrill(id: string) {
  return bodyOf(api.GET('/api/drills/{id}', { params: { path: { id } } }));
}

/** Schedule a drill or device test: the police station is told at once (报备). */
export function scheduleDrill(input: ScheduleDrillInput) {
  return bodyOf(api.POST('/api/drills', { body: input }));
}

export function acknowledgeDrill(id: string) {
  return bodyOf(api.POST('/api/drills/{id}/acknowledge', { params: { path: { id } } }));
}

export function startDrill(id: string) {
  return bodyOf(api.POST('/api/drills/{id}/start', { params: { path: { id } } }));
}

export function finishDrill(id: string, input: FinishDrillInput) {
  return bodyOf(api.POST('/api/drills/{id}/finish', { params: { path: { id } }, body: input }));
}

export function cancelDrill(id: string, reason: string) {
  return bodyOf(api.POST('/api/drills/{id}/cancel', { params: { path: { id } }, body: { reason } }));
}

export async function listPlanTemplates() {
  return (await bodyOf(api.GET('/api/plan-templates'))).items;
}

export async function listAlarmDevices(schoolId: string) {
  return (await bodyOf(api.GET('/api/alarm-devices', { params: { query: { schoolId } } }))).items;
}
