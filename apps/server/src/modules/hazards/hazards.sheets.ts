import { chinaDateTime } from '../../kernel/clock.js';
import type { CellValue } from '../../kernel/sheets/index.js';
import { RISK_DOMAINS } from '../tasks/index.js';
import { closedLate, isOverdue, type HazardGrade, type HazardStatus } from './hazards.model.js';
import type { HazardItem } from './hazards.repository.js';

/** The words people read for a hazard's codes: in the ledger, the notice, the monthly report. */
export const DOMAIN_NAMES: Record<string, string> = Object.fromEntries(
  RISK_DOMAINS.map((d) => [d.code, d.name]),
);
export const GRADE_LABELS: Record<HazardGrade, string> = { general: '一般', serious: '较大', major: '重大' };
export const STATUS_LABELS: Record<HazardStatus, string> = {
  open: '待整改',
  rectifying: '整改中',
  submitted: '待验收',
  closed: '已销号',
};
export const ORIGIN_LABELS: Record<string, string> = {
  inspection: '网格排查',
  adhoc: '日常发现',
  video: '视频巡查',
  patrol: '巡逻',
  public: '随手拍',
  police: '公安检查',
};

/** Where a checklist's hazard came from: 宿舍安全检查表 · 宿舍内无违规电器（…） */
export const sourceText = (task: string, item: string | null | undefined) =>
  item ? `${task} · ${item}` : task;

const time = (d: Date | null | undefined) => (d ? chinaDateTime(d).slice(0, 16) : '');
const day = (d: Date | string | null | undefined) =>
  d ? chinaDateTime(typeof d === 'string' ? new Date(d) : d).slice(0, 10) : '';

/** The ledger's columns (台账), as schools keep them on paper. */
export const LEDGER_COLUMNS = [
  { header: '隐患编号', width: 16, text: true },
  { header: '学校', width: 18 },
  { header: '风险领域', width: 12 },
  { header: '隐患等级', width: 8 },
  { header: '隐患名称', width: 30 },
  { header: '隐患描述', width: 40 },
  { header: '位置', width: 20 },
  { header: '所在网格', width: 18 },
  { header: '来源', width: 10 },
  { header: '来源任务', width: 36 },
  { header: '发现人', width: 10 },
  { header: '发现时间', width: 17 },
  { header: '责任单位', width: 18 },
  { header: '整改期限', width: 12 },
  { header: '整改责任人', width: 10 },
  { header: '整改措施', width: 36 },
  { header: '整改资金（元）', width: 12 },
  { header: '临时管控措施', width: 24 },
  { header: '通知书编号', width: 12, text: true },
  { header: '状态', width: 8 },
  { header: '销号时间', width: 17 },
  { header: '验收人', width: 10 },
  { header: '退回次数', width: 8 },
  { header: '是否逾期', width: 8 },
  { header: '挂牌督办', width: 8 },
  { header: '重复发生', width: 8 },
];

export function ledgerRow(i: HazardItem, now: Date): CellValue[] {
  const h = i.hazard;
  const late = isOverdue(h, now) || closedLate(h);
  return [
    h.no,
    i.schoolName,
    DOMAIN_NAMES[h.domain] ?? h.domain,
    GRADE_LABELS[h.grade],
    h.title,
    h.description,
    i.placeName ?? h.address ?? '',
    i.gridName ?? '',
    ORIGIN_LABELS[h.origin] ?? h.origin,
    h.sourceTask ? sourceText(h.sourceTask, h.sourceItem) : '',
    h.foundByName,
    time(h.foundAt),
    i.unitOrgName ?? i.unitGridName ?? '',
    day(h.deadline),
    h.plan?.person ?? '',
    h.plan?.measures ?? '',
    h.plan ? h.plan.funds : null,
    h.plan?.interim ?? '',
    h.noticeNo ?? '',
    STATUS_LABELS[h.status],
    time(h.closedAt),
    h.verifiedByName ?? '',
    h.rejections,
    late ? '是' : '',
    h.supervisedAt ? '是' : '',
    h.repeatOf ? '是' : '',
  ];
}
