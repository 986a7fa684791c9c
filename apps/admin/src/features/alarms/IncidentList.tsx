import { formatTime } from '../../lib/format';
import { Empty, Typography } from 'antd';
import { useT } from '../../i18n/I18nProvider';
import styles from './alarms.module.css';
import { placeText } from './caller';
import { ResponseClock } from './ResponseClock';
import { ClassTag, ModeTag, StatusTag } from './tags';
import { rings, useAlarmRights } from './rights';
import type { Incident } from './types';

/** Where the police stand on an incident: awaiting, accepted at, on scene at. */
function PoliceState({ incident }: { incident: Incident }) {
  const t = useT();
  if (incident.policeOnSceneAt)
    return <>{t('police.onScene', { time: formatTime(incident.policeOnSceneAt) })}</>;
  if (incident.policeAcceptedAt)
    return <>{t('police.accepted', { time: formatTime(incident.policeAcceptedAt) })}</>;
  return <span className={styles.awaiting}>{t('police.awaiting')}</span>;
}

/**
 * Open incidents as cards, the newest first, each with its marks (drill, test), status and response
 * clock. `police`: the school's name leads and the police state shows (the police console).
 */
export function IncidentList({
  incidents,
  fetchedAt,
  selectedId,
  onOpen,
  police,
  emptyText,
}: {
  incidents: Incident[];
  fetchedAt: number;
  selectedId?: string | undefined;
  onOpen: (id: string) => void;
  police?: boolean;
  emptyText: string;
}) {
  const t = useT();
  if (incidents.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} />;
  const rights = useAlarmRights();
  const sorted = [...incidents].sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
  return (
    <div className={styles.list} data-testid="open-incidents">
      {sorted.map((i) => (
        <button
          type="button"
          key={i.id}
          data-incident-id={i.id}
          data-status={i.status}
          data-mode={i.mode}
          className={[
            styles.card,
            rings(i, rights) ? styles.cardRinging : '',
            i.mode !== 'real' ? styles[`card_${i.mode}`] : '',
            i.id === selectedId ? styles.cardSelected : '',
          ].join(' ')}
          onClick={() => onOpen(i.id)}
        >
          {police && <div className={styles.cardSchool}>{i.schoolName}</div>}
          <div className={styles.cardTags}>
            <ModeTag mode={i.mode} />
            <ClassTag alarmClass={i.alarmClass} />
            <StatusTag status={i.status} />
            <span className={styles.cardTime}>{formatTime(i.raisedAt)}</span>
          </div>
          <div className={styles.cardPlace}>
            {placeText(i, t)}
            <Typography.Text type="secondary"> · {t(`alarm.source.${i.source}`)}</Typography.Text>
          </div>
          {police && (
            <div className={styles.cardPolice}>
              <PoliceState incident={i} />
            </div>
          )}
          <ResponseClock incident={i} fetchedAt={fetchedAt} compact />
        </button>
      ))}
    </div>
  );
}
