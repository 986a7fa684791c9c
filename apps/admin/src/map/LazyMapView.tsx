import { lazy } from 'react';

// MapLibre and its worker are a chunk of their own, loaded only by the pages that draw a map: a
// page starts the load while its data loads (not after), and draws once both are there.
export const loadMapView = () => import('./MapView');
export const LazyMapView = lazy(() => loadMapView().then((m) => ({ default: m.MapView })));
