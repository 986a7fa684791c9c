import { Badge } from 'antd';
import { useT } from '../../i18n/I18nProvider';
import styles from './alarms.module.css';
import { formatDuration } from '../../lib/format';
import { CLOCK_COLOUR, liveEntry } from './clock';
import type { ClockEntry, Incident } from './types';

/** When each step of the clock was taken (null: not yet, or never). */
const TAKEN: Record<ClockEntry['key'], keyof Incident> = {
  acknowledge: 'acknowledgedAt',
  police_accept: 'policeAcceptedAt',
  on_scene: 'onSceneAt',
  police_on_scene: 'policeOnSceneAt',
  fire_accept: 'policeAcceptedAt',
  fire_on_scene: 'policeOnSceneAt',
};
import { useNow } from './useNow';

/**
 * The response clock (1-3-5): each step's time from the alarm against its target, green when met,
 * red when missed or overdue, ticking while awaited. `compact`: one line of badges for a list.
 */
export function ResponseClock({
  incident,
  fetchedAt,
  compact,
}: {
  incident: Incident;
  fetchedAt: number;
  compact?: boolean;
}) {
  const t = useT();
  const ticking = incident.clock.some((c) => c.state === 'running' || c.state === 'overdue');
  const now = useNow(ticking);
  const entries = incident.clock.map((c) => liveEntry(c, fetchedAt, now));

  if (compact)
    return (
      <span className={styles.clockLine}>
        {entries
          .filter((c) => c.state !== 'not_needed')
          .map((c) => (
            <Badge
              key={c.key}
              status={CLOCK_COLOUR[c.state]}
              text={`${t(`alarm.clock.${c.key}`)} ${formatDuration(c.seconds)}`}
              className={styles.clockBadge}
            />
          ))}
      </span>
    );

  // A step the incident ended without (the server counts it as missed up to the end): said so.
  const never = (c: ClockEntry) => c.state === 'missed' && !incident[TAKEN[c.key]];
  return (
    <div className={styles.clock} data-testid="response-clock" aria-label={t('alarm.clock.title')}>
      {entries.map((c) => (
        <div
          key={c.key}
          className={`${styles.clockStep} ${styles[`clock_${c.state}`]}`}
          data-key={c.key}
          data-state={c.state}
        >
          <div className={styles.clockLabel}>{t(`alarm.clock.${c.key}`)}</div>
          <div className={styles.clockTime}>
            {c.state === 'not_needed' || never(c) ? '—' : formatDuration(c.seconds)}
          </div>
          <div className={styles.clockTarget}>
            {c.target === null
              ? t('alarm.clock.noTarget')
              : t('alarm.clock.target', { target: formatDuration(c.target) })}{' '}
            · {never(c) ? t('alarm.clock.notDone') : t(`alarm.clock.state.${c.state}`)}
          </div>
        </div>
      ))}
    </div>
  );
}
