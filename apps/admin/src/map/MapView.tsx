import { Alert } from 'antd';
import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import type { CampusMap, Polygon } from '../api/types';
import { camera, campusCamera, focusOn, lngLatBounds, PADDING, type Bounds } from './camera';
import type { Colouring } from './colours';
import { centroid, footprint } from './geo';
import { LabelLayer } from './labels';
import { addCampusLayers, buildingColour } from './mapLayers';
import { createMap, type maplibregl } from './maplibre';
import styles from './MapView.module.css';
import { showPins, type MapPin } from './pins';
import type { OutlineSession } from './outlineEditor';

/** Half a period of the flashing of an alarm's place (ms). */
const FLASH_MS = 500;

type GeoData = Parameters<maplibregl.GeoJSONSource['setData']>[0];

export interface MapViewHandle {
  resetView(): void;
  /** Bring a building (or a gate or area) into view: picked from the search box, or an alarm's place. */
  focus(id: string): void;
  /** While editing: discard the shape and draw anew. */
  redraw(): void;
}

export interface MapViewProps {
  data: CampusMap;
  threeD: boolean;
  colouring: Colouring;
  selectedId: string | null;
  onSelect: (id: string) => void;
  /** The building whose outline is being drawn or adjusted, with the outline it starts from. */
  editing?: { id: string; outline: Polygon | null } | null;
  onDraft?: (outline: Polygon | null) => void;
  /** Buildings, gates or areas where an alarm is open: drawn flashing red, their labels always shown. */
  alertIds?: readonly string[];
  /** A building, gate or area to bring into view whenever it changes (an alarm's place). */
  focusId?: string | null;
  /** Alarm positions (a phone's fix) with their accuracy circles; `pinTitle` names them. */
  pins?: readonly MapPin[];
  pinTitle?: string;
  /** Translated strings: MapLibre's own control tooltips and the failure message. */
  locale: Record<string, string>;
  failedText: string;
  ref?: Ref<MapViewHandle>;
}

