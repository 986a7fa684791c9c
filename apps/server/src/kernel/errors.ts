import type { Text } from './i18n.js';

/**
 * Errors are data: a stable dotted code (clients and tests branch on it), an HTTP status,
 * a message in each UI language, and optional details. Modules define factories in
 * <module>.errors.ts; the HTTP layer renders { error: { code, message, details } }.
 */
export class AppError extends Error {
  constructor(
    public readonly code: string,
    public readonly status: number,
    public readonly text: Text,
    public readonly details?: unknown,
  ) {
    super(`${code}: ${text.en}`);
    this.name = 'AppError';
  }
}

export function defineError(code: string, status: number, text: Text) {
  return (details?: unknown) => new AppError(code, status, text, details);
}

export const errors = {
  unauthenticated: defineError('auth.unauthenticated', 401, {
    zh: '请先登录',
    en: 'Please sign in first',
  }),
  forbidden: defineError('access.forbidden', 403, {
    zh: '您没有执行此操作的权限',
    en: 'You do not have permission to do this',
  }),
  notFound: defineError('common.not_found', 404, {
    zh: '记录不存在或您无权查看',
    en: 'The record does not exist or you may not see it',
  }),
  validation: defineError('common.validation', 400, {
    zh: '提交的内容有误，请检查后重试',
    en: 'Some of what you sent is not valid; please check and try again',
  }),
  conflict: defineError('common.conflict', 409, {
    zh: '记录已被他人修改，请刷新后重试',
    en: 'Someone else changed this record; reload and try again',
  }),
  unknownReference: defineError('common.unknown_reference', 400, {
    zh: '引用的记录不存在，请刷新后重新选择',
    en: 'Something this refers to does not exist; reload and choose again',
  }),
  inUse: defineError('common.in_use', 409, {
    zh: '该记录仍被其他记录使用，不能删除',
    en: 'Other records still use this one, so it cannot be deleted',
  }),
  duplicate: defineError('common.duplicate', 409, {
    zh: '已存在相同的记录',
    en: 'A record like this already exists',
  }),
  badText: defineError('common.bad_text', 400, {
    zh: '提交的文字中含有不可见的控制字符或无效字符，请删除后重试',
    en: 'The text contains invisible control or invalid characters; remove them and try again',
  }),
  csrf: defineError('auth.csrf', 403, {
    zh: '页面已过期，请刷新后重试',
    en: 'This page has expired; reload and try again',
  }),
  rateLimited: defineError('common.rate_limited', 429, {
    zh: '操作过于频繁，请稍后再试',
    en: 'Too many attempts; please wait a moment and try again',
  }),
  payloadTooLarge: defineError('files.too_large', 413, {
    zh: '文件过大',
    en: 'The file is too large',
  }),
  unsupportedType: defineError('files.unsupported_type', 415, {
    zh: '不支持的文件类型（仅支持图片、PDF、Excel）',
    en: 'This file type is not accepted (images, PDF and Excel only)',
  }),
  unavailable: defineError('common.unavailable', 503, {
    zh: '服务暂时不可用，请稍后重试',
    en: 'The service is briefly unavailable; please try again shortly',
  }),
  badRequest: (status: number, details?: unknown) =>
    new AppError(
      status === 400 ? 'common.validation' : `http.${status}`,
      status,
      {
        zh: '请求格式有误',
        en: 'The request is malformed',
      },
      details,
    ),
  workFailed: defineError('common.work_failed', 503, {
    zh: '文档过大或服务器繁忙，暂时无法生成；请缩小范围或稍后重试',
    en: 'The document is too large or the server is busy; narrow it down or try again later',
  }),
  internal: defineError('common.internal', 500, {
    zh: '服务器出错了，请稍后重试；如果问题持续，请联系管理员',
    en: 'Something went wrong on the server; try again, and tell your administrator if it persists',
  }),
};
