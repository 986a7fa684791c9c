import type { Translate } from '../i18n/I18nProvider';

/** A name with a note in brackets, as the language writes it: 保卫处（部门） / 保卫处 (department). */
export const withNote = (t: Translate, main: string, note: string) => t('common.withNote', { main, note });
