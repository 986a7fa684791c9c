import {
  ALERT_COLOUR,
  AREA_COLOURS,
  GATE_COLOUR,
  lightened,
  SELECTED_COLOUR,
  type Colouring,
} from './colours';
import type { maplibregl } from './maplibre';

/** The campus map's sources and layers (MapView.tsx): grids, areas, gates and buildings, and their colours. */

type GeoData = Parameters<maplibregl.GeoJSONSource['setData']>[0];

/** A colour, or the alarm red while the feature's flash is on. */
function alerting(colour: maplibregl.ExpressionSpecification | string): maplibregl.ExpressionSpecification {
  return ['case', ['boolean', ['feature-state', 'alert'], false], ALERT_COLOUR, colour];
}

export function buildingColour(colouring: Colouring): maplibregl.ExpressionSpecification {
  return [
    'case',
    ['boolean', ['feature-state', 'alert'], false],
    ALERT_COLOUR,
    ['boolean', ['feature-state', 'selected'], false],
    SELECTED_COLOUR,
    ['boolean', ['feature-state', 'hover'], false],
    lightened(colouring.expression),
    colouring.expression,
  ] as maplibregl.ExpressionSpecification;
}

/** The empty sources and the layers drawn from them, once the map has loaded. */
export function addCampusLayers(map: maplibregl.Map, colouring: Colouring): void {
  // Empty sources: MapView's data effect fills them, on load and on every refetch.
  const none: GeoData = { type: 'FeatureCollection', features: [] };
  map.addSource('grids', { type: 'geojson', data: none });
  map.addSource('sites', { type: 'geojson', data: none, promoteId: 'id' });
  map.addSource('buildings', { type: 'geojson', data: none, promoteId: 'id' });
  const level = ['get', 'level'] as maplibregl.ExpressionSpecification;
  map.addLayer({
    id: 'grid-fill',
    type: 'fill',
    source: 'grids',
    paint: {
      'fill-color': ['match', level, 'campus', '#4f9d5d', '#3b7fc4'],
      'fill-opacity': ['match', level, 'campus', 0.05, 0.08],
    },
  });
  map.addLayer({
    id: 'area-fill',
    type: 'fill',
    source: 'sites',
    filter: ['==', ['get', 'kind'], 'area'],
    paint: {
      'fill-color': alerting(['match', ['get', 'use'], 'sports', AREA_COLOURS.sports!, AREA_COLOURS.other!]),
      'fill-outline-color': '#ffffff',
    },
  });
  map.addLayer({
    id: 'grid-line-campus',
    type: 'line',
    source: 'grids',
    filter: ['==', level, 'campus'],
    paint: { 'line-color': '#4f9d5d', 'line-width': 2.5 },
  });
  map.addLayer({
    id: 'grid-line-zone',
    type: 'line',
    source: 'grids',
    filter: ['!=', level, 'campus'],
    paint: { 'line-color': '#3b7fc4', 'line-width': 1.5, 'line-dasharray': [3, 2] },
  });
  map.addLayer({
    id: 'gates',
    type: 'fill-extrusion',
    source: 'sites',
    filter: ['==', ['get', 'kind'], 'gate'],
    paint: {
      'fill-extrusion-color': alerting(GATE_COLOUR),
      'fill-extrusion-height': ['get', 'height'],
      'fill-extrusion-opacity': 0.95,
    },
  });
  map.addLayer({
    id: 'buildings',
    type: 'fill-extrusion',
    source: 'buildings',
    paint: {
      'fill-extrusion-color': buildingColour(colouring),
      'fill-extrusion-height': ['get', 'height'],
      'fill-extrusion-base': 0,
      'fill-extrusion-opacity': 0.92,
    },
  });
}
