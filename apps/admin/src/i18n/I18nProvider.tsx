import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { ApiError } from '../api/http';
import { LANGS, type Lang } from '../api/types';
import { enUS } from './en-US';
import { zhCN, type MessageKey } from './zh-CN';

export type { MessageKey };
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const dictionaries: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };
// Shared with the phone pages (same origin), so a choice made on one holds on the other.
const STORAGE_KEY = 'anxiao.lang';
const COOKIE_MAX_AGE = 365 * 24 * 3600;

function isLang(value: unknown): value is Lang {
  return LANGS.some((lang) => lang === value);
}

function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zhCN, key);
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

function applyLang(lang: Lang): void {
  // The server reads this cookie to answer error messages in the same language.
  const secure = location.protocol === 'https:' ? '; secure' : '';
  document.cookie = `anxiao_lang=${lang}; path=/; max-age=${COOKIE_MAX_AGE}; samesite=lax${secure}`;
  document.documentElement.lang = lang;
  document.title = dictionaries[lang]['app.title'];
  dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
}

function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  const text = dictionaries[lang][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (match, name: string) => String(params[name] ?? match));
}

interface I18nValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
  /** Label of a server code (event type, audit action…) under `prefix`, or the code itself. */
  tCode: (prefix: string, code: string) => string;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
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

  const value = useMemo<I18nValue>(
    () => ({
      lang,
      setLang,
      t: (key, params) => translate(lang, key, params),
      tCode: (prefix, code) => {
        const key = `${prefix}.${code}`;
        return isMessageKey(key) ? translate(lang, key) : code;
      },
    }),
    [lang, setLang],
  );

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}

export function useT(): Translate {
  return useI18n().t;
}

/** What to tell the user about a failed call: the server's message when it sent one. */
export function errorMessage(err: unknown, t: Translate): string {
  if (err instanceof ApiError) {
    if (err.message) return err.message;
    if (err.status === 0) return t('error.network');
  }
  return t('error.unknown');
}
