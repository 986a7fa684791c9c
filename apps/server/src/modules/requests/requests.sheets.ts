import { chinaDateTime } from '../../kernel/clock.js';
import type { WriteSheet } from '../../kernel/sheets/index.js';
import type { RequestStatus } from './requests.model.js';
import type { PresentedRequest } from './requests.present.js';

export const STATUS_LABELS: Record<RequestStatus, string> = {
  received: '已受理',
  triage: '待分拨',
  dispatched: '已派单',
  accepted: '已签收',
  contacted: '已联系',
  in_progress: '办理中',
  extended: '延期办理',
  parked: '挂账',
  replied: '已办结待审核',
  revisit: '待回访',
  reopened: '重办',
  closed: '已结案',
};
const CHANNEL_LABELS: Record<string, string> = {
  phone: '手机',
  qr: '扫码',
  hotline: '热线',
  dorm: '宿管',
  open311: 'Open311',
  console: '后台',
};
const IDENTITY_LABELS = { named: '实名', anonymous: '匿名', sealed: '保密' } as const;

const time = (d: Date | null) => (d ? chinaDateTime(d).slice(0, 16) : '');

/**
 * The ledger (台账): one row per request. A sealed or anonymous reporter is never in the file,
 * whoever exports it: the grid centre reads a sealed identity only through its audited reveal.
 */
export function ledgerSheet(items: PresentedRequest[]): WriteSheet {
  return {
    name: '诉求台账',
    columns: [
      { header: '编号', width: 18, text: true },
      { header: '12345工单号', width: 16, text: true },
      { header: '渠道', width: 8 },
      { header: '分类', width: 14 },
      { header: '诉求内容', width: 48 },
      { header: '地点', width: 22 },
      { header: '诉求人', width: 12 },
      { header: '联系电话', width: 14, text: true },
      { header: '承办单位', width: 18 },
      { header: '状态', width: 12 },
      { header: '受理时间', width: 17 },
      { header: '响应时限', width: 17 },
      { header: '联系时间', width: 17 },
      { header: '办结时限', width: 17 },
      { header: '回复时间', width: 17 },
      { header: '结案时间', width: 17 },
      { header: '超期', width: 6 },
      { header: '催办/督办/通报', width: 14 },
      { header: '是否解决', width: 8 },
      { header: '满意度', width: 8 },
      { header: '重办次数', width: 8 },
    ],
    rows: items.map((r) => [
      r.no,
      r.externalNo ?? '',
      CHANNEL_LABELS[r.channel] ?? r.channel,
      r.categoryName,
      r.description,
      r.placeName ?? r.address ?? '',
      r.reporter.identity === 'named' ? (r.reporter.name ?? '') : IDENTITY_LABELS[r.reporter.identity],
      r.reporter.identity === 'named' ? (r.reporter.phone ?? '') : '',
      r.unit?.name ?? '待分拨',
      STATUS_LABELS[r.status],
      time(r.receivedAt),
      time(r.respondBy),
      time(r.respondedAt),
      time(r.resolveBy),
      time(r.repliedAt),
      time(r.closedAt),
      r.overdue ? '是' : '',
      [r.ladder.urgedAt && '催办', r.ladder.supervisedAt && '督办', r.ladder.noticedAt && '通报']
        .filter(Boolean)
        .join('/'),
      r.visit ? (r.visit.solved ? '是' : '否') : '',
      r.visit ? r.visit.satisfaction : null,
      r.reopenCount,
    ]),
  };
}
