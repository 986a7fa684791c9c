import { defineError } from '../../kernel/errors.js';

export const orgErrors = {
  codeTaken: defineError('orgs.code_taken', 409, {
    zh: '机构代码已被使用，请换一个',
    en: 'That organisation code is already in use; choose another',
  }),
  badParent: defineError('orgs.bad_parent', 400, {
    zh: '该类型的机构不能建在所选上级机构之下',
    en: 'An organisation of this kind cannot be placed under the chosen parent',
  }),
  badLink: defineError('orgs.bad_link', 400, {
    zh: '只能把学校划入派出所辖区或教育局/综治办的督导范围',
    en: 'Only schools can be linked, to a police station (jurisdiction) or a bureau (supervision)',
  }),
  rootRequired: defineError('orgs.root_only', 403, {
    zh: '只有平台管理员可以调整辖区与督导关系',
    en: 'Only a platform administrator can change jurisdiction and supervision',
  }),
};
