/** Messages of the people, places, equipment and import pages (features/people, places, imports). */
export const baseZh = {
  'menu.group.base': '人地事物',
  'menu.students': '学生',
  'menu.staff': '教职工',
  'menu.studentGroups': '学生组织',
  'menu.places': '楼宇与房间',
  'menu.equipment': '安全设备',
  'menu.imports': '数据导入',
  'common.schoolSelect': '选择学校',
} satisfies Record<string, string>;

export const baseEn: Record<keyof typeof baseZh, string> = {
  'menu.group.base': 'People, places, things',
  'menu.students': 'Students',
  'menu.staff': 'Staff',
  'menu.studentGroups': 'Student organisations',
  'menu.places': 'Buildings and rooms',
  'menu.equipment': 'Safety equipment',
  'menu.imports': 'Data import',
  'common.schoolSelect': 'Choose a school',
};
