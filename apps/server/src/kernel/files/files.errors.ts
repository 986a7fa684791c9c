import { defineError } from '../errors.js';

export const fileErrors = {
  notAnImage: defineError('files.not_an_image', 415, {
    zh: '照片无法识别，请重新拍摄或选择 JPEG、PNG、WebP 图片',
    en: 'The photo could not be read; take it again or choose a JPEG, PNG or WebP image',
  }),
  tooMany: defineError('files.too_many', 413, {
    zh: '照片过多',
    en: 'Too many photos',
  }),
  budgetExhausted: defineError('files.budget_exhausted', 429, {
    zh: '此处近一小时上传的照片已达上限，请稍后再试，或不附照片提交',
    en: 'Too many photos were sent from here in the last hour; try again later, or send without photos',
  }),
  diskFull: defineError('files.disk_full', 507, {
    zh: '服务器存储空间不足，暂不能上传文件；请联系管理员（报警不受影响）',
    en: 'The server is low on storage and cannot take files now; tell the administrator (alarms are not affected)',
  }),
  expired: defineError('files.expired', 400, {
    zh: '所附文件已过期或不存在，请重新上传',
    en: 'An attached file has expired or does not exist; upload it again',
  }),
};
