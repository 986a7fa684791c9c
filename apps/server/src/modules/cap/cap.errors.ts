import { defineError } from '../../kernel/errors.js';

export const capErrors = {
  badUrl: defineError('cap.bad_url', 400, {
    zh: '订阅地址须为 http 或 https 地址，且不得包含用户名或密码',
    en: 'The feed address must be http or https, without a user name or password',
  }),
  badOrg: defineError('cap.bad_org', 400, {
    zh: '只有学校、教育局、综治办或区域可以订阅预警源',
    en: 'Only a school, an education bureau, a stability office or a region may subscribe to a feed',
  }),
  tooMany: defineError('cap.too_many', 409, {
    zh: '该单位的预警订阅已达上限',
    en: 'This organisation already has the most feed subscriptions allowed',
  }),
  duplicate: defineError('cap.duplicate', 409, {
    zh: '该单位已订阅此地址',
    en: 'This organisation already subscribes to this address',
  }),
};
