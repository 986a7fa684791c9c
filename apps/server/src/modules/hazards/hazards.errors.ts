import { defineError } from '../../kernel/errors.js';

export const hazardErrors = {
  noSchool: defineError('hazards.no_school', 400, {
    zh: '您的账号不属于任何学校，请选择学校',
    en: 'Your account belongs to no school; choose one',
  }),
  badPhoto: defineError('hazards.bad_photo', 400, {
    zh: '照片无效：只能附上您自己上传的图片',
    en: 'A photo is not valid: attach only images you uploaded',
  }),
  transition: defineError('hazards.transition', 409, {
    zh: '隐患当前状态下不能执行此操作（可能已被他人处理），请刷新',
    en: "This cannot be done in the hazard's current state (someone may have acted); reload",
  }),
  step: defineError('hazards.step', 400, {
    zh: '请按要求填写：五定须完整（重大隐患须有临时管控措施，完成时限不得晚于整改期限），进度与完成须附照片，退回须写明原因',
    en: 'Fill in what the step needs: the full 五定 (interim controls for a major hazard, a date no later than the deadline), photos for progress and completion, a reason to send back',
  }),
  verifierIsRectifier: defineError('hazards.verifier_is_rectifier', 403, {
    zh: '参与整改的人员不能验收本隐患，请由其他人员复查验收',
    en: 'Someone who worked on the rectification cannot verify it; another person must',
  }),
  signatureRequired: defineError('hazards.signature_required', 400, {
    zh: '复查验收须签名',
    en: 'Verification must be signed',
  }),
  noNotice: defineError('hazards.no_notice', 404, {
    zh: '该隐患尚未下达整改通知书',
    en: 'No rectification notice has been issued for this hazard',
  }),
  noSupervisor: defineError('hazards.no_supervisor', 400, {
    zh: '本校未关联上级主管部门，无法上报月报',
    en: 'This school has no supervising authority to send the report to',
  }),
  noPdfFont: defineError('hazards.no_pdf_font', 500, {
    zh: '服务器缺少中文字体，无法生成PDF',
    en: 'The server has no Chinese font to make the PDF',
  }),
};
