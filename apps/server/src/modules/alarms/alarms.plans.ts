import type { Role } from '../../kernel/access/index.js';

export const PLAN_TYPES = ['intruder', 'evacuation', 'fire', 'stampede', 'medical'] as const;
export type PlanType = (typeof PLAN_TYPES)[number];

export interface PlanTemplate {
  type: PlanType;
  name: string;
  steps: { title: string; owner: Role }[];
}

/**
 * The five emergency plans (应急预案) every school starts with, drawn from the seed texts' anti-terror
 * drill and university plans. Opened on an incident, each becomes a checklist ticked with time and
 * person. Roles name who does the step.
 */
export const PLAN_TEMPLATES: readonly PlanTemplate[] = [
  {
    type: 'intruder',
    name: '暴力入侵（校园封控）处置预案',
    steps: [
      { title: '第一时间拨打 110 报警（一键报警已同步推送派出所，电话再确认）', owner: 'guard' },
      { title: '护校队立即就位，持钢叉、盾牌与歹徒周旋，等候警力救援', owner: 'guard' },
      { title: '关闭校门，禁止一切人员进出', owner: 'guard' },
      { title: '广播站通知室外上课的老师迅速带领学生撤回教室', owner: 'grid_center' },
      { title: '各班教师关闭门窗，在教室内保护学生', owner: 'counselor' },
      { title: '视频监控中心跟踪嫌疑人位置，随时通报', owner: 'grid_center' },
      { title: '警方到场后移交现场，配合处置', owner: 'school_admin' },
      { title: '清点学生人数，报告伤亡情况', owner: 'counselor' },
      { title: '安抚师生情绪，必要时通知家长', owner: 'school_admin' },
    ],
  },
  {
    type: 'evacuation',
    name: '紧急疏散预案',
    steps: [
      { title: '启动疏散预案，广播通知全体师生疏散', owner: 'grid_center' },
      { title: '各楼层疏散引导员就位，打开全部安全出口', owner: 'guard' },
      { title: '教师带领学生按疏散路线有序撤离（四层及以下楼宇不超过 2 分钟）', owner: 'counselor' },
      { title: '在指定集合点清点人数并逐级上报', owner: 'counselor' },
      { title: '逐层检查楼内有无滞留人员', owner: 'guard' },
      { title: '记录并报告疏散完成时间', owner: 'school_admin' },
    ],
  },
  {
    type: 'fire',
    name: '火灾扑救和应急疏散预案',
    steps: [
      { title: '拨打 119 报警，报告学校应急领导小组', owner: 'grid_center' },
      { title: '就近使用灭火器、消火栓扑救初起火灾', owner: 'guard' },
      { title: '切断着火区域电源、燃气', owner: 'guard' },
      { title: '广播通知疏散，引导师生沿安全出口撤离', owner: 'grid_center' },
      { title: '在集合点清点人数，报告被困人员位置', owner: 'counselor' },
      { title: '派人到校门口引导消防车进入', owner: 'guard' },
      { title: '保护现场，配合消防部门调查', owner: 'school_admin' },
    ],
  },
  {
    type: 'stampede',
    name: '预防和处置拥挤踩踏事件应急预案',
    steps: [
      { title: '在拥挤点喊话疏导，立即制止推挤', owner: 'guard' },
      { title: '广播通知暂停通行，分流人群', owner: 'grid_center' },
      { title: '打开备用通道，疏散人群', owner: 'guard' },
      { title: '救护受伤人员，拨打 120', owner: 'school_admin' },
      { title: '清点人数，查明受伤情况', owner: 'counselor' },
      { title: '向教育局和派出所报告', owner: 'school_admin' },
    ],
  },
  {
    type: 'medical',
    name: '突发疾病和意外伤害急救预案',
    steps: [
      { title: '拨打 120，说明地点和伤病情况', owner: 'grid_center' },
      { title: '校医或急救员携带 AED 和急救箱赶到现场', owner: 'guard' },
      { title: '现场初步救护（心肺复苏、止血、固定）', owner: 'guard' },
      { title: '安排专人到校门口引导救护车', owner: 'guard' },
      { title: '通知辅导员和学生家长', owner: 'counselor' },
      { title: '记录经过，跟踪救治情况', owner: 'grid_center' },
    ],
  },
];

/** Which plan fits an alarm class first (a handler may open any other). */
export const DEFAULT_PLAN: Record<'police' | 'staff_assist' | 'medical' | 'fire', PlanType> = {
  police: 'intruder',
  staff_assist: 'intruder',
  medical: 'medical',
  fire: 'fire',
};
