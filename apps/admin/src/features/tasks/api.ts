import { api, bodyOf } from '@anxiao/web-core';
import type { ScheduleInput, TaskFilters, TemplateInput, TemplateUpdate } from './types';

export function getBoard(schoolId: string, date: string | undefined) {
  return bodyOf(api.GET('/api/task-board', { params: { query: { schoolId, date } } }));
}

export function listTasks(filters: TaskFilters, page: number, pageSize: number) {
  return bodyOf(api.GET('/api/tasks', { params: { query: { ...filters, page, pageSize } } }));
}

export function getTask(id: string) {
  return bodyOf(api.GET('/api/tasks/{id}', { params: { path: { id } } }));
}

/** A photo attached to an answer (the file route checks the reader may see it). */
export const fileUrl = (fileId: string) => `/api/files/${encodeURIComponent(fileId)}`;

export function listTemplates(schoolId: string) {
  return bodyOf(api.GET('/api/task-templates', { params: { query: { schoolId } } }));
}

export function addTemplate(input: TemplateInput) {
  return bodyOf(api.POST('/api/task-templates', { body: input }));
}

/** Edit a template with the version read: changed meanwhile, the server refuses (409). */
export function updateTemplate(id: string, input: TemplateUpdate) {
  return bodyOf(api.PATCH('/api/task-templates/{id}', { params: { path: { id } }, body: input }));
}

export function listSchedules(schoolId: string) {
  return bodyOf(api.GET('/api/task-schedules', { params: { query: { schoolId } } }));
}

/** A new schedule: the current period's tasks are made at once. */
export function addSchedule(input: ScheduleInput) {
  return bodyOf(api.POST('/api/task-schedules', { body: input }));
}

/** Pause or resume a schedule. */
export function setScheduleActive(id: string, active: boolean) {
  return bodyOf(api.PATCH('/api/task-schedules/{id}', { params: { path: { id } }, body: { active } }));
}
