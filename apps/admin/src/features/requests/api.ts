import { api, bodyOf, downloadFile } from '@anxiao/web-core';
import type {
  ActionInput,
  CategoryInput,
  CategoryUpdate,
  HotlineInput,
  RatesQuery,
  RequestDetail,
  RequestFilters,
  RouteInput,
  SettingsInput,
} from './types';

export function listRequests(filters: RequestFilters, page: number, pageSize: number) {
  return bodyOf(api.GET('/api/requests', { params: { query: { ...filters, page, pageSize } } }));
}

/** The ledger (台账) as xlsx, under the list's filters. */
export function exportRequests(filters: RequestFilters) {
  return downloadFile('/api/requests/export', { ...filters }, '诉求台账.xlsx');
}

export async function getQueue() {
  return (await bodyOf(api.GET('/api/requests/queue'))).items;
}

export function getRequest(id: string): Promise<RequestDetail> {
  return bodyOf(api.GET('/api/requests/{id}', { params: { path: { id } } }));
}

export function actOnRequest(id: string, input: ActionInput) {
  return bodyOf(api.POST('/api/requests/{id}/actions', { params: { path: { id } }, body: input }));
}

export function postMessage(id: string, body: string, internal: boolean) {
  return bodyOf(
    api.POST('/api/requests/{id}/messages', { params: { path: { id } }, body: { body, internal } }),
  );
}

/** Who filed a sealed request (the grid centre only; the server audits every read). */
export function revealReporter(id: string) {
  return bodyOf(api.GET('/api/requests/{id}/reporter', { params: { path: { id } } }));
}

export const photoUrl = (id: string, fileId: string) =>
  `/api/requests/${encodeURIComponent(id)}/photos/${encodeURIComponent(fileId)}`;

/** The printable PDF of a building's QR codes (opened in a new tab). */
export const qrSheetUrl = (buildingId: string) => `/api/request-qr/${encodeURIComponent(buildingId)}`;

export function fileHotline(input: HotlineInput) {
  return bodyOf(api.POST('/api/requests/hotline', { body: input }));
}

export function getRates(query: RatesQuery) {
  return bodyOf(api.GET('/api/request-rates', { params: { query } }));
}

export async function listCategories(schoolId: string) {
  return (
    await bodyOf(api.GET('/api/schools/{schoolId}/request-categories', { params: { path: { schoolId } } }))
  ).items;
}

export function createCategory(input: CategoryInput) {
  return bodyOf(api.POST('/api/request-categories', { body: input }));
}

export function updateCategory(id: string, input: CategoryUpdate) {
  return bodyOf(api.PUT('/api/request-categories/{id}', { params: { path: { id } }, body: input }));
}

export async function listRoutes(schoolId: string) {
  return (await bodyOf(api.GET('/api/schools/{schoolId}/request-routes', { params: { path: { schoolId } } })))
    .items;
}

export function addRoute(schoolId: string, input: RouteInput) {
  return bodyOf(
    api.POST('/api/schools/{schoolId}/request-routes', { params: { path: { schoolId } }, body: input }),
  );
}

export async function deleteRoute(id: string): Promise<void> {
  await api.DELETE('/api/request-routes/{id}', { params: { path: { id } } });
}

export function getSettings(schoolId: string) {
  return bodyOf(api.GET('/api/schools/{schoolId}/request-settings', { params: { path: { schoolId } } }));
}

export function saveSettings(schoolId: string, input: SettingsInput) {
  return bodyOf(
    api.PUT('/api/schools/{schoolId}/request-settings', { params: { path: { schoolId } }, body: input }),
  );
}

export async function listOpen311Clients(schoolId: string) {
  return (
    await bodyOf(api.GET('/api/schools/{schoolId}/open311-clients', { params: { path: { schoolId } } }))
  ).items;
}

/** A new Open311 client; the answer's apiKey is shown only this once. */
export function addOpen311Client(schoolId: string, name: string) {
  return bodyOf(
    api.POST('/api/schools/{schoolId}/open311-clients', { params: { path: { schoolId } }, body: { name } }),
  );
}

/** Revoke a client: its api_key stops working at once. */
export async function revokeOpen311Client(id: string): Promise<void> {
  await api.DELETE('/api/open311-clients/{id}', { params: { path: { id } } });
}

export async function listBuildings(schoolId: string) {
  const body = await bodyOf(
    api.GET('/api/places', { params: { query: { schoolId, kind: 'building', pageSize: 500 } } }),
  );
  return body.items;
}
