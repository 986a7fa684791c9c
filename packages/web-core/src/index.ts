export { ApiError, api, bodyOf, downloadFile, postForm } from './http';
export { changePassword, fetchDemoAccounts, fetchMe, login, logout, saveLang } from './auth';
export {
  createI18n,
  errorMessage,
  readStoredLang,
  type I18n,
  type I18nOptions,
  type I18nValue,
  type Translate,
} from './i18n';
export { formatMessage } from './message';
export { reconcileLang } from './reconcileLang';
export { LANGS, type DemoAccount, type Lang, type Me } from './types';
export { AlarmTone, useAlarmTone, type AlarmToneState } from './alarmTone';
export { newIdempotencyKey, type CryptoLike } from './idempotency';
