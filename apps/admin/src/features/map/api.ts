import { api, bodyOf } from '@anxiao/web-core';
import type { Polygon } from '../../api/types';
import type { OutlineCollection } from '../../map/geo';

export function getMapBuilding(id: string) {
  return bodyOf(api.GET('/api/map/buildings/{id}', { params: { path: { id } } }));
}

/** Every building of the school, with or without an outline (for the search box and for drawing). */
export function listBuildings(schoolId: string) {
  return bodyOf(
    api.GET('/api/places', { params: { query: { schoolId, kind: 'building', page: 1, pageSize: 500 } } }),
  );
}

export function saveOutline(id: string, outline: Polygon | null) {
  return bodyOf(api.PATCH('/api/places/{id}', { params: { path: { id } }, body: { outline } }));
}

export function importOutlines(schoolId: string, featureCollection: OutlineCollection) {
  return bodyOf(api.POST('/api/places/geojson', { body: { schoolId, featureCollection } }));
}
