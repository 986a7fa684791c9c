import { api, bodyOf } from '@anxiao/web-core';
import type {
  ActionInput,
  HazardDetail,
  HazardFilters,
  MonthlyQuery,
  ReportInput,
  SettingsInput,
} from './types';

/** A path with the given values as its query (empty ones left out). */
function withQuery(path: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, v);
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export function listHazards(filters: HazardFilters, page: number, pageSize: number) {
  return bodyOf(api.GET('/api/hazards', { params: { query: { ...filters, page, pageSize } } }));
}

/** The ledger (台账) as xlsx under the list's filters: a plain link, the browser downloads it. */
export const exportUrl = (filters: HazardFilters) => withQuery('/api/hazards/export', { ...filters });

export function getQueue() {
  return bodyOf(api.GET('/api/hazards/queue'));
}

export function getSupervised() {
  return bodyOf(api.GET('/api/hazards/supervised'));
}

export function getHazard(id: string): Promise<HazardDetail> {
  return bodyOf(api.GET('/api/hazards/{id}', { params: { path: { id } } }));
}

export function actOnHazard(id: string, input: ActionInput) {
  return bodyOf(api.POST('/api/hazards/{id}/actions', { params: { path: { id } }, body: input }));
}

/** Issue the rectification notice (整改通知书); numbered once, a second call changes nothing. */
export function issueNotice(id: string) {
  return bodyOf(api.POST('/api/hazards/{id}/notice', { params: { path: { id } } }));
}

/** The notice as PDF (opened in a new tab). */
export const noticePdfUrl = (id: string) => `/api/hazards/${encodeURIComponent(id)}/notice.pdf`;

export const photoUrl = (id: string, fileId: string) =>
  `/api/hazards/${encodeURIComponent(id)}/photos/${encodeURIComponent(fileId)}`;

export function reportHazard(input: ReportInput) {
  return bodyOf(api.POST('/api/hazards', { body: input }));
}

/**
 * Upload one photo (POST /api/files, multipart field `file`); the stored file. It is kept under the
 * user's own organisation, as the phone does: a grid leader or a department's staff may upload
 * only there, and the hazard's photo route serves it to whoever may read the hazard.
 */
export function getSettings(schoolId: string) {
  return bodyOf(api.GET('/api/hazard-settings/{schoolId}', { params: { path: { schoolId } } }));
}

export function saveSettings(schoolId: string, input: SettingsInput) {
  return bodyOf(api.PUT('/api/hazard-settings/{schoolId}', { params: { path: { schoolId } }, body: input }));
}

export function getMonthly(query: MonthlyQuery) {
  return bodyOf(api.GET('/api/hazard-reports/monthly', { params: { query } }));
}

export const monthlyPdfUrl = (q: MonthlyQuery) => withQuery('/api/hazard-reports/monthly.pdf', q);
export const monthlyXlsxUrl = (q: MonthlyQuery) => withQuery('/api/hazard-reports/monthly.xlsx', q);

/** Send the month's report to the school's supervising authorities; the month as it now stands. */
export function sendMonthly(query: MonthlyQuery) {
  return bodyOf(api.POST('/api/hazard-reports/monthly/send', { body: query }));
}

/** Reports sent: a school's own, or every one that reached a supervisor. */
export function listReports(schoolId?: string) {
  return bodyOf(api.GET('/api/hazard-reports', { params: { query: { schoolId } } }));
}
