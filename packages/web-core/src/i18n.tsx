import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { ApiError } from './http';
import { formatMessage } from './message';
import { LANGS, type Lang } from './types';

// Shared by the desktop console and the phone pages (same origin), so a choice made on one holds
// on the other.
const STORAGE_KEY = 'anxiao.lang';
const COOKIE_MAX_AGE = 365 * 24 * 3600;

export type Translate<Key extends string> = (key: Key, params?: Record<string, string | number>) => string;

export interface I18nValue<Key extends string> {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate<Key>;
}

export interface I18nOptions<Key extends string> {
  /** Every message of the app, in every language. */
  dictionaries: Record<Lang, Record<Key, string>>;
  /** The message that becomes the document title. */
  titleKey: NoInfer<Key>;
  /** Anything else the app adjusts to the language (a date library's locale…). */
  onApply?: (lang: Lang) => void;
}

export interface I18n<Key extends string> {
  I18nProvider: (props: { children: ReactNode }) => ReactNode;
  useI18n: () => I18nValue<Key>;
}

function isLang(value: unknown): value is Lang {
  return LANGS.some((lang) => lang === value);
}

/** The language explicitly chosen on this browser, or null if none was chosen yet. */
export function readStoredLang(): Lang | null {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return isLang(stored) ? stored : null;
  } catch {
    return null;
  }
}

function readCookieLang(): Lang | null {
  const match = /(?:^|;\s*)anxiao_lang=([^;]*)/.exec(document.cookie);
  return match && isLang(match[1]) ? match[1] : null;
}

function storeLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Storage can be disabled (private mode); the cookie still carries the choice.
  }
}

/** The language context of one app, over that app's own messages. */
export function createI18n<Key extends string>({
  dictionaries,
  titleKey,
  onApply,
}: I18nOptions<Key>): I18n<Key> {
  function applyLang(lang: Lang): void {
    // The server reads this cookie to answer error messages in the same language.
    const secure = location.protocol === 'https:' ? '; secure' : '';
    document.cookie = `anxiao_lang=${lang}; path=/; max-age=${COOKIE_MAX_AGE}; samesite=lax${secure}`;
    document.documentElement.lang = lang;
    document.title = dictionaries[lang][titleKey];
    onApply?.(lang);
  }

  const I18nContext = createContext<I18nValue<Key> | null>(null);

  function I18nProvider({ children }: { children: ReactNode }) {
    const [lang, setLangState] = useState<Lang>(() => {
      // The cookie is set by the server at sign-in from the account's saved language.
      const initial = readStoredLang() ?? readCookieLang() ?? 'zh-CN';
      applyLang(initial);
      return initial;
    });

    const setLang = useCallback((next: Lang) => {
      storeLang(next);
      applyLang(next);
      setLangState(next);
    }, []);

    const value = useMemo<I18nValue<Key>>(
      () => ({
        lang,
        setLang,
        t: (key, params) => formatMessage(dictionaries[lang][key], params, lang),
      }),
      [lang, setLang],
    );

    return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
  }

  function useI18n(): I18nValue<Key> {
    const value = useContext(I18nContext);
    if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
    return value;
  }

  return { I18nProvider, useI18n };
}

/** What to tell the user about a failed call: the server's message when it sent one. */
export function errorMessage(err: unknown, t: (key: 'error.network' | 'error.unknown') => string): string {
  if (err instanceof ApiError) {
    if (err.message) return err.message;
    if (err.status === 0) return t('error.network');
  }
  return t('error.unknown');
}
