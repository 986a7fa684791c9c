export type Lang = 'zh-CN' | 'en-US';
export const DEFAULT_LANG: Lang = 'zh-CN';

/** A message in every UI language. zh-CN is the primary text. */
export interface Text {
  zh: string;
  en: string;
}

/** Pick the request's language: explicit cookie first (the UI switch), then Accept-Language. */
export function pickLang(cookie: string | undefined, acceptLanguage: string | undefined): Lang {
  if (cookie === 'en-US' || cookie === 'zh-CN') return cookie;
  if (acceptLanguage) {
    const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
    if (first.startsWith('en')) return 'en-US';
  }
  return DEFAULT_LANG;
}

export function tr(text: Text, lang: Lang): string {
  return lang === 'en-US' ? text.en : text.zh;
}