export function MapView(props: MapViewProps) {
  const { data, threeD, colouring, selectedId, editing = null, alertIds, focusId, ref } = props;
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const labels = useRef<LabelLayer | null>(null);
  const hovered = useRef<string | null>(null);
  const session = useRef<OutlineSession | null>(null);
  // Set up with the map: hover a building (also from its label).
  const hoverRef = useRef<(id: string | null) => void>(() => undefined);
  // Latest props for the handlers the map holds on to.
  const latest = useRef(props);
  latest.current = props;
  const [loaded, setLoaded] = useState(false);
  const [ready, setReady] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  // The map, once per mount (the page mounts a new one per school).
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const { data: first, threeD: first3D, locale } = latest.current;
    const map = createMap(el, {
      options: {
        ...(first.bounds
          ? { bounds: lngLatBounds(first.bounds), fitBoundsOptions: { padding: PADDING } }
          : { center: [first.centre?.[0] ?? 0, first.centre?.[1] ?? 0] as [number, number], zoom: 16 }),
        ...camera(first3D),
        maxPitch: first3D ? 70 : 0,
        locale,
      },
      navigation: { visualizePitch: true },
      name: 'campus map',
      onFailure: setFailure,
    });
    if (!map) return;
    mapRef.current = map;
    if (first.bounds) map.jumpTo(campusCamera(map, first.bounds, first3D));

    // The visible bounds (w,s,e,n) once the view has settled: what the page shows, for its tests.
    map.on('moveend', () => {
      el.dataset.view = map
        .getBounds()
        .toArray()
        .flat()
        .map((v) => v.toFixed(6))
        .join(',');
    });

    map.on('load', () => {
      addCampusLayers(map, latest.current.colouring);
      setLoaded(true);
    });

    const setHover = (id: string | null) => {
      if (hovered.current === id) return;
      if (hovered.current)
        map.setFeatureState({ source: 'buildings', id: hovered.current }, { hover: false });
      labels.current?.toggle(hovered.current, styles.labelHover!, false);
      hovered.current = id;
      if (id) map.setFeatureState({ source: 'buildings', id }, { hover: true });
      labels.current?.toggle(id, styles.labelHover!, true);
    };
    map.on('mousemove', 'buildings', (e) => {
      if (latest.current.editing) return;
      const id = e.features?.[0]?.id;
      setHover(typeof id === 'string' ? id : null);
      map.getCanvas().style.cursor = 'pointer';
    });
    map.on('mouseleave', 'buildings', () => {
      setHover(null);
      map.getCanvas().style.cursor = '';
    });
    map.on('click', 'buildings', (e) => {
      if (latest.current.editing) return;
      const id = e.features?.[0]?.id;
      if (typeof id === 'string') latest.current.onSelect(id);
    });

    labels.current = new LabelLayer(map, {
      hidden: styles.labelHidden!,
      keep: [styles.labelAlert!, styles.labelSelected!],
    });
    hoverRef.current = setHover;

    return () => {
      session.current?.stop();
      session.current = null;
      labels.current?.remove();
      labels.current = null;
      map.remove();
      mapRef.current = null;
      setLoaded(false);
      setReady(false);
    };
  }, []);

  // Data (first load and every refetch): the sources and the labels.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded) return;
    const update = (id: string, fc: GeoData) =>
      map
        .getSource<maplibregl.GeoJSONSource>(id)
        ?.setData(fc)
        .catch((err: unknown) => console.warn('campus map:', err));
    void update('grids', data.grids);
    void update('sites', data.sites);
    void update('buildings', data.buildings);
    // Ready (data-ready="true") once the buildings have been drawn for the first time.
    map.once('idle', () => setReady(true));

    const onHover = (id: string) => (inside: boolean) => {
      if (!latest.current.editing) hoverRef.current(inside ? id : null);
    };
    const selected = latest.current.selectedId;
    labels.current?.set([
      ...data.buildings.features.map((f) => {
        const id = f.properties.id;
        return {
          id,
          text: f.properties.name,
          lngLat: centroid(f.geometry),
          height: f.properties.height,
          className: id === selected ? `${styles.label} ${styles.labelSelected}` : styles.label!,
          // Bigger buildings keep their label when labels compete.
          rank: 2 + footprint(f.geometry),
          onClick: () => {
            if (!latest.current.editing) latest.current.onSelect(id);
          },
          onHover: onHover(id),
        };
      }),
      ...data.sites.features.map((f) => ({
        id: f.properties.id,
        text: f.properties.name,
        lngLat: centroid(f.geometry),
        height: f.properties.height,
        className: f.properties.kind === 'gate' ? styles.gateLabel! : styles.areaLabel!,
        rank: f.properties.kind === 'gate' ? 1 : 0,
      })),
    ]);
  }, [data, loaded]);

  // Colouring.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded) return;
    map.setPaintProperty('buildings', 'fill-extrusion-color', buildingColour(colouring));
  }, [colouring, loaded]);

  // The selected building: its feature state and its label.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded || !selectedId) return;
    const source = { source: 'buildings', id: selectedId };
    map.setFeatureState(source, { selected: true });
    labels.current?.toggle(selectedId, styles.labelSelected!, true);
    return () => {
      if (!mapRef.current) return;
      map.setFeatureState(source, { selected: false });
      labels.current?.toggle(selectedId, styles.labelSelected!, false);
    };
  }, [selectedId, loaded, data]);

  // Places of open alarms: flashing red (their feature state toggled), labels red and always shown.
  const alertKey = (alertIds ?? []).join(',');
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded || !alertKey) return;
    const ids = alertKey.split(',');
    const sourceOf = (id: string) =>
      data.buildings.features.some((f) => f.properties.id === id)
        ? 'buildings'
        : data.sites.features.some((f) => f.properties.id === id)
          ? 'sites'
          : null;
    const targets = ids.flatMap((id) => {
      const source = sourceOf(id);
      return source ? [{ source, id }] : [];
    });
    let on = true;
    const paint = () => {
      for (const target of targets) map.setFeatureState(target, { alert: on });
    };
    paint();
    for (const id of ids) labels.current?.toggle(id, styles.labelAlert!, true);
    const timer = setInterval(() => {
      on = !on;
      paint();
    }, FLASH_MS);
    return () => {
      clearInterval(timer);
      if (!mapRef.current) return;
      on = false;
      paint();
      for (const id of ids) labels.current?.toggle(id, styles.labelAlert!, false);
    };
  }, [alertKey, loaded, data]);

  // Alarm positions: pins with their accuracy circles, drawn again when they change.
  const pinKey = JSON.stringify(props.pins ?? []);
  useEffect(() => {
    const map = mapRef.current;
    const pins = latest.current.pins ?? [];
    if (!map || !loaded || !pins.length) return;
    return showPins(map, pins, latest.current.pinTitle ?? '');
  }, [pinKey, loaded]);

  // 2D / 3D: the whole campus fitted again for the new view (a 3D fit leaves the far side, the
  // dorm rows in the north, outside a top-down frame).
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded || latest.current.editing) return;
    const bounds: Bounds | null = latest.current.data.bounds;
    map.setMaxPitch(threeD ? 70 : 0);
    map.easeTo({ ...(bounds ? campusCamera(map, bounds, threeD) : camera(threeD)), duration: 600 });
  }, [threeD, loaded]);

  // A place named to be in view: once the map is there, and again whenever another is named.
  // After the 2D/3D effect, whose easing on load would otherwise cut this one short.
  useEffect(() => {
    const map = mapRef.current;
    if (map && loaded && focusId) focusOn(map, latest.current.data, focusId);
  }, [focusId, loaded]);

  // Editing an outline: terra-draw (its own chunk) on a top-down view, the building's own
  // extrusion hidden so the shape under the pointer is the one being edited.
  const editingId = editing?.id;
  useEffect(() => {
    const map = mapRef.current;
    const start = latest.current.editing;
    if (!map || !loaded || !editingId || !start) return;
    let cancelled = false;
    map.setFilter('buildings', ['!=', ['get', 'id'], editingId]);
    map.setMaxPitch(0);
    map.easeTo({
      pitch: 0,
      bearing: 0,
      ...(start.outline ? { center: centroid(start.outline) } : {}),
      duration: 400,
    });
    container.current?.classList.add(styles.editing!);
    import('./outlineEditor')
      .then(({ startOutlineEditor }) => {
        if (cancelled) return;
        session.current = startOutlineEditor(map, start.outline, (o) => latest.current.onDraft?.(o));
      })
      .catch((err: unknown) => setFailure(err instanceof Error ? err.message : String(err)));
    return () => {
      cancelled = true;
      session.current?.stop();
      session.current = null;
      container.current?.classList.remove(styles.editing!);
      if (!mapRef.current) return;
      map.setFilter('buildings', null);
      const is3D = latest.current.threeD;
      map.setMaxPitch(is3D ? 70 : 0);
      map.easeTo({ ...camera(is3D), duration: 400 });
    };
  }, [editingId, loaded]);

  useImperativeHandle(
    ref,
    () => ({
      resetView: () => {
        const map = mapRef.current;
        const bounds: Bounds | null = latest.current.data.bounds;
        if (!map || !bounds) return;
        map.easeTo({
          ...campusCamera(map, bounds, latest.current.threeD && !latest.current.editing),
          duration: 600,
        });
      },
      focus: (id) => {
        if (mapRef.current) focusOn(mapRef.current, latest.current.data, id);
      },
      redraw: () => session.current?.redraw(),
    }),
    [],
  );

  if (failure) {
    return (
      <div className={styles.notice}>
        <Alert type="error" showIcon title={props.failedText} description={failure} />
      </div>
    );
  }
  return (
    <div
      ref={container}
      className={styles.map}
      data-testid="campus-map"
      data-ready={ready ? 'true' : undefined}
    />
  );
}
