import { useState } from 'react';
import type { Me } from '../api/types';
import { alarmRights, phoneActions, rings, type AlarmRights, type Incident } from '../alarms/types';
import { useIncidentAction, useOpenIncidents } from '../alarms/useAlarms';
import { useRinging, type Ringing } from '../alarms/ringing';
import { Icon } from '../components/Icon';
import { TopBar } from '../components/TopBar';
import { errorMessage, useI18n, type MessageKey } from '../i18n/I18nProvider';
import { formatChinaTime } from '../requests/format';

/**
 * 警情: the open alarms of where the user holds roles (a guard's school, the grid centre, a police
 * station's jurisdiction). A new one rings: a full-screen red banner, the alarm tone, vibration;
 * the screen stays on while the page is open. Acknowledge and the police steps are a tap away.
 */
export function AlarmsScreen({ me }: { me: Me }) {
  const { t } = useI18n();
  const rights = alarmRights(me.permissions);
  const open = useOpenIncidents(true);
  const items = open.data?.items ?? [];
  // Silenced by the user until something new rings.
  const [muted, setMuted] = useState<ReadonlySet<string>>(new Set());
  const ringing = items.filter((i) => rings(i, rights) && !muted.has(i.id));
  const ring = useRinging(ringing.length > 0);

  return (
    <div className="screen">
      <TopBar title={t('alarms.title')} back />
      <main
        className="content alarms"
        data-testid="alarms-page"
        data-wake-lock={ring.awake ? 'held' : 'none'}
      >
        <p className="hint">{ring.awake ? t('alarms.awake') : t('alarms.keepOpen')}</p>
        {ring.context === 'suspended' && ringing.length === 0 && (
          <button type="button" className="button" data-testid="alarms-sound-on" onClick={ring.unlock}>
            {t('alarms.soundOn')}
          </button>
        )}
        {open.isError && <p className="error">{errorMessage(open.error, t)}</p>}
        {open.data && items.length === 0 && <p className="empty card">{t('alarms.none')}</p>}
        <ul className="alarm-list">
          {items.map((i) => (
            <li key={i.id}>
              <IncidentCard incident={i} rights={rights} />
            </li>
          ))}
        </ul>
      </main>
      {ringing.length > 0 && (
        <RingingBanner
          incidents={ringing}
          rights={rights}
          ring={ring}
          onMute={() => setMuted(new Set([...muted, ...ringing.map((i) => i.id)]))}
        />
      )}
    </div>
  );
}

const ACTION_LABEL: Record<ReturnType<typeof phoneActions>[number], MessageKey> = {
  acknowledge: 'alarms.action.acknowledge',
  on_scene: 'alarms.action.on_scene',
  police_accept: 'alarms.action.police_accept',
  police_on_scene: 'alarms.action.police_on_scene',
};

/** The full-screen banner while something rings: what, where, when, and the step that stops it. */
function RingingBanner(props: {
  incidents: Incident[];
  rights: AlarmRights;
  ring: Ringing;
  onMute: () => void;
}) {
  const { t } = useI18n();
  const { incidents, rights, ring } = props;
  const first = incidents[0]!;
  return (
    <div
      className="alarm-ringing"
      role="alertdialog"
      aria-label={t('alarms.ringing')}
      data-testid="alarm-ringing"
      data-incident-ids={incidents.map((i) => i.id).join(' ')}
      data-sound={ring.context}
      data-sounding={ring.sounding ? 'true' : 'false'}
    >
      <Icon name="siren" size={64} />
      <p className="alarm-ringing-title">
        {t(`sos.class.${first.alarmClass}`)}
        {first.mode !== 'real' && <span className="badge">{t(`alarms.mode.${first.mode}`)}</span>}
      </p>
      <IncidentFacts incident={first} />
      {incidents.length > 1 && <p>{t('alarms.more', { n: incidents.length - 1 })}</p>}
      {ring.context === 'suspended' && (
        <button
          type="button"
          className="alarm-ringing-sound"
          data-testid="alarm-sound-on"
          onClick={ring.unlock}
        >
          {t('alarms.soundOn')}
        </button>
      )}
      <div className="alarm-ringing-actions">
        <ActionButtons incident={first} rights={rights} big />
        <button type="button" className="button" data-testid="alarm-mute" onClick={props.onMute}>
          {t('alarms.mute')}
        </button>
      </div>
    </div>
  );
}

function IncidentFacts({ incident: i }: { incident: Incident }) {
  const { t, lang } = useI18n();
  return (
    <dl className="alarm-facts">
      <dt>{t('alarms.place')}</dt>
      <dd data-testid="alarm-place">
        {i.schoolName} · {i.placeName ?? t('alarms.noPlace')}
      </dd>
      <dt>{t('alarms.time')}</dt>
      <dd>{formatChinaTime(i.raisedAt, lang)}</dd>
      {i.caller && (
        <>
          <dt>{t('alarms.caller')}</dt>
          <dd>
            {i.caller.name}
            {i.caller.unit ? `（${i.caller.unit}）` : ''}
            {i.caller.phone ? ` ${i.caller.phone}` : ''}
          </dd>
        </>
      )}
      {i.note && (
        <>
          <dt>{t('alarms.note')}</dt>
          <dd>{i.note}</dd>
        </>
      )}
    </dl>
  );
}

function IncidentCard({ incident: i, rights }: { incident: Incident; rights: AlarmRights }) {
  const { t } = useI18n();
  return (
    <article
      className="card alarm-card"
      data-testid="alarm-card"
      data-incident-id={i.id}
      data-status={i.status}
    >
      <header className="alarm-card-head">
        <strong>{t(`sos.class.${i.alarmClass}`)}</strong>
        {i.mode !== 'real' && <span className="badge">{t(`alarms.mode.${i.mode}`)}</span>}
        <span className={`status-tag alarm-status-${i.status}`}>
          {t(`alarms.status.${statusKey(i.status)}`)}
        </span>
      </header>
      <IncidentFacts incident={i} />
      <div className="alarm-card-actions">
        <ActionButtons incident={i} rights={rights} />
      </div>
    </article>
  );
}

type OpenStatus = 'raised' | 'acknowledged' | 'dispatched' | 'on_scene';
const statusKey = (s: Incident['status']): OpenStatus =>
  s === 'raised' || s === 'acknowledged' || s === 'dispatched' || s === 'on_scene' ? s : 'on_scene';

function ActionButtons({
  incident,
  rights,
  big,
}: {
  incident: Incident;
  rights: AlarmRights;
  big?: boolean;
}) {
  const { t } = useI18n();
  const act = useIncidentAction();
  const actions = phoneActions(incident, rights);
  return (
    <>
      {actions.map((action) => (
        <button
          key={action}
          type="button"
          className={big ? 'button primary alarm-big-action' : 'button primary'}
          data-testid={`alarm-${action}`}
          disabled={act.isPending}
          onClick={() => act.mutate({ id: incident.id, action })}
        >
          {t(ACTION_LABEL[action])}
        </button>
      ))}
      {act.isError && (
        <p className="error" role="alert">
          {errorMessage(act.error, t)}
        </p>
      )}
    </>
  );
}
