import type { CampusMap } from '../api/types';
import { centroid } from './geo';
import type { maplibregl } from './maplibre';

/** Where the campus map (MapView.tsx) looks: the whole campus fitted, 2D or 3D, or one place. */

const PITCH_3D = 55;
const BEARING_3D = -15;
export const PADDING = 48;

export type Bounds = NonNullable<CampusMap['bounds']>;

/** [[w, s], [e, n]] as the server sends it (a plain number[][] in the generated types). */
export function lngLatBounds(b: Bounds): [number, number, number, number] {
  const [[w = 0, s = 0] = [], [e = 0, n = 0] = []] = b;
  return [w, s, e, n];
}

export function camera(threeD: boolean) {
  return { pitch: threeD ? PITCH_3D : 0, bearing: threeD ? BEARING_3D : 0 };
}

/**
 * The camera that shows the whole campus as large as the map allows. MapLibre's fitBounds is
 * loose once the map is pitched (the far side shrinks): start from it, then measure where the
 * campus corners land on screen and zoom and recentre until they fill the frame. The map is moved
 * to measure and put back, so nothing is drawn in between.
 */
export function campusCamera(map: maplibregl.Map, bounds: Bounds, threeD: boolean) {
  const [w, s, e, n] = lngLatBounds(bounds);
  const view = camera(threeD);
  const fitted = { ...map.cameraForBounds([w, s, e, n], { padding: PADDING, ...view }), ...view };
  const { clientWidth: width, clientHeight: height } = map.getContainer();
  if (width <= 2 * PADDING || height <= 2 * PADDING) return fitted;
  const before = {
    center: map.getCenter(),
    zoom: map.getZoom(),
    pitch: map.getPitch(),
    bearing: map.getBearing(),
  };
  map.jumpTo(fitted);
  const corners: [number, number][] = [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
  ];
  // Room above the far side for the roofs and their labels.
  const top = threeD ? PADDING * 1.5 : PADDING;
  for (let i = 0; i < 3; i++) {
    const points = corners.map((c) => map.project(c));
    const xs = points.map((p) => p.x);
    const ys = points.map((p) => p.y);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const scale = Math.min((width - 2 * PADDING) / (x1 - x0), (height - PADDING - top) / (y1 - y0));
    if (!Number.isFinite(scale) || scale <= 0) break;
    map.jumpTo({
      center: map.unproject([(x0 + x1) / 2, (y0 + y1) / 2 - (top - PADDING) / 2]),
      zoom: map.getZoom() + Math.log2(scale),
    });
  }
  const result = { center: map.getCenter(), zoom: map.getZoom(), ...view };
  map.jumpTo(before);
  return result;
}

/** Ease to a building, gate or area of the campus (nothing if it has no outline). */
export function focusOn(map: maplibregl.Map, data: CampusMap, id: string) {
  const f = [...data.buildings.features, ...data.sites.features].find((b) => b.properties.id === id);
  if (!f) return;
  map.easeTo({ center: centroid(f.geometry), zoom: Math.max(map.getZoom(), 17.5), duration: 600 });
}
