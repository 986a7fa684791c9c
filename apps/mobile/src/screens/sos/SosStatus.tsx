import { ApiError } from '@anxiao/web-core';
import { useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../api/keys';
import type { Lang } from '../../api/types';
import { errorMessage, useI18n, type Translate } from '../../i18n/I18nProvider';
import { go } from '../../router';
import { cancelSecondsLeft, isDismissable, type OutboxItem } from '../../sos/outbox';
import { progressSteps } from '../../sos/progress';
import { remove } from '../../sos/store';
import { useIncident, useNow, useOffline, type IncidentDetail } from '../../sos/useSos';
import { CancelPanel } from './CancelPanel';
import { failureText, formatTime } from './format';

export function SosStatus({ item, onNew }: { item: OutboxItem; onNew: () => void }) {
  const { t, lang } = useI18n();
  const incident = useIncident(item);
  const secondsLeft = cancelSecondsLeft(item, Date.now());
  const now = useNow(item.state === 'pending' || secondsLeft > 0);
  const offline = useOffline();
  const gone =
    incident.error instanceof ApiError && incident.error.status >= 400 && incident.error.status < 500;

  return (
    <>
      <DeliveryState item={item} now={now} offline={offline} />
      <CancelPanel item={item} now={now} />
      {item.state === 'sent' && (
        <section className="card">
          <h2 className="card-title">{t('sos.progress.title')}</h2>
          {incident.data ? (
            <Progress incident={incident.data} lang={lang} t={t} />
          ) : incident.error ? (
            <p className="error">{t('sos.progress.error', { message: errorMessage(incident.error, t) })}</p>
          ) : (
            <p className="hint">{t('sos.progress.loading')}</p>
          )}
          {incident.data && incident.error && (
            <p className="hint">{t('sos.progress.error', { message: errorMessage(incident.error, t) })}</p>
          )}
        </section>
      )}
      <div className="sos-actions">
        {(isDismissable(item) || gone) && (
          <button type="button" className="button primary" onClick={() => remove(item.key)}>
            {t('sos.dismiss')}
          </button>
        )}
        <button type="button" className="button" onClick={() => go('home')}>
          {t('sos.home')}
        </button>
        <button type="button" className="button" onClick={onNew}>
          {t('sos.new')}
        </button>
      </div>
    </>
  );
}

function DeliveryState({ item, now, offline }: { item: OutboxItem; now: number; offline: boolean }) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const police = item.alarmClass === 'police';
  const retryIn =
    item.state === 'pending' && item.nextAttemptAt ? Math.ceil((item.nextAttemptAt - now) / 1000) : 0;

  return (
    <section
      className={`card sos-state sos-state-${item.state}`}
      data-testid="sos-state"
      data-state={item.state}
      data-incident-id={item.incidentId ?? undefined}
      aria-live="assertive"
    >
      <p className="sos-state-class">
        <span className="tag">{t(`sos.class.${item.alarmClass}`)}</span>
        {police && <span className="sos-silent">{t('sos.state.silent')}</span>}
      </p>
      <p className="sos-state-main">
        {item.state === 'pending'
          ? t('sos.state.pending')
          : item.state === 'sent'
            ? police
              ? t('sos.state.sentPolice')
              : t('sos.state.sent')
            : t('sos.state.failed')}
      </p>

      {item.state === 'pending' && (
        <div className="sos-state-detail">
          {offline && (
            <p className="sos-offline" data-testid="sos-offline">
              {t('sos.state.offline')}
            </p>
          )}
          <p>
            {item.locating
              ? t('sos.state.locating')
              : [
                  item.attempts > 0 ? t('sos.state.attempt', { n: item.attempts }) : null,
                  retryIn > 0 ? t('sos.state.retryIn', { seconds: retryIn }) : null,
                ]
                  .filter(Boolean)
                  .join(' · ')}
          </p>
          <p className="hint">{t('sos.state.saved')}</p>
        </div>
      )}
      {item.state === 'sent' && !police && (
        <p className="sos-state-sub" data-testid="sos-sent-to">
          {t(item.alarmClass === 'fire' ? 'sos.state.sentFire' : 'sos.state.sentOther')}
        </p>
      )}
      {item.state === 'failed' && (
        <div className="sos-state-detail">
          <p className="error" role="alert">
            {failureText(item.lastError, t)}
          </p>
          <p>{t('sos.state.failedHint')}</p>
          {item.lastError?.code === 'auth.unauthenticated' && (
            <button
              type="button"
              className="button primary"
              onClick={() => queryClient.setQueryData(queryKeys.me, null)}
            >
              {t('login.submit')}
            </button>
          )}
        </div>
      )}

      <dl className="sos-facts">
        <div>
          <dt>{t('sos.fact.pressed')}</dt>
          <dd>{formatTime(item.pressedAt, lang)}</dd>
        </div>
        {item.sentAt && (
          <div>
            <dt>{t('sos.fact.sent')}</dt>
            <dd>{formatTime(item.sentAt, lang)}</dd>
          </div>
        )}
      </dl>
      {!item.locating && (
        <p className="hint">
          {item.position
            ? item.position.accuracy !== null
              ? t('sos.position.yes', { meters: item.position.accuracy })
              : t('sos.position.yesNoAccuracy')
            : t('sos.position.no')}
        </p>
      )}
    </section>
  );
}

function Progress({ incident, lang, t }: { incident: IncidentDetail; lang: Lang; t: Translate }) {
  const steps = progressSteps(incident);
  const firstOpen = steps.findIndex((s) => !s.done);
  return (
    <ol className="sos-steps" data-testid="sos-progress" data-status={incident.status}>
      {steps.map((s, i) => (
        <li
          key={s.key}
          className={s.done ? 'sos-step done' : i === firstOpen ? 'sos-step next' : 'sos-step'}
          data-step={s.key}
          data-done={s.done}
        >
          <span className="sos-step-dot" aria-hidden="true" />
          <span className="sos-step-label">{t(`sos.step.${s.key}`)}</span>
          <span className="sos-step-time">
            {s.at ? formatTime(Date.parse(s.at), lang) : s.done ? '' : t('sos.step.waiting')}
          </span>
        </li>
      ))}
      {(incident.status === 'cancelled' || incident.status === 'false_alarm') && incident.closeReason && (
        <li className="sos-step-reason hint">{incident.closeReason}</li>
      )}
    </ol>
  );
}
