import { maskPhone } from '../people/index.js';
import type { RequestsContext } from './requests.context.js';
import type { RequestStatus } from './requests.model.js';
import type * as repo from './requests.repository.js';

/** The unit holding a request: a department or a grid. */
export function unitOf(i: repo.RequestItem) {
  const q = i.request;
  if (q.assignedOrgId) return { kind: 'org' as const, id: q.assignedOrgId, name: i.unitOrgName ?? '' };
  if (q.assignedGridId) return { kind: 'grid' as const, id: q.assignedGridId, name: i.unitGridName ?? '' };
  return null;
}

/** Answered (or closed) after the deadline, or still open past it: closing late hides nothing. */
export function overdue(q: repo.RequestRow, now: Date) {
  return (q.repliedAt ?? q.closedAt ?? now) > q.resolveBy;
}

/** How a request reads to its handlers (the console's list, detail and ledger). */
export function present(c: RequestsContext, i: repo.RequestItem, showPhone = false) {
  const q = i.request;
  const now = c.k.clock.now();
  return {
    id: q.id,
    no: q.no,
    schoolId: q.schoolId,
    schoolName: i.schoolName,
    categoryId: q.categoryId,
    categoryName: i.categoryName,
    priority: q.priority,
    description: q.description,
    placeId: q.placeId,
    placeName: i.placeName,
    address: q.address,
    lon: q.lon,
    lat: q.lat,
    photos: q.photos,
    attributes: q.attributes,
    channel: q.channel,
    externalNo: q.externalNo,
    reporter: {
      identity: q.identity,
      name: q.identity === 'named' ? q.reporterName : null,
      phone: q.identity === 'named' ? (showPhone ? q.reporterPhone : maskPhone(q.reporterPhone)) : null,
    },
    status: q.status,
    closeKind: q.closeKind,
    unit: unitOf(i),
    firstUnit: q.firstUnitId
      ? {
          kind: i.firstUnitIsGrid ? ('grid' as const) : ('org' as const),
          id: q.firstUnitId,
          name: i.firstUnitName ?? '',
        }
      : null,
    gridName: i.gridName,
    receivedAt: q.receivedAt,
    respondBy: q.respondBy,
    resolveBy: q.resolveBy,
    respondedAt: q.respondedAt,
    repliedAt: q.repliedAt,
    closedAt: q.closedAt,
    overdue: overdue(q, now),
    respondOverdue: q.respondedAt ? q.respondedAt > q.respondBy : !q.closedAt && now > q.respondBy,
    ladder: { urgedAt: q.urgedAt, supervisedAt: q.supervisedAt, noticedAt: q.noticedAt },
    visit: q.visit,
    visitedAt: q.visitedAt,
    reopenCount: q.reopenCount,
    mergedInto: q.mergedInto && i.mergedNo ? { id: q.mergedInto, no: i.mergedNo } : null,
    incidentId: q.incidentId,
    version: q.version,
  };
}

/** A status in words, as the reporter and Open311 read it. */
export const STATUS_TEXT: Partial<Record<RequestStatus, string>> = {
  dispatched: '已派单',
  accepted: '已签收',
  contacted: '已联系',
  in_progress: '正在办理',
  extended: '已延期办理',
  parked: '已挂账（暂缓办理）',
  replied: '已办结，正在审核',
  revisit: '已办结，请评价',
  reopened: '已重新办理',
  closed: '已结案',
  triage: '正在重新分拨',
};

export type PresentedRequest = ReturnType<typeof present>;
