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
