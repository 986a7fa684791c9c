import { defineError } from '../../kernel/errors.js';

export const placeErrors = {
  codeTaken: defineError('places.code_taken', 409, {
    zh: '该编号已被本校其他位置使用',
    en: 'This code is already used by another place of the school',
  }),
  badParent: defineError('places.bad_parent', 400, {
    zh: '该类型的位置不能建在所选上级之下（楼层属于楼栋，房间属于楼栋或楼层）',
    en: 'A place of this kind cannot sit under the chosen parent (floors in buildings, rooms in buildings or floors)',
  }),
  notSchool: defineError('places.not_school', 400, {
    zh: '请选择一所学校',
    en: 'Choose a school',
  }),
  equipmentCodeTaken: defineError('equipment.code_taken', 409, {
    zh: '该设备编号已被本校使用',
    en: 'This equipment code is already used in the school',
  }),
  badGeometry: defineError('places.bad_geometry', 400, {
    zh: 'GeoJSON 中只接受面（Polygon）要素',
    en: 'Only Polygon features are accepted in the GeoJSON',
  }),
  // issue 14, item 1: placing a phone's fix
  noSchool: defineError('places.no_school', 404, {
    zh: '您的账号不属于任何学校，无法按位置匹配地点',
    en: 'Your account belongs to no school, so your position cannot be matched to a place',
  }),
};
