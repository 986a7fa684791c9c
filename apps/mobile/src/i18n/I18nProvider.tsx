import { createI18n, type Translate as BaseTranslate } from '@anxiao/web-core';
import { enUS } from './en-US';
import { zhCN, type MessageKey } from './zh-CN';

export { errorMessage } from '@anxiao/web-core';
export type { MessageKey };
export type Translate = BaseTranslate<MessageKey>;

export const { I18nProvider, useI18n } = createI18n<MessageKey>({
  dictionaries: { 'zh-CN': zhCN, 'en-US': enUS },
  titleKey: 'app.name',
});
