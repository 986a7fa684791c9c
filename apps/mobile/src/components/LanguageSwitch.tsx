import { saveLang } from '@anxiao/web-core';
import { useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../api/keys';
import type { Lang, Me } from '../api/types';
import { useI18n } from '../i18n/I18nProvider';

/** Toggles between the two languages; when signed in, the choice is saved to the account too. */
export function LanguageSwitch() {
  const { lang, setLang } = useI18n();
  const queryClient = useQueryClient();
  const next: Lang = lang === 'zh-CN' ? 'en-US' : 'zh-CN';

  const toggle = () => {
    setLang(next);
    if (queryClient.getQueryData<Me | null>(queryKeys.me)) {
      // A preference that fails to save is retried at the next sign-in (see reconcileLang).
      saveLang(next).catch(() => undefined);
    }
  };

  // Each language is named in itself, so a reader of either can find their own.
  return (
    <button type="button" className="lang-switch" onClick={toggle} lang={next}>
      {next === 'zh-CN' ? '中文' : 'English'}
    </button>
  );
}
