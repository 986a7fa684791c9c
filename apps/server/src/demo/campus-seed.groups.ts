import { newId } from '../kernel/ids.js';
import { studentGroupMembers, studentGroups } from '../modules/people/index.js';
import { chineseName, pick } from './random.js';
import { type Id, type Seeding } from './campus-seed.types.js';
import type { seedStudents } from './campus-seed.people.js';

const GROUP_TOPICS = [
  '青年志愿者',
  '书法',
  '摄影',
  '文学',
  '话剧',
  '街舞',
  '吉他',
  '合唱',
  '武术',
  '篮球',
  '足球',
  '羽毛球',
  '乒乓球',
  '跆拳道',
  '轮滑',
  '围棋',
  '象棋',
  '辩论',
  '演讲',
  '英语',
  '日语',
  '计算机',
  '机器人',
  '无人机',
  '电子设计',
  '数学建模',
  '创新创业',
  '电子商务',
  '营销',
  '财会',
  '化工安全',
  '环保',
  '红十字',
  '心理健康',
  '国学',
  '汉服',
  '动漫',
  '绘画',
  '剪纸',
  '茶艺',
  '烘焙',
  '舞龙舞狮',
  '定向越野',
  '登山',
  '田径',
  '排球',
  '健美操',
  '瑜伽',
];
const GROUP_SUFFIX = ['协会', '社', '俱乐部', '社团', '工作室', '志愿服务队'];

/** Student organisations: 158, together covering 43% of the students. */
export async function seedGroups(
  s: Seeding,
  studentRows: Awaited<ReturnType<typeof seedStudents>>['studentRows'],
) {
  const { tx, input } = s;
  const { school, rnd, now } = input;
  const groupRows: (typeof studentGroups.$inferInsert)[] = [];
  for (let i = 0; i < 158; i++) {
    const topic = GROUP_TOPICS[i % GROUP_TOPICS.length]!;
    const round = Math.floor(i / GROUP_TOPICS.length);
    const owner = i < 40 ? school : input.colleges[i % input.colleges.length]!;
    const name = `${owner === school ? '' : owner.name}${topic}${GROUP_SUFFIX[(i + round) % GROUP_SUFFIX.length]}`;
    groupRows.push({
      id: newId(),
      orgId: owner.id,
      schoolId: school.id,
      name: round > 0 && owner === school ? `${name}（${round + 1}）` : name,
      kind: pick(rnd, ['club', 'association', 'union', 'volunteer', 'other'] as const),
      advisor: chineseName(rnd).name,
      createdAt: now,
    });
  }
  await tx.insert(studentGroups).values(groupRows);
  const covered = Math.round(studentRows.length * 0.43);
  const memberRows: (typeof studentGroupMembers.$inferInsert)[] = [];
  const step = studentRows.length / Math.max(1, covered);
  // Half join a school-wide organisation, half one of their own college's; some join a second.
  const schoolGroups = groupRows.filter((g) => g.orgId === school.id);
  const collegeOfClass = new Map(
    input.classes.map((k) => [k.id, input.colleges.find((c) => c.code === k.collegeCode)!.id]),
  );
  const groupsOfCollege = new Map<Id, (typeof groupRows)[number][]>();
  for (const g of groupRows)
    if (g.orgId !== school.id) groupsOfCollege.set(g.orgId, [...(groupsOfCollege.get(g.orgId) ?? []), g]);
  for (let k = 0; k < covered; k++) {
    const s = studentRows[Math.floor(k * step)]!;
    const own = groupsOfCollege.get(collegeOfClass.get(s.orgId)!) ?? schoolGroups;
    const g1 =
      k % 2 === 0 ? schoolGroups[(k / 2) % schoolGroups.length]! : own[Math.floor(k / 2) % own.length]!;
    memberRows.push({ groupId: g1.id, studentId: s.id, role: k % 25 === 0 ? '负责人' : '成员' });
    if (k % 4 === 0)
      memberRows.push({
        groupId: schoolGroups[(k * 7 + 3) % schoolGroups.length]!.id,
        studentId: s.id,
        role: '成员',
      });
  }
  const uniq = new Map(memberRows.map((m) => [`${m.groupId}:${m.studentId}`, m]));
  const memberList = [...uniq.values()];
  for (let i = 0; i < memberList.length; i += 1000)
    await tx.insert(studentGroupMembers).values(memberList.slice(i, i + 1000));
  return groupRows.length;
}
