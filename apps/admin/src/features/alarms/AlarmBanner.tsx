import { ExpandOutlined, MutedOutlined, SoundOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { useT } from '../../i18n/I18nProvider';
import { alarmSound, useAlarmSound, useAlarmSoundReady } from './alarmSound';
import styles from './AlarmBanner.module.css';
import { accuracyText, CallbackPhone, placeText, useCallerWho } from './caller';
import { formatDuration } from '../../lib/format';
import { secondsSinceRaised } from './clock';
import { useIncidentAction, useOpenIncidents } from './hooks';
import { ringAction, rings, useAlarmRights } from './rights';
import { useModePrefix } from './tags';
import type { AlarmMode, Incident } from './types';
import { useNow } from './useNow';

/** The most urgent mode among those ringing: a real alarm outranks a drill, a drill a test. */
function urgentMode(incidents: Incident[]): AlarmMode | null {
  if (incidents.length === 0) return null;
  if (incidents.some((i) => i.mode === 'real')) return 'real';
  return incidents.some((i) => i.mode === 'drill') ? 'drill' : 'test';
}

function Prefix({ mode }: { mode: AlarmMode }) {
  const modePrefix = useModePrefix();
  return mode === 'real' ? null : <span className={styles.prefix}>{modePrefix(mode)}</span>;
}

function SoundState() {
  const t = useT();
  const sound = useAlarmSound();
  if (sound.context === 'suspended')
    return (
      <Button size="small" icon={<SoundOutlined />} onClick={alarmSound.unlock}>
        {t('alarm.sound.enable')}
      </Button>
    );
  return (
    <span className={styles.sound}>
      {sound.beeping ? <SoundOutlined /> : <MutedOutlined />}
      {t(sound.beeping ? 'alarm.sound.on' : 'alarm.sound.off')}
    </span>
  );
}

/**
 * The ringing banner on every page, for whoever watches alarms: while an open incident waits for
 * someone to acknowledge it (status raised), the screen says so, big, and the console sounds. It
 * follows the server's open list, so acknowledging on any console stops it on all of them.
 * After 查看 it shrinks to a card in a corner (still ringing) until a new alarm comes in.
 */
export function AlarmBanner() {
  const t = useT();
  const navigate = useNavigate();
  const rights = useAlarmRights();
  const modePrefix = useModePrefix();
  const callerWho = useCallerWho();
  const open = useOpenIncidents(rights.read);
  const act = useIncidentAction();
  const sound = useAlarmSound();
  const [minimised, setMinimised] = useState<ReadonlySet<string>>(() => new Set());
  useAlarmSoundReady(rights.read);

  const ringing = (open.data ?? [])
    .filter((i) => rings(i, rights))
    .sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
  const mode = urgentMode(ringing);
  const now = useNow(ringing.length > 0);

  useEffect(() => {
    alarmSound.ring(mode);
  }, [mode]);
  useEffect(() => () => alarmSound.ring(null), []);

  if (!mode) return null;
  const action = ringAction(rights);
  const ids = ringing.map((i) => i.id);
  const compact = ids.every((id) => minimised.has(id));
  const fetchedAt = open.dataUpdatedAt;
  const title = `${modePrefix(mode)}${t('alarm.banner.title')}`;

  const view = (id: string) => {
    setMinimised(new Set(ids));
    void navigate(`${rights.police ? '/police' : '/incidents'}/${id}`);
  };

  return (
    <div
      role="alertdialog"
      aria-live="assertive"
      aria-label={title}
      data-testid="alarm-banner"
      data-incident-ids={ids.join(',')}
      data-sound={sound.beeping ? 'on' : 'off'}
      data-mode={mode}
      data-compact={compact ? 'true' : 'false'}
      className={`${compact ? styles.compact : styles.overlay} ${styles[mode]}`}
    >
      <div className={styles.panel}>
        <div className={styles.heading}>
          <div>
            <div className={styles.title}>
              <Prefix mode={mode} />
              {t('alarm.banner.title')}
            </div>
            <div className={styles.count}>{t('alarm.banner.count', { count: ringing.length })}</div>
          </div>
          <div className={styles.buttons}>
            <SoundState />
            {compact && (
              <Button
                size="small"
                icon={<ExpandOutlined />}
                aria-label={t('alarm.banner.expand')}
                onClick={() => setMinimised(new Set())}
              />
            )}
          </div>
        </div>
        {mode !== 'real' && <div className={styles.notice}>{t(`alarm.banner.notice.${mode}`)}</div>}
        {ringing.map((i) => (
          <div key={i.id} className={styles.row} data-incident-id={i.id} data-mode={i.mode}>
            <div className={styles.what}>
              <div className={styles.headline}>
                <Prefix mode={i.mode} />
                {t(`alarm.class.${i.alarmClass}`)} · {i.schoolName}
              </div>
              <div className={styles.where} data-testid="banner-place">
                {placeText(i, t)}
                {i.accuracy !== null && <span className={styles.accuracy}> · {accuracyText(i, t)}</span>}
              </div>
              {i.caller && (
                <div className={styles.caller} data-testid="banner-caller">
                  {t('alarm.caller.line', { who: callerWho(i.caller) })} ·{' '}
                  <CallbackPhone caller={i.caller} className={styles.phone} />
                </div>
              )}
              <div className={styles.meta}>
                {t(`alarm.source.${i.source}`)} ·{' '}
                <span className={styles.since}>
                  {t('alarm.banner.since', {
                    time: formatDuration(secondsSinceRaised(i, fetchedAt, now)),
                  })}
                </span>
                {!action && <> · {t('alarm.banner.viewOnly')}</>}
              </div>
            </div>
            <div className={styles.buttons}>
              {action && (
                <Button
                  type="primary"
                  danger={i.mode === 'real'}
                  size={compact ? 'middle' : 'large'}
                  data-testid={`banner-${action}`}
                  loading={act.isPending && act.variables?.id === i.id}
                  onClick={() => act.mutate({ id: i.id, action })}
                >
                  {t(action === 'police_accept' ? 'alarm.banner.policeAccept' : 'alarm.banner.acknowledge')}
                </Button>
              )}
              <Button
                size={compact ? 'middle' : 'large'}
                data-testid="banner-view"
                onClick={() => view(i.id)}
              >
                {t('alarm.banner.view')}
              </Button>
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
