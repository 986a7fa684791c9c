import { useI18n } from '../i18n/I18nProvider';
import { goBack } from '../router';
import { LanguageSwitch } from './LanguageSwitch';

interface TopBarProps {
  title: string;
  /** Shows a back arrow that returns to the previous screen. */
  back?: boolean;
}

export function TopBar({ title, back }: TopBarProps) {
  const { t } = useI18n();
  return (
    <header className="top-bar">
      {back && (
        <button type="button" className="icon-button" aria-label={t('common.back')} onClick={goBack}>
          <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
            <path
              d="M15 5l-7 7 7 7"
              fill="none"
              stroke="currentColor"
              strokeWidth="2.2"
              strokeLinecap="round"
            />
          </svg>
        </button>
      )}
      <h1 className="top-bar-title">{title}</h1>
      <LanguageSwitch />
    </header>
  );
}
