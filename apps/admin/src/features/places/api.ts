import type { paths } from '@anxiao/api-client';
import { api, bodyOf, downloadFile } from '@anxiao/web-core';
import type { Equipment, Place } from '../../api/types';
import type { JsonBody, QueryOf } from '../../lib/apiTypes';

export type PlaceQuery = QueryOf<paths['/api/places']['get']>;
export type EquipmentQuery = QueryOf<paths['/api/equipment']['get']>;
/** The list filters of a page: the query without the school and the paging. */
export type PlaceFilters = Omit<PlaceQuery, 'schoolId' | 'page' | 'pageSize' | 'keyPart'> & {
  keyPart?: boolean;
};
export type EquipmentFilters = Omit<EquipmentQuery, 'schoolId' | 'page' | 'pageSize'>;

export type CreatePlaceInput = JsonBody<paths['/api/places']['post']['requestBody']>;
export type UpdatePlaceInput = JsonBody<paths['/api/places/{id}']['patch']['requestBody']>;
export type CreateEquipmentInput = JsonBody<paths['/api/equipment']['post']['requestBody']>;
export type UpdateEquipmentInput = JsonBody<paths['/api/equipment/{id}']['patch']['requestBody']>;

export type PlaceKind = Place['kind'];
export type PlaceUse = NonNullable<Place['use']>;
export type EquipmentKind = Equipment['kind'];
export type EquipmentStatus = Equipment['status'];

export const PLACE_KINDS: readonly PlaceKind[] = ['building', 'floor', 'room', 'gate', 'area'];
export const PLACE_USES: readonly PlaceUse[] = [
  'teaching',
  'dormitory',
  'canteen',
  'library',
  'lab',
  'office',
  'sports',
  'medical',
  'utility',
  'other',
];
export const EQUIPMENT_KINDS: readonly EquipmentKind[] = [
  'fire_extinguisher',
  'hydrant',
  'camera',
  'alarm_button',
  'guard_equipment',
  'other',
];
export const EQUIPMENT_STATUSES: readonly EquipmentStatus[] = ['normal', 'faulty', 'expired', 'retired'];

/** The server's code rule (places.schemas.ts). */
export const CODE_PATTERN = /^[A-Za-z0-9_.\-#]{1,40}$/;

/** Which kind of place may sit under which (the server's canHold). */
export function childKinds(parent: PlaceKind | null): PlaceKind[] {
  if (parent === null) return ['building', 'gate', 'area'];
  if (parent === 'building') return ['floor', 'room'];
  if (parent === 'floor') return ['room'];
  return [];
}

function placeQuery(filters: PlaceFilters) {
  const { keyPart, ...rest } = filters;
  return { ...rest, keyPart: keyPart === undefined ? undefined : keyPart ? 'true' : 'false' } as const;
}

export function listPlaces(schoolId: string, filters: PlaceFilters, page: number, pageSize: number) {
  return bodyOf(
    api.GET('/api/places', { params: { query: { ...placeQuery(filters), schoolId, page, pageSize } } }),
  );
}

export function exportPlaces(schoolId: string, filters: PlaceFilters) {
  return downloadFile('/api/places/export.xlsx', { ...placeQuery(filters), schoolId }, 'places.xlsx');
}

export function getPlace(id: string) {
  return bodyOf(api.GET('/api/places/{id}', { params: { path: { id } } }));
}

export function createPlace(input: CreatePlaceInput) {
  return bodyOf(api.POST('/api/places', { body: input }));
}

export function updatePlace(id: string, patch: UpdatePlaceInput) {
  return bodyOf(api.PATCH('/api/places/{id}', { params: { path: { id } }, body: patch }));
}

export function listEquipment(schoolId: string, filters: EquipmentFilters, page: number, pageSize: number) {
  return bodyOf(api.GET('/api/equipment', { params: { query: { ...filters, schoolId, page, pageSize } } }));
}

export function exportEquipment(schoolId: string, filters: EquipmentFilters) {
  return downloadFile('/api/equipment/export.xlsx', { ...filters, schoolId }, 'equipment.xlsx');
}

export function createEquipment(input: CreateEquipmentInput) {
  return bodyOf(api.POST('/api/equipment', { body: input }));
}

export function updateEquipment(id: string, patch: UpdateEquipmentInput) {
  return bodyOf(api.PATCH('/api/equipment/{id}', { params: { path: { id } }, body: patch }));
}
