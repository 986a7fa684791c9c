/** Messages of the grid, coverage and map pages (features/grids, features/map). */
export const gridsZh = {
  'menu.group.grid': '网格管理',
  'menu.grids': '网格',
  'menu.coverage': '全覆盖检查',
  'menu.map': '校园地图',
} satisfies Record<string, string>;

export const gridsEn: Record<keyof typeof gridsZh, string> = {
  'menu.group.grid': 'Grids',
  'menu.grids': 'Grids',
  'menu.coverage': 'Coverage check',
  'menu.map': 'Campus map',
};
