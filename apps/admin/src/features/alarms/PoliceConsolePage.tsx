import { Badge, Button, Card, Empty, Flex, Spin, Tag, Typography } from 'antd';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useT } from '../../i18n/I18nProvider';
import { useMapLocale } from '../../map/useMapLocale';
import { hasWebGL } from '../../map/webgl';
import styles from './alarms.module.css';
import { useAlarmOverview, useOpenIncidents } from './hooks';
import { IncidentList } from './IncidentList';
import { IncidentPanel } from './IncidentPanel';
import type { SchoolOverview } from './types';

// MapLibre is a chunk of its own, loaded only where a map is drawn.
const PoliceMap = lazy(() => import('./PoliceMap'));

function Schools({
  schools,
  chosen,
  onChoose,
}: {
  schools: SchoolOverview[];
  chosen: string | null;
  onChoose: (id: string | null) => void;
}) {
  const t = useT();
  return (
    <div className={styles.schools}>
      <Flex justify="space-between" align="center">
        <Typography.Text strong>{t('police.schools')}</Typography.Text>
        {chosen && (
          <Button type="link" size="small" onClick={() => onChoose(null)}>
            {t('police.allSchools')}
          </Button>
        )}
      </Flex>
      {schools.map((s) => (
        <button
          type="button"
          key={s.id}
          className={`${styles.schoolRow} ${s.id === chosen ? styles.cardSelected : ''}`}
          onClick={() => onChoose(s.id === chosen ? null : s.id)}
        >
          <span className={styles.grow}>{s.name}</span>
          {s.openIncidents > 0 && <Tag color="red">{t('police.schoolOpen', { count: s.openIncidents })}</Tag>}
          <Typography.Text type={s.devicesOffline > 0 ? 'warning' : 'secondary'} className={styles.nowrap}>
            {s.devices > 0
              ? t('police.devices', { online: s.devices - s.devicesOffline, total: s.devices })
              : t('police.noDevices')}
          </Typography.Text>
        </button>
      ))}
    </div>
  );
}

/**
 * 警校联动台, the police station's console: every open incident of the jurisdiction's schools (the
 * school's name first) beside a map of the jurisdiction, and the same detail as the school's.
 * Realtime events refresh both.
 */
export function PoliceConsolePage() {
  const t = useT();
  const navigate = useNavigate();
  const locale = useMapLocale();
  const id = useParams()['*'] || undefined;
  const [webgl] = useState(hasWebGL);
  const [chosen, setChosen] = useState<string | null>(null);
  const open = useOpenIncidents();
  const overview = useAlarmOverview();
  const schools = overview.data?.schools ?? [];
  const incidents = (open.data ?? []).filter((i) => !chosen || i.schoolId === chosen);
  const show = (incidentId: string) => void navigate(`/police/${incidentId}`);

  const centred = (content: ReactNode) => <div className={styles.centred}>{content}</div>;
  let map: ReactNode;
  if (!webgl) map = centred(<Empty description={t('map.noWebgl')} />);
  else if (!overview.data) map = centred(<Spin />);
  else if (!schools.some((s) => s.lon !== null && s.lat !== null))
    map = centred(<Empty description={t('police.noLocation')} />);
  else
    map = (
      <Suspense fallback={centred(<Spin />)}>
        <PoliceMap
          schools={schools}
          incidents={open.data ?? []}
          schoolLabel={(s) =>
            s.openIncidents > 0 ? `${s.name} · ${t('police.schoolOpen', { count: s.openIncidents })}` : s.name
          }
          onSchool={(schoolId) => {
            setChosen(schoolId);
            if (id) void navigate('/police');
          }}
          onIncident={show}
          locale={locale}
          failedText={t('map.failed')}
        />
      </Suspense>
    );

  return (
    <Card>
      <div className={`${styles.console} ${styles.consoleTall}`}>
        <div className={styles.stage}>{map}</div>
        <IncidentPanel
          id={id}
          onBack={() => void navigate('/police')}
          heading={
            <Flex align="center" gap={8}>
              <Typography.Title level={5} className={styles.flat}>
                {t('police.open')}
              </Typography.Title>
              <Badge count={incidents.length} showZero color={incidents.length ? 'red' : 'gray'} />
            </Flex>
          }
        >
          <IncidentList
            police
            incidents={incidents}
            fetchedAt={open.dataUpdatedAt}
            onOpen={show}
            emptyText={t('police.openEmpty')}
          />
          <Schools schools={schools} chosen={chosen} onChoose={setChosen} />
        </IncidentPanel>
      </div>
    </Card>
  );
}
