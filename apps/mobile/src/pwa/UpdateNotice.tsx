import { useI18n } from '../i18n/I18nProvider';
import { applyUpdate, useUpdateReady } from './register';

/** 新版本已就绪: a new version of the pages is on the phone; a tap switches to it now. */
export function UpdateNotice() {
  const { t } = useI18n();
  const ready = useUpdateReady();
  if (!ready) return null;
  return (
    <div className="update-notice" role="status" data-testid="update-notice">
      <span>{t('pwa.updateReady')}</span>
      <button type="button" className="button primary" onClick={applyUpdate}>
        {t('pwa.updateNow')}
      </button>
    </div>
  );
}
