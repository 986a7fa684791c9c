import { ApiError } from '@anxiao/web-core';
import { useQueryClient } from '@tanstack/react-query';
import { useLayoutEffect, useState } from 'react';
import { queryKeys } from '../api/keys';
import type { Lang, Me } from '../api/types';
import { HoldButton } from '../components/HoldButton';
import { Icon } from '../components/Icon';
import { TopBar } from '../components/TopBar';
import { errorMessage, useI18n, type Translate } from '../i18n/I18nProvider';
import { go } from '../router';
import {
  ALARM_CLASSES,
  CANCEL_WINDOW_MS,
  NOTE_MAX,
  cancelSecondsLeft,
  isDismissable,
  isWithdrawable,
  type AlarmClass,
  type Failure,
  type OutboxItem,
} from '../sos/outbox';
import { progressSteps } from '../sos/progress';
import { raise, withdraw } from '../sos/sender';
import { remove } from '../sos/store';
import {
  useCurrentSos,
  useIncident,
  useNow,
  useOffline,
  useSosContacts,
  type IncidentDetail,
} from '../sos/useSos';

/** The SOS page: the press when no alarm is under way, else that alarm's delivery and progress. */
export function SosScreen({ me }: { me: Me | null }) {
  const { t } = useI18n();
  const current = useCurrentSos();
  const [composing, setComposing] = useState(false);
  const showing = current && !composing ? current : null;
  // A new view (the press done, or a new alarm begun) starts at its top.
  const view = showing?.key ?? 'compose';
  useLayoutEffect(() => {
    // A block, not an expression: newer browsers return a promise from scrollTo.
    window.scrollTo(0, 0);
  }, [view]);

  return (
    <div className="screen">
      <TopBar title={t('sos.title')} back />
      <main className="content sos">
        {showing ? (
          <SosStatus key={showing.key} item={showing} onNew={() => setComposing(true)} />
        ) : (
          <SosComposer userId={me?.id ?? null} onRaised={() => setComposing(false)} />
        )}
        <CallLinks />
      </main>
    </div>
  );
}

function SosComposer({ userId, onRaised }: { userId: string | null; onRaised: () => void }) {
  const { t } = useI18n();
  const [alarmClass, setAlarmClass] = useState<AlarmClass>('police');
  const [note, setNote] = useState('');

  const send = () => {
    raise({ alarmClass, note, userId });
    // A police alarm is silent: not even a buzz someone nearby could notice.
    if (alarmClass !== 'police') navigator.vibrate?.(80);
    onRaised();
  };

  return (
    <>
      <fieldset className="sos-classes">
        <legend className="section-title">{t('sos.classLabel')}</legend>
        {ALARM_CLASSES.map((c) => (
          <label key={c} className={c === 'police' ? 'sos-class sos-class-main' : 'sos-class'}>
            <input
              type="radio"
              name="sos-class"
              value={c}
              checked={alarmClass === c}
              onChange={() => setAlarmClass(c)}
            />
            <span>
              {t(`sos.class.${c}`)}
              {c === 'police' && <small>{t('sos.default')}</small>}
            </span>
          </label>
        ))}
      </fieldset>

      <p
        className={alarmClass === 'police' ? 'sos-notice sos-notice-silent' : 'sos-notice'}
        data-testid="sos-notice"
      >
        {alarmClass === 'police'
          ? t('sos.notice.police')
          : t(alarmClass === 'fire' ? 'sos.notice.fire' : 'sos.notice.other', {
              seconds: CANCEL_WINDOW_MS / 1000,
            })}
      </p>

      <label className="field">
        <span>{t('sos.note')}</span>
        <input
          value={note}
          maxLength={NOTE_MAX}
          placeholder={t('sos.notePlaceholder')}
          onChange={(e) => setNote(e.target.value)}
          enterKeyHint="done"
        />
      </label>

      <HoldButton
        testId="sos-hold"
        label={t('sos.hold')}
        holdingLabel={t('sos.holding')}
        hint={t('sos.holdHint')}
        onHold={send}
      />
      <p className="hint sos-center">{t('sos.location')}</p>
    </>
  );
}

