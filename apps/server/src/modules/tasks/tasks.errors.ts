import { defineError } from '../../kernel/errors.js';

export const taskErrors = {
  alreadyDone: defineError('tasks.already_done', 409, {
    zh: '该任务已由他人完成',
    en: 'This task has already been done by someone else',
  }),
  badPhoto: defineError('tasks.bad_photo', 400, {
    zh: '照片无效：只能附上您自己上传的图片',
    en: 'A photo is not valid: attach only images you uploaded',
  }),
  badSignature: defineError('tasks.bad_signature', 400, {
    zh: '手写签名无效：须为一张不超过 256 KB 的 PNG 图片，请重新签名',
    en: 'The drawn signature is not valid: it must be one PNG image of at most 256 KB; sign again',
  }),
  badAnswers: defineError('tasks.bad_answers', 400, {
    zh: '检查表填写不完整或有误，请检查标红的项目',
    en: 'The checklist is incomplete or has invalid answers; check the marked items',
  }),
  codeTaken: defineError('tasks.code_taken', 409, {
    zh: '该模板编码已存在',
    en: 'This template code is already in use',
  }),
  notFailed: defineError('tasks.not_failed', 400, {
    zh: '该检查项未判定为不合格，不能转为隐患',
    en: 'This item did not fail, so it cannot become a hazard',
  }),
};
