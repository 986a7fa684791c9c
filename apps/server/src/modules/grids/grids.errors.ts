import { defineError } from '../../kernel/errors.js';

export const gridErrors = {
  codeTaken: defineError('grids.code_taken', 409, {
    zh: '该网格编号在本校已被使用',
    en: 'This grid code is already used in the school',
  }),
  badLevel: defineError('grids.bad_level', 400, {
    zh: '网格层级不符：实体网格为 校区→片区→楼栋→楼层→房间，虚拟网格为 学院→班级→宿舍',
    en: 'Wrong level: physical grids go campus → zone → building → floor → room, virtual ones college → class → dorm room',
  }),
  hasChildren: defineError('grids.has_children', 409, {
    zh: '请先删除或移走下级网格',
    en: 'Delete or move the sub-grids first',
  }),
  leaderOutsideSchool: defineError('grids.leader_outside_school', 400, {
    zh: '网格长/网格员须为本校在用账号',
    en: 'Grid leaders and members must be active accounts of the school',
  }),
  badBinding: defineError('grids.bad_binding', 400, {
    zh: '所选机构或位置不属于本校，或与网格类型不符（实体网格绑定位置，虚拟网格绑定学院/班级或宿舍）',
    en: 'The chosen organisation or place is not of this school or does not fit the grid (physical grids take places; virtual grids take colleges/classes or dorm rooms)',
  }),
  structureOnlyAbove: defineError('grids.structure_only_above', 403, {
    zh: '网格长不能更换本网格的网格长、编号或覆盖范围，请联系上级网格',
    en: "A grid leader cannot change their own grid's leader, code or coverage; ask the grid above",
  }),
  outsideParent: defineError('grids.outside_parent', 400, {
    zh: '下级网格只能绑定上级网格覆盖范围内的位置或机构（见 details 中列出的位置）',
    en: "A sub-grid can only cover places or organisations inside its parent grid's coverage (the places are listed in details)",
  }),
};
