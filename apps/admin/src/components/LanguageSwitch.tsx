import { saveLang } from '@anxiao/web-core';
import { useQueryClient } from '@tanstack/react-query';
import { App, Segmented } from 'antd';
import type { ReactNode } from 'react';
import { queryKeys } from '../api/keys';
import type { Lang, Me } from '../api/types';
import { errorMessage, useI18n } from '../i18n/I18nProvider';

// Each language is named in itself (and marked as written in it), so a reader of either can find their own.
const OPTIONS: { label: ReactNode; value: Lang }[] = [
  { label: <span lang="zh-CN">中文</span>, value: 'zh-CN' },
  { label: <span lang="en-US">English</span>, value: 'en-US' },
];

/** Switches the interface language and, when signed in, saves it to the account. */
export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  const queryClient = useQueryClient();
  const { message } = App.useApp();

  const change = (next: Lang) => {
    setLang(next);
    if (queryClient.getQueryData<Me | null>(queryKeys.me)) {
      saveLang(next).catch((err: unknown) => void message.error(errorMessage(err, t)));
    }
  };

  return <Segmented<Lang> size="small" options={OPTIONS} value={lang} onChange={change} />;
}
