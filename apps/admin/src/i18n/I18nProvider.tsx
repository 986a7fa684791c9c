import {
  createI18n,
  type I18nValue as BaseI18nValue,
  type Translate as BaseTranslate,
} from '@anxiao/web-core';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useMemo } from 'react';
import { enUS } from './en-US';
import { zhCN, type MessageKey } from './zh-CN';

export { errorMessage } from '@anxiao/web-core';
export type { MessageKey };
export type Translate = BaseTranslate<MessageKey>;

const i18n = createI18n<MessageKey>({
  dictionaries: { 'zh-CN': zhCN, 'en-US': enUS },
  titleKey: 'app.title',
  onApply: (lang) => {
    dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
  },
});

export const I18nProvider = i18n.I18nProvider;

function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zhCN, key);
}

interface I18nValue extends BaseI18nValue<MessageKey> {
  /** Label of a server code (event type, audit action…) under `prefix`, or the code itself. */
  tCode: (prefix: string, code: string) => string;
}

export function useI18n(): I18nValue {
  const value = i18n.useI18n();
  return useMemo<I18nValue>(
    () => ({
      ...value,
      tCode: (prefix, code) => {
        const key = `${prefix}.${code}`;
        return isMessageKey(key) ? value.t(key) : code;
      },
    }),
    [value],
  );
}

export function useT(): Translate {
  return i18n.useI18n().t;
}
