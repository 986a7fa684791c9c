import { defineError } from '../../kernel/errors.js';

export const requestErrors = {
  noSchool: defineError('requests.no_school', 400, {
    zh: '您的账号不属于任何学校，无法在此提交诉求',
    en: 'Your account belongs to no school, so you cannot file a request here',
  }),
  transition: defineError('requests.transition', 409, {
    zh: '诉求当前状态下不能执行此操作（可能已被他人处理），请刷新',
    en: "This cannot be done in the request's current state (someone may have handled it); reload",
  }),
  wrongSide: defineError('requests.wrong_side', 403, {
    zh: '这一步不由您办理（分拨中心与承办单位各有分工）',
    en: 'This step is not yours to take (the centre and the unit each have their own)',
  }),
  reasonRequired: defineError('requests.reason_required', 400, {
    zh: '请填写原因',
    en: 'Give a reason',
  }),
  answerRequired: defineError('requests.answer_required', 400, {
    zh: '请填写回访结果（是否联系、是否解决、满意度）',
    en: 'Give the return visit answers (contacted, solved, satisfaction)',
  }),
  unitRequired: defineError('requests.unit_required', 400, {
    zh: '请选择承办单位（部门或网格）',
    en: 'Choose the responsible unit (a department or a grid)',
  }),
  badPhoto: defineError('requests.bad_photo', 400, {
    zh: '照片无效：只能附上您自己上传的图片',
    en: 'A photo is not valid: attach only images you uploaded',
  }),
  badAttribute: defineError('requests.bad_attribute', 400, {
    zh: '补充信息填写有误',
    en: 'An additional field is not valid',
  }),
  categoryCodeTaken: defineError('requests.category_code_taken', 409, {
    zh: '该分类编码已存在',
    en: 'This category code is already in use',
  }),
  mergeTarget: defineError('requests.merge_target', 400, {
    zh: '只能合并到本校另一条未结案的同类诉求',
    en: 'Merge only into another open request of the same school',
  }),
  notRateable: defineError('requests.not_rateable', 409, {
    zh: '诉求尚未办结回复，暂不能评价',
    en: 'The request has not been answered yet, so it cannot be rated',
  }),
  noPdfFont: defineError('requests.no_pdf_font', 500, {
    zh: '服务器缺少中文字体，无法生成 PDF',
    en: 'The server has no Chinese font to write the PDF with',
  }),
};
