import { Icon } from '../../components/Icon';
import { useI18n, type Translate } from '../../i18n/I18nProvider';
import { DESCRIPTION_MIN, type Failure, type Problem } from '../../requests/draft';
import type { Category } from '../../requests/types';
import type { Busy } from './ReportForm';

export function categoryName(c: Category, lang: string): string {
  return lang === 'en-US' && c.nameEn ? c.nameEn : c.name;
}

export function failureText(f: Failure, t: Translate): string {
  if (f.message) return f.message;
  return f.status === 0 ? t('error.network') : t('error.unknown');
}

export function ProblemText({
  problem,
  t,
  choose,
}: {
  problem: Problem | undefined;
  t: Translate;
  choose?: boolean;
}) {
  if (!problem) return null;
  const text =
    problem === 'required'
      ? t(choose ? 'report.problem.choose' : 'report.problem.required')
      : problem === 'tooShort'
        ? t('report.problem.tooShort', { min: DESCRIPTION_MIN })
        : t(`report.problem.${problem}`);
  return <span className="field-error">{text}</span>;
}

export function Progress({ busy }: { busy: Busy }) {
  const pct = busy.stage === 'photos' ? Math.round((busy.done / Math.max(1, busy.total)) * 100) : null;
  return (
    <div
      className={pct === null ? 'progress progress-indeterminate' : 'progress'}
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct ?? undefined}
      data-testid="report-progress"
    >
      <div className="progress-bar" style={pct === null ? undefined : { width: `${Math.max(6, pct)}%` }} />
    </div>
  );
}

export function QrPlaceBanner({
  label,
  invalid,
  loading,
}: {
  label: string;
  invalid: boolean;
  loading: boolean;
}) {
  const { t } = useI18n();
  if (invalid)
    return (
      <p className="notice" role="alert">
        {t('report.qrPlaceInvalid')}
      </p>
    );
  return (
    <p className="qr-place" data-testid="report-qr-place">
      <Icon name="pin" size={22} />
      <span>
        <small>{t('report.qrPlace')}</small>
        <strong>{label || (loading ? t('report.qrPlaceLoading') : '—')}</strong>
      </span>
    </p>
  );
}

// ── category ─────────────────────────────────────────────────────────────────────────────────
