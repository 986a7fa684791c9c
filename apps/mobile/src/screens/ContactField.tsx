import { useI18n } from '../i18n/I18nProvider';
import type { Problem } from '../requests/draft';
import type { Identity } from '../requests/types';

/**
 * 联系电话 on 我要报事 (issue 14 item 5): the account's own number to start with, editable, may be
 * left empty. Anonymous requests keep no number, so the field says so instead; a sealed one keeps
 * it sealed with the name.
 */
export function ContactField({
  value,
  identity,
  problem,
  onChange,
}: {
  value: string;
  identity: Identity;
  problem: Problem | undefined;
  onChange: (phone: string) => void;
}) {
  const { t } = useI18n();
  if (identity === 'anonymous')
    return (
      <section className="card form-section">
        <h2 className="card-title">{t('report.contactPhone')}</h2>
        <p className="hint" data-testid="report-phone-anonymous">
          {t('report.contactPhone.anonymous')}
        </p>
      </section>
    );
  return (
    <section className="card form-section" data-problem={!!problem}>
      <label className="field">
        <span className="field-label">{t('report.contactPhone')}</span>
        <input
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          maxLength={30}
          value={value}
          placeholder={t('report.contactPhone.placeholder')}
          data-testid="report-phone"
          onChange={(e) => onChange(e.target.value)}
        />
        <span className="field-foot">
          {problem ? (
            <span className="field-error">{t('report.problem.notPhone')}</span>
          ) : (
            <span className="hint">
              {t(identity === 'sealed' ? 'report.contactPhone.sealed' : 'report.contactPhone.hint')}
            </span>
          )}
        </span>
      </label>
    </section>
  );
}
