import { useState } from 'react';
import { HoldButton } from '../../components/HoldButton';
import { Icon } from '../../components/Icon';
import { useI18n } from '../../i18n/I18nProvider';
import { ALARM_CLASSES, CANCEL_WINDOW_MS, NOTE_MAX, type AlarmClass } from '../../sos/outbox';
import { raise } from '../../sos/sender';
import { useSosContacts } from '../../sos/useSos';

export function SosComposer({ userId, onRaised }: { userId: string | null; onRaised: () => void }) {
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

export function CallLinks() {
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
