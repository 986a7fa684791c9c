import { useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { cancelSecondsLeft, isWithdrawable, type OutboxItem } from '../../sos/outbox';
import { withdraw } from '../../sos/sender';
import { failureText } from './format';

export function CancelPanel({ item, now }: { item: OutboxItem; now: number }) {
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
