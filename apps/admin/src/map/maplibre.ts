import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

// The MapLibre set-up every map of the console shares. MapLibre GL 6 ships its worker as a separate
// module file; the bundle does not sit beside it, so say where Vite put it (or the map stays blank).
maplibregl.setWorkerUrl(workerUrl);

/** No tiles, no glyphs, no network: a plain background under the console's own GeoJSON. */
export const STYLE: maplibregl.StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#eef2f0' } }],
};

export { maplibregl };

export interface MapSetup {
  /** the camera and interaction options of this map (the style, the container and no attribution are shared) */
  options: Omit<maplibregl.MapOptions, 'container' | 'style' | 'attributionControl'>;
  navigation: maplibregl.NavigationControlOptions;
  /** named in the console's warnings */
  name: string;
  /** called when there is no map at all: it could not be made, or failed before its first frame */
  onFailure: (message: string) => void;
}

/**
 * A console map on the shared style: zoom buttons top right, a metric scale bottom right, and errors
 * before the first frame reported as a failure (later ones are logged and survived). Null when
 * MapLibre could not make the map (no WebGL).
 */
export function createMap(container: HTMLElement, setup: MapSetup): maplibregl.Map | null {
  let map: maplibregl.Map;
  try {
    map = new maplibregl.Map({ container, style: STYLE, attributionControl: false, ...setup.options });
  } catch (err) {
    setup.onFailure(err instanceof Error ? err.message : String(err));
    return null;
  }
  map.addControl(new maplibregl.NavigationControl(setup.navigation), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
  let isLoaded = false;
  map.on('load', () => {
    isLoaded = true;
  });
  map.on('error', (e) => {
    if (!isLoaded) setup.onFailure(e.error?.message ?? 'error');
    console.warn(`${setup.name}:`, e.error);
  });
  return map;
}
