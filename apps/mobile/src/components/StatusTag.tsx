import { useI18n } from '../i18n/I18nProvider';
import { statusTone } from '../requests/format';
import type { RequestStatus } from '../requests/types';

/** A request's status in words, coloured by how it stands (new, in hand, waiting for you, done). */
export function StatusTag({ status, testId }: { status: RequestStatus; testId?: string }) {
  const { t } = useI18n();
  return (
    <span className={`status status-${statusTone(status)}`} data-testid={testId} data-status={status}>
      {t(`request.status.${status}`)}
    </span>
  );
}
