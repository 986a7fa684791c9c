import type { Map as MapLibreMap } from 'maplibre-gl';
import { TerraDraw, TerraDrawPolygonMode, TerraDrawSelectMode, type GeoJSONStoreFeatures } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { Polygon } from '../api/types';
import { toOutline } from './geo';

// Drawing and adjusting one building outline with terra-draw. Loaded on demand (its own chunk):
// only admins who edit an outline pay for it.

export interface OutlineSession {
  /** Throw the current shape away and draw a new one point by point. */
  redraw(): void;
  stop(): void;
}

const BLUE = '#1677ff';
const WHITE = '#ffffff';

/**
 * Start editing on the map: an existing outline opens in select mode (drag its corners, drag a
 * midpoint to add one, drag the whole shape); without one, polygon mode draws a new shape and
 * switches to select mode once it is closed. onChange gets the outline after every change (null
 * while there is no closed shape).
 */
export function startOutlineEditor(
  map: MapLibreMap,
  outline: Polygon | null,
  onChange: (outline: Polygon | null) => void,
): OutlineSession {
  const draw = new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map, prefixId: 'outline-edit' }),
    modes: [
      new TerraDrawPolygonMode({
        styles: {
          fillColor: BLUE,
          fillOpacity: 0.25,
          outlineColor: BLUE,
          outlineWidth: 2,
          closingPointColor: WHITE,
          closingPointOutlineColor: BLUE,
          closingPointWidth: 6,
          closingPointOutlineWidth: 2,
        },
      }),
      new TerraDrawSelectMode({
        allowManualDeselection: false,
        flags: {
          polygon: {
            feature: {
              draggable: true,
              coordinates: { draggable: true, midpoints: true, deletable: true },
            },
          },
        },
        styles: {
          selectedPolygonColor: BLUE,
          selectedPolygonFillOpacity: 0.25,
          selectedPolygonOutlineColor: BLUE,
          selectedPolygonOutlineWidth: 2,
          selectionPointColor: WHITE,
          selectionPointOutlineColor: BLUE,
          selectionPointWidth: 5,
          selectionPointOutlineWidth: 2,
          midPointColor: BLUE,
          midPointOutlineColor: WHITE,
          midPointWidth: 3,
          midPointOutlineWidth: 1,
        },
      }),
    ],
  });
  draw.start();

  const closedShapes = () =>
    draw.getSnapshot().filter((f) => f.geometry.type === 'Polygon' && !f.properties.currentlyDrawing);

  // 'change' fires on every pointer move while drawing: report at most once a frame.
  let pending = 0;
  const report = () => {
    if (pending) return;
    pending = requestAnimationFrame(() => {
      pending = 0;
      const shape = closedShapes().at(-1);
      onChange(shape ? toOutline(shape.geometry) : null);
    });
  };

  const select = (id: string | number) => {
    draw.setMode('select');
    draw.selectFeature(id);
  };

  const begin = (from: Polygon | null) => {
    draw.clear();
    if (from) {
      const id = draw.getFeatureId();
      const feature = { id, type: 'Feature', geometry: from, properties: { mode: 'polygon' } };
      const [check] = draw.addFeatures([feature as GeoJSONStoreFeatures]);
      if (check?.valid) {
        select(id);
        report();
        return;
      }
    }
    draw.setMode('polygon');
    report();
  };

  draw.on('change', report);
  draw.on('finish', (id, context) => {
    if (context.mode === 'polygon') {
      // One outline per building: a newly closed shape replaces whatever was there.
      const others = draw.getSnapshot().flatMap((f) => (f.id !== undefined && f.id !== id ? [f.id] : []));
      if (others.length) draw.removeFeatures(others);
      select(id);
    }
    report();
  });

  begin(outline);
  return {
    redraw: () => begin(null),
    stop: () => {
      cancelAnimationFrame(pending);
      draw.stop();
    },
  };
}
