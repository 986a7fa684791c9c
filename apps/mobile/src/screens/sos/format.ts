import type { Lang } from '../../api/types';
import type { Translate } from '../../i18n/I18nProvider';
import type { Failure } from '../../sos/outbox';

/** A failure in words: ours for the cases the server did not word, else the server's. */
export function failureText(f: Failure | null, t: Translate): string {
  if (f?.code === 'auth.unauthenticated') return t('sos.error.signedOut');
  if (f?.code === 'sos.other_account') return t('sos.error.otherAccount');
  if (f?.message) return f.message;
  return f?.status === 0 ? t('error.network') : t('error.unknown');
}

/** A time of day to the second; with the date when it is not today. */
export function formatTime(ms: number, lang: Lang): string {
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
