import { maplibregl } from './maplibre';
import styles from './MapView.module.css';

/** Where a phone raised an alarm: its fix and the accuracy it reported (metres). */
export interface MapPin {
  id: string;
  lon: number;
  lat: number;
  accuracy: number | null;
}

const SOURCE = 'alarm-pins';
const EARTH_RADIUS = 6_371_008.8;
/** The circle drawn for a fix without an accuracy, or a very precise one: still visible. */
const MIN_RADIUS = 5;

/** A circle of `metres` around a point as a polygon (64 sides are round at any campus zoom). */
function circle(lon: number, lat: number, metres: number): [number, number][] {
  const dLat = (metres / EARTH_RADIUS) * (180 / Math.PI);
  const dLon = dLat / Math.cos((lat * Math.PI) / 180);
  const ring: [number, number][] = [];
  for (let i = 0; i <= 64; i++) {
    const a = (i / 64) * 2 * Math.PI;
    ring.push([lon + dLon * Math.cos(a), lat + dLat * Math.sin(a)]);
  }
  return ring;
}

/**
 * Draw alarm pins on a map: a marker at each fix and its accuracy circle, above the buildings.
 * Returns the way to take them off again.
 */
export function showPins(map: maplibregl.Map, pins: readonly MapPin[], title: string): () => void {
  const data = {
    type: 'FeatureCollection' as const,
    features: pins.map((p) => ({
      type: 'Feature' as const,
      properties: { id: p.id },
      geometry: {
        type: 'Polygon' as const,
        coordinates: [circle(p.lon, p.lat, Math.max(p.accuracy ?? 0, MIN_RADIUS))],
      },
    })),
  };
  map.addSource(SOURCE, { type: 'geojson', data });
  map.addLayer({
    id: `${SOURCE}-fill`,
    type: 'fill',
    source: SOURCE,
    paint: { 'fill-color': '#f5222d', 'fill-opacity': 0.18 },
  });
  map.addLayer({
    id: `${SOURCE}-line`,
    type: 'line',
    source: SOURCE,
    paint: { 'line-color': '#cf1322', 'line-width': 2, 'line-dasharray': [2, 1] },
  });
  const markers = pins.map((p) => {
    const el = document.createElement('div');
    el.className = styles.pin!;
    el.dataset.testid = 'alarm-pin';
    el.dataset.incidentId = p.id;
    if (p.accuracy !== null) el.dataset.accuracy = String(Math.round(p.accuracy));
    el.title = title;
    el.setAttribute('role', 'img');
    el.setAttribute('aria-label', title);
    return new maplibregl.Marker({ element: el, anchor: 'bottom' }).setLngLat([p.lon, p.lat]).addTo(map);
  });
  return () => {
    for (const m of markers) m.remove();
    if (map.getLayer(`${SOURCE}-line`)) map.removeLayer(`${SOURCE}-line`);
    if (map.getLayer(`${SOURCE}-fill`)) map.removeLayer(`${SOURCE}-fill`);
    if (map.getSource(SOURCE)) map.removeSource(SOURCE);
  };
}
