import { api, bodyOf } from '@anxiao/web-core';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { queryKeys } from '../api/keys';
import type { maplibregl } from './maplibre';

type GeoData = Parameters<maplibregl.GeoJSONSource['setData']>[0];
type DistrictMap = Awaited<ReturnType<typeof getDistrictMap>>;

function getDistrictMap() {
  return bodyOf(api.GET('/api/district-map'));
}

const NONE: GeoData = { type: 'FeatureCollection', features: [] };
const kind = ['get', 'kind'] as maplibregl.ExpressionSpecification;

/**
 * The district's own context under the police map's dots (item 17 of issue 14): water, areas and
 * the station's yard as fills, roads as lines, each school's campus outline. From the district's
 * imported GeoJSON: no tile server. Call once the map has loaded, before the layers that go on top.
 */
export function addDistrictLayers(map: maplibregl.Map): void {
  map.addSource('district', { type: 'geojson', data: NONE });
  map.addSource('campuses', { type: 'geojson', data: NONE });
  map.addLayer({
    id: 'district-fill',
    type: 'fill',
    source: 'district',
    filter: ['==', ['geometry-type'], 'Polygon'],
    paint: {
      'fill-color': ['match', kind, 'water', '#b5d3ea', 'station', '#c9d7f2', '#dfe6d8'],
      'fill-outline-color': ['match', kind, 'station', '#1d4ed8', '#c3cdbd'],
    },
  });
  map.addLayer({
    id: 'district-road-casing',
    type: 'line',
    source: 'district',
    filter: ['==', ['geometry-type'], 'LineString'],
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': '#c8cdd2', 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 4, 17, 14] },
  });
  map.addLayer({
    id: 'district-road',
    type: 'line',
    source: 'district',
    filter: ['==', ['geometry-type'], 'LineString'],
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 2.5, 17, 11] },
  });
  map.addLayer({
    id: 'campus-fill',
    type: 'fill',
    source: 'campuses',
    paint: { 'fill-color': '#4f9d5d', 'fill-opacity': 0.12 },
  });
  map.addLayer({
    id: 'campus-line',
    type: 'line',
    source: 'campuses',
    paint: { 'line-color': '#4f9d5d', 'line-width': 2 },
  });
}

/** Road and area names, and each campus's name, as label specs (HTML labels: no glyph server). */
export function districtLabels(data: DistrictMap) {
  return [
    ...data.context.features
      .filter((f) => f.properties.name)
      .map((f) => {
        const g = f.geometry;
        const pts = g.type === 'LineString' ? g.coordinates : (g.coordinates[0] ?? []);
        const mid = g.type === 'LineString' ? pts[Math.floor(pts.length / 2) - 1] : undefined;
        const next = g.type === 'LineString' ? pts[Math.floor(pts.length / 2)] : undefined;
        const at: [number, number] =
          mid && next
            ? [(mid[0]! + next[0]!) / 2, (mid[1]! + next[1]!) / 2]
            : [
                pts.reduce((s, p) => s + p[0]!, 0) / Math.max(1, pts.length),
                pts.reduce((s, p) => s + p[1]!, 0) / Math.max(1, pts.length),
              ];
        return { id: f.id, text: f.properties.name!, lngLat: at, kind: f.properties.kind, entered: true };
      }),
  ];
}

/** Fetch the district map and keep the map's sources filled with it. */
export function useDistrictContext(map: maplibregl.Map | null, loaded: boolean): DistrictMap | undefined {
  const { data } = useQuery({ queryKey: [...queryKeys.map, 'district'], queryFn: getDistrictMap });
  useEffect(() => {
    if (!map || !loaded || !data) return;
    const set = (id: string, fc: GeoData) =>
      map
        .getSource<maplibregl.GeoJSONSource>(id)
        ?.setData(fc)
        .catch((err: unknown) => console.warn('police map:', err));
    void set('district', data.context);
    void set('campuses', data.schools);
  }, [map, loaded, data]);
  return data;
}
