import { saveLang } from './auth';
import { readStoredLang } from './i18n';
import type { Lang, Me } from './types';

/**
 * After sign-in: a language chosen on this browser wins and is saved to the account (the server
 * uses it for messages it sends on its own); otherwise the account's language is adopted.
 */
export async function reconcileLang(user: Me, setLang: (lang: Lang) => void): Promise<void> {
  const chosen = readStoredLang();
  if (chosen) {
    // Sign-in sets the language cookie from the account; restore this browser's choice.
    setLang(chosen);
    if (user.lang !== chosen) await saveLang(chosen);
  } else if (user.lang) {
    setLang(user.lang);
  }
}
