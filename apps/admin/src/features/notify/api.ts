import type { paths } from '@anxiao/api-client';
import { api, bodyOf } from '@anxiao/web-core';
import type { JsonBody, QueryOf, Schemas } from '../../lib/apiTypes';

export type NotifyRecord = Schemas['NotifyRecord'];
export type NotifyRecordDetail = Schemas['NotifyRecordDetail'];
export type NotifyAttempt = Schemas['NotifyAttempt'];
export type NotifyPrefs = Schemas['NotifyPrefs'];
export type NotifyPrefsInput = JsonBody<paths['/api/notify/prefs']['put']['requestBody']>;
export type RecordFilters = QueryOf<paths['/api/notify/records']['get']>;

export const notifyKeys = {
  records: ['notify', 'records'] as const,
  record: (id: string) => ['notify', 'records', id] as const,
  prefs: ['notify', 'prefs'] as const,
};

export function listRecords(filters: Partial<RecordFilters>, page: number, pageSize: number) {
  return bodyOf(api.GET('/api/notify/records', { params: { query: { ...filters, page, pageSize } } }));
}

export function getRecord(id: string) {
  return bodyOf(api.GET('/api/notify/records/{id}', { params: { path: { id } } }));
}

export function retryRecord(id: string) {
  return bodyOf(api.POST('/api/notify/records/{id}/retry', { params: { path: { id } } }));
}

export function getPrefs() {
  return bodyOf(api.GET('/api/notify/prefs'));
}

export function savePrefs(body: NotifyPrefsInput) {
  return bodyOf(api.PUT('/api/notify/prefs', { body }));
}

export type NotifyTemplate = Schemas['NotifyTemplate'];
export type NotifyTemplateInput = JsonBody<paths['/api/notify/templates']['put']['requestBody']>;

export const templatesKey = ['notify', 'templates'] as const;

export function listTemplates() {
  return bodyOf(api.GET('/api/notify/templates'));
}

export function saveTemplate(body: NotifyTemplateInput) {
  return bodyOf(api.PUT('/api/notify/templates', { body }));
}

export function deleteTemplate(id: string) {
  return bodyOf(api.DELETE('/api/notify/templates/{id}', { params: { path: { id } } }));
}
