import { AppError, defineError } from '../../kernel/errors.js';

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
  /** Names what lies outside, so the centre sees at once which binding to drop. */
  outsideParent: (d: {
    parent: { id: string; name: string };
    places: { id: string; code: string; name: string }[];
    orgs: { id: string; code: string; name: string }[];
  }) => {
    const names = [...d.places, ...d.orgs].map((x) => `${x.name}（${x.code}）`).join('、');
    return new AppError(
      'grids.outside_parent',
      400,
      {
        zh: `${names} 不在上级网格「${d.parent.name}」的覆盖范围内；下级网格只能绑定上级网格覆盖的位置或机构`,
        en: `${names} lies outside the parent grid "${d.parent.name}": a sub-grid covers only places or organisations its parent covers`,
      },
      d,
    );
  },
};
