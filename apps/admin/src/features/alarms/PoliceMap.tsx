import { Alert } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { addDistrictLayers, districtLabels, useDistrictContext } from '../../map/district';
import { LabelLayer } from '../../map/labels';
import { createMap, maplibregl } from '../../map/maplibre';
import styles from './PoliceMap.module.css';
import type { Incident, SchoolOverview } from './types';

type GeoData = Parameters<maplibregl.GeoJSONSource['setData']>[0];
type Position = [number, number];

const PADDING = 64;
const MAX_ZOOM = 15;
/** A school's label sits this far above its dot (px). */
const LABEL_RAISE = 20;

export interface PoliceMapProps {
  schools: SchoolOverview[];
  /** open incidents: those with a location are drawn at it */
  incidents: Incident[];
  /** text of a school's label: its name and what is open there */
  schoolLabel: (school: SchoolOverview) => string;
  onSchool: (schoolId: string) => void;
  onIncident: (incidentId: string) => void;
  locale: Record<string, string>;
  failedText: string;
}

const located = <T extends { lon: number | null; lat: number | null }>(
  x: T,
): x is T & { lon: number; lat: number } => x.lon !== null && x.lat !== null;

function schoolsData(schools: SchoolOverview[]): GeoData {
  return {
    type: 'FeatureCollection',
    features: schools.filter(located).map((s) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [s.lon, s.lat] },
      properties: { id: s.id, open: s.openIncidents },
    })),
  };
}

function incidentsData(incidents: Incident[]): GeoData {
  return {
    type: 'FeatureCollection',
    features: incidents.filter(located).map((i) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [i.lon, i.lat] },
      properties: { id: i.id, real: i.mode === 'real' },
    })),
  };
}

/** West, south, east, north of the points, or null without any. */
function boundsOf(points: Position[]): [number, number, number, number] | null {
  if (points.length === 0) return null;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/**
 * The police station's jurisdiction: each school as a labelled dot (red and pulsing while it has an
 * open incident), incidents with a location as red points. Same no-network style as the campus map:
 * a plain background, labels as HTML (the browser's CJK font, no glyph server).
 */
export default function PoliceMap(props: PoliceMapProps) {
  const { schools, incidents } = props;
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const labels = useRef<LabelLayer | null>(null);
  const pulses = useRef<maplibregl.Marker[]>([]);
  const framed = useRef<string | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const [loaded, setLoaded] = useState(false);
  const [ready, setReady] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const district = useDistrictContext(loaded ? mapRef.current : null, loaded);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const map = createMap(el, {
      options: {
        center: [0, 0],
        zoom: 2,
        maxPitch: 0,
        dragRotate: false,
        locale: latest.current.locale,
      },
      navigation: { showCompass: false },
      name: 'police map',
      onFailure: setFailure,
    });
    if (!map) return;
    mapRef.current = map;
    map.on('load', () => {
      // The district's roads, areas and campus outlines, under the schools and incidents.
      addDistrictLayers(map);
      const none: GeoData = { type: 'FeatureCollection', features: [] };
      map.addSource('schools', { type: 'geojson', data: none });
      map.addSource('incidents', { type: 'geojson', data: none });
      map.addLayer({
        id: 'schools',
        type: 'circle',
        source: 'schools',
        paint: {
          'circle-radius': ['case', ['>', ['get', 'open'], 0], 9, 7],
          'circle-color': ['case', ['>', ['get', 'open'], 0], '#f5222d', '#1677ff'],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 2,
        },
      });
      map.addLayer({
        id: 'incidents',
        type: 'circle',
        source: 'incidents',
        paint: {
          'circle-radius': 5,
          'circle-color': ['case', ['get', 'real'], '#a8071a', '#fa8c16'],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 1.5,
        },
      });
      setLoaded(true);
    });
    const pick = (layer: string, handler: (id: string) => void) => {
      map.on('click', layer, (e) => {
        const id: unknown = e.features?.[0]?.properties['id'];
        if (typeof id === 'string') handler(id);
      });
      map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
      map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
    };
    pick('schools', (id) => latest.current.onSchool(id));
    pick('incidents', (id) => latest.current.onIncident(id));
    labels.current = new LabelLayer(map, { hidden: styles.mapLabelHidden!, keep: [styles.mapLabelAlert!] });
    return () => {
      for (const m of pulses.current) m.remove();
      pulses.current = [];
      labels.current?.remove();
      labels.current = null;
      map.remove();
      mapRef.current = null;
    };
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded) return;
    const set = (id: string, data: GeoData) =>
      map
        .getSource<maplibregl.GeoJSONSource>(id)
        ?.setData(data)
        .catch((err: unknown) => console.warn('police map:', err));
    void set('schools', schoolsData(schools));
    void set('incidents', incidentsData(incidents));

    const placed = schools.filter(located);
    labels.current?.set([
      ...placed.map((s) => ({
        id: s.id,
        text: latest.current.schoolLabel(s),
        lngLat: [s.lon, s.lat] as [number, number],
        height: 0,
        raise: LABEL_RAISE,
        className: s.openIncidents > 0 ? `${styles.mapLabel} ${styles.mapLabelAlert}` : styles.mapLabel!,
        rank: s.openIncidents,
        onClick: () => latest.current.onSchool(s.id),
      })),
      ...(district ? districtLabels(district) : []).map((l) => ({
        ...l,
        height: 0,
        className: styles.districtLabel!,
        rank: -1,
      })),
    ]);
    // A pulsing ring (CSS, not a repainted layer) under each school with an open incident.
    for (const m of pulses.current) m.remove();
    pulses.current = placed
      .filter((s) => s.openIncidents > 0)
      .map((s) => {
        // MapLibre moves the marker element by its transform: the ring animates a child of it.
        const el = document.createElement('div');
        el.appendChild(document.createElement('div')).className = styles.pulse!;
        return new maplibregl.Marker({ element: el }).setLngLat([s.lon, s.lat]).addTo(map);
      });

    // Frame the jurisdiction once (and again when its set of schools changes), not on each update.
    const points: Position[] = [...placed, ...incidents.filter(located)].map((p) => [p.lon, p.lat]);
    const key = placed.map((s) => s.id).join(',');
    const bounds = boundsOf(points);
    if (bounds && framed.current !== key) {
      framed.current = key;
      map.fitBounds(bounds, { padding: PADDING, maxZoom: MAX_ZOOM, duration: 0 });
    }
    map.once('idle', () => setReady(true));
  }, [schools, incidents, loaded, district]);

  if (failure)
    return (
      <div className={styles.failed}>
        <Alert type="error" showIcon title={props.failedText} description={failure} />
      </div>
    );
  return (
    <div
      ref={container}
      className={styles.policeMap}
      data-testid="police-map"
      data-ready={ready ? 'true' : undefined}
    />
  );
}
