import { Alert, Empty, Spin } from 'antd';
import { Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { colouring } from '../../map/colours';
import { LazyMapView, loadMapView } from '../../map/LazyMapView';
import { useCampusMap } from '../../map/useCampusMap';
import { useMapLocale } from '../../map/useMapLocale';
import { hasWebGL } from '../../map/webgl';
import styles from './alarms.module.css';
import type { Incident } from './types';

const NO_GRIDS = new Map<string, string>();

/**
 * The campus map of a school with the places of its open alarms flashing red. Picking an incident
 * brings its place into view; clicking a flashing building opens its incident.
 */
export function CampusAlertMap({
  schoolId,
  incidents,
  focusId,
  onOpen,
}: {
  schoolId: string | undefined;
  /** the school's open incidents */
  incidents: Incident[];
  /** the incident whose place to bring into view */
  focusId: string | undefined;
  onOpen: (incidentId: string) => void;
}) {
  const t = useT();
  const locale = useMapLocale();
  const [webgl] = useState(hasWebGL);
  const campus = useCampusMap(schoolId);
  useEffect(() => {
    if (webgl) loadMapView().catch(() => undefined); // the lazy component reports a failure
  }, [webgl]);

  const data = campus.data;
  const colours = useMemo(
    () => colouring('use', data?.buildings.features.map((f) => f.properties) ?? [], NO_GRIDS),
    [data],
  );
  const alertIds = useMemo(
    () => [...new Set(incidents.flatMap((i) => (i.mapPlaceId ? [i.mapPlaceId] : [])))].sort(),
    [incidents],
  );
  // Each phone fix as a pin with its accuracy circle.
  const pins = useMemo(
    () =>
      incidents.flatMap((i) =>
        i.lon !== null && i.lat !== null ? [{ id: i.id, lon: i.lon, lat: i.lat, accuracy: i.accuracy }] : [],
      ),
    [incidents],
  );
  const focused = incidents.find((i) => i.id === focusId);
  const focusPlace = focused?.mapPlaceId ?? null;

  const centred = (content: ReactNode) => <div className={styles.centred}>{content}</div>;
  if (!webgl)
    return centred(
      <Alert type="warning" showIcon title={t('map.noWebgl')} description={t('map.noWebglHint')} />,
    );
  if (campus.error) return centred(<Alert type="error" showIcon title={errorMessage(campus.error, t)} />);
  if (!data) return centred(<Spin />);
  if (data.bounds === null) return centred(<Empty description={t('incidents.noMap')} />);

  return (
    <Suspense fallback={centred(<Spin />)}>
      {focused && !focusPlace && (
        <Alert className={styles.mapNotice} type="info" showIcon title={t('incidents.notOnMap')} />
      )}
      <LazyMapView
        key={data.schoolId}
        focusId={focusPlace}
        data={data}
        threeD={false}
        colouring={colours}
        selectedId={null}
        onSelect={(placeId) => {
          const hit = incidents.find((i) => i.mapPlaceId === placeId);
          if (hit) onOpen(hit.id);
        }}
        alertIds={alertIds}
        pins={pins}
        pinTitle={t('incident.pin')}
        locale={locale}
        failedText={t('map.failed')}
      />
    </Suspense>
  );
}