function SosStatus({ item, onNew }: { item: OutboxItem; onNew: () => void }) {
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

function CancelPanel({ item, now }: { item: OutboxItem; now: number }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [choice, setChoice] = useState<'mistake' | 'noNeed' | 'other'>('mistake');
  const [other, setOther] = useState('');

  if (!isWithdrawable(item.alarmClass)) return null;
  const c = item.cancel;
  if (c || item.incidentStatus === 'cancelled') {
    const text =
      item.incidentStatus === 'cancelled' || c?.state === 'done'
        ? t('sos.cancel.done')
        : c?.state === 'refused'
          ? t('sos.cancel.refused', { message: failureText(c.error, t) })
          : item.state === 'sent'
            ? t('sos.cancel.sending')
            : t('sos.cancel.queued');
    return (
      <p
        className={c?.state === 'refused' ? 'notice sos-cancel-state' : 'success sos-cancel-state'}
        data-testid="sos-cancel-state"
        data-state={item.incidentStatus === 'cancelled' ? 'done' : (c?.state ?? 'done')}
        role="status"
      >
        {text}
      </p>
    );
  }

  const secondsLeft = cancelSecondsLeft(item, now);
  // Once the sender has started to withdraw, the window closing does not pull the form away:
  // the server decides.
  if (!open && secondsLeft === 0) return null;
  if (!open) {
    return (
      <button
        type="button"
        className="button sos-cancel"
        data-testid="sos-cancel"
        onClick={() => setOpen(true)}
      >
        {t('sos.cancel', { seconds: secondsLeft })}
      </button>
    );
  }

  const reason = choice === 'other' ? other.trim() : t(`sos.cancel.${choice}`);
  return (
    <section className="card form sos-cancel-form">
      <h2 className="card-title">{t('sos.cancel.title')}</h2>
      <div className="sos-reasons" role="radiogroup">
        {(['mistake', 'noNeed', 'other'] as const).map((r) => (
          <label key={r} className="sos-class">
            <input type="radio" name="sos-reason" checked={choice === r} onChange={() => setChoice(r)} />
            <span>{t(`sos.cancel.${r}`)}</span>
          </label>
        ))}
      </div>
      {choice === 'other' && (
        <label className="field">
          <span>{t('sos.cancel.other')}</span>
          <input value={other} maxLength={200} onChange={(e) => setOther(e.target.value)} />
        </label>
      )}
      <button
        type="button"
        className="button danger"
        data-testid="sos-cancel-confirm"
        disabled={!reason}
        onClick={() => withdraw(item.key, reason)}
      >
        {secondsLeft > 0 ? t('sos.cancel.confirmLeft', { seconds: secondsLeft }) : t('sos.cancel.confirm')}
      </button>
      <button type="button" className="button" onClick={() => setOpen(false)}>
        {t('sos.cancel.keep')}
      </button>
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

function CallLinks() {
  const { t } = useI18n();
  const duty = useSosContacts().data?.dutyPhone ?? null;
  return (
    <nav className="sos-call" aria-label={t('sos.call')}>
      <span className="hint">{t('sos.call')}</span>
      {duty && (
        <a href={`tel:${duty}`} className="call-link" data-testid="sos-duty-phone">
          <Icon name="phone" size={18} />
          {t('sos.callDuty', { phone: duty })}
        </a>
      )}
      <a href="tel:110" className="call-link">
        <Icon name="phone" size={18} />
        {t('sos.call110')}
      </a>
      <a href="tel:119" className="call-link">
        <Icon name="phone" size={18} />
        {t('sos.call119')}
      </a>
      <a href="tel:120" className="call-link">
        <Icon name="phone" size={18} />
        {t('sos.call120')}
      </a>
    </nav>
  );
}

/** A failure in words: ours for the cases the server did not word, else the server's. */
function failureText(f: Failure | null, t: Translate): string {
  if (f?.code === 'auth.unauthenticated') return t('sos.error.signedOut');
  if (f?.code === 'sos.other_account') return t('sos.error.otherAccount');
  if (f?.message) return f.message;
  return f?.status === 0 ? t('error.network') : t('error.unknown');
}

/** A time of day to the second; with the date when it is not today. */
function formatTime(ms: number, lang: Lang): string {
  const d = new Date(ms);
  const today = new Date().toDateString() === d.toDateString();
  return new Intl.DateTimeFormat(lang, {
    ...(today ? {} : { month: '2-digit', day: '2-digit' }),
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(d);
}
