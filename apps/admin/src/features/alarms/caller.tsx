import { PhoneOutlined } from '@ant-design/icons';
import { Button, Space, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage, useI18n, useT, type Translate } from '../../i18n/I18nProvider';
import { revealCallerPhone } from './api';
import type { Incident } from './types';

/**
 * Where an alarm is, in words: the place (or "near" it with the distance, when the phone's fix
 * fell outside every outline), else 未指定地点.
 */
export function placeText(i: Incident, t: Translate): string {
  if (!i.placeName) return t('alarm.noPlace');
  return i.placeDistance !== null && i.placeDistance > 0
    ? t('alarm.place.near', { place: i.placeName, meters: Math.round(i.placeDistance) })
    : i.placeName;
}

export function accuracyText(i: Incident, t: Translate): string | null {
  return i.accuracy === null ? null : t('alarm.place.accuracy', { meters: Math.round(i.accuracy) });
}

type Caller = NonNullable<Incident['caller']>;

/** What the caller is: a student, a staff kind, else the role's own label. */
export function useCallerRole() {
  const { t, tCode } = useI18n();
  return (role: string | null) => {
    if (!role) return null;
    if (role === 'student') return t('alarm.caller.student');
    const kind = tCode('staff.kind', role);
    return kind !== role ? kind : tCode('role', role);
  };
}

/** Name · role · class or department, as one line. */
export function useCallerWho() {
  const roleOf = useCallerRole();
  return (c: Caller) => [c.name, roleOf(c.role), c.unit].filter(Boolean).join(' · ');
}

/** A callback number as a tel: link (masked numbers are shown, not dialled). */
export function CallbackPhone({ caller, className }: { caller: Caller; className?: string | undefined }) {
  const t = useT();
  if (!caller.phone) return <span className={className}>{t('alarm.caller.noPhone')}</span>;
  if (caller.phoneMasked) return <span className={className}>{caller.phone}</span>;
  return (
    <a
      href={`tel:${caller.phone}`}
      className={className}
      data-testid="caller-phone"
      aria-label={t('alarm.caller.call', { phone: caller.phone })}
    >
      <PhoneOutlined /> {caller.phone}
    </a>
  );
}

/** The caller on the incident detail: who, and the number (revealed on demand, audited, when masked). */
export function CallerDetail({ incident, canReveal }: { incident: Incident; canReveal: boolean }) {
  const t = useT();
  const who = useCallerWho();
  const [revealed, setRevealed] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const c = incident.caller;
  if (!c) return null;
  const reveal = () => {
    setPending(true);
    revealCallerPhone(incident.id)
      .then((r) => setRevealed(r.phone))
      .catch((e: unknown) => setError(errorMessage(e, t)))
      .finally(() => setPending(false));
  };
  const shown = revealed ? { ...c, phone: revealed, phoneMasked: false } : c;
  return (
    <Space wrap size={8} data-testid="incident-caller">
      <span>{who(c)}</span>
      <CallbackPhone caller={shown} />
      {shown.phoneMasked && canReveal && (
        <Tooltip title={t('alarm.caller.revealHint')}>
          <Button size="small" loading={pending} onClick={reveal} data-testid="caller-reveal">
            {t('alarm.caller.reveal')}
          </Button>
        </Tooltip>
      )}
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </Space>
  );
}
