import { useI18n } from '../../i18n/I18nProvider';
import type { Identity } from '../../requests/types';

const IDENTITY_ORDER: Identity[] = ['named', 'sealed', 'anonymous'];

export function IdentityField({
  value,
  onChange,
}: {
  value: Identity;
  onChange: (identity: Identity) => void;
}) {
  const { t } = useI18n();
  return (
    <section className="card form-section">
      <h2 className="card-title">{t('report.identity')}</h2>
      <div className="identities" role="radiogroup" aria-label={t('report.identity')}>
        {IDENTITY_ORDER.map((i) => (
          <button
            key={i}
            type="button"
            role="radio"
            aria-checked={value === i}
            className="choice identity"
            data-testid={`report-identity-${i}`}
            onClick={() => onChange(i)}
          >
            <strong>{t(`report.identity.${i}`)}</strong>
            <span>{t(`report.identity.${i}.hint`)}</span>
          </button>
        ))}
      </div>
    </section>
  );
}
