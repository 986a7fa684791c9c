import { audit } from '../../kernel/audit/audit.js';
import { DEFAULT_LANG, localize, localizeActor, type Lang } from '../../kernel/i18n.js';
import { actionsOf, isVerifier, type Reader } from './hazards.access.js';
import type { HazardsContext } from './hazards.context.js';
import { isOverdue } from './hazards.model.js';
import * as repo from './hazards.repository.js';

/** A hazard as the console and the phone show it. */
export function present(c: HazardsContext, item: repo.HazardItem, lang: Lang = DEFAULT_LANG) {
  const h = item.hazard;
  const now = c.k.clock.now();
  return {
    id: h.id,
    no: h.no,
    schoolId: h.schoolId,
    schoolName: item.schoolName,
    domain: h.domain,
    grade: h.grade,
    origin: h.origin,
    title: localize(h.title, lang, ['notMet']),
    description: localize(h.description, lang, ['checkResult', 'fromCheck']),
    placeId: h.placeId,
    placeName: item.placeName,
    address: h.address,
    gridId: h.gridId,
    gridName: item.gridName,
    unit: h.unitOrgId
      ? { kind: 'org' as const, id: h.unitOrgId, name: item.unitOrgName ?? '' }
      : h.unitGridId
        ? { kind: 'grid' as const, id: h.unitGridId, name: item.unitGridName ?? '' }
        : null,
    foundByName: localizeActor(h.foundByName, lang),
    foundAt: h.foundAt,
    photos: h.photos,
    deadline: h.deadline,
    status: h.status,
    overdue: isOverdue(h, now),
    supervised: h.supervisedAt !== null && h.status !== 'closed',
    plan: h.plan ? { ...h.plan, deadline: new Date(h.plan.deadline) } : null,
    noticeNo: h.noticeNo,
    closedAt: h.closedAt,
    verifiedByName: h.verifiedByName,
    rejections: h.rejections,
    repeat: h.repeatOf !== null,
    taskInstanceId: h.taskInstanceId,
    itemCode: h.itemCode,
    sourceTask: h.sourceTask,
    sourceItem: h.sourceItem,
    version: h.version,
    updatedAt: h.updatedAt,
  };
}

export type PresentedHazard = ReturnType<typeof present>;

/** A hazard with its timeline and the steps this reader may take; the reporter's phone for the office. */
export async function presentDetail(c: HazardsContext, r: Reader, item: repo.HazardItem) {
  const events = await repo.events(c.k.db, item.hazard.id);
  const verifier = isVerifier(r, item);
  let contactPhone: string | null = null;
  if (verifier && item.hazard.contactPhone) {
    contactPhone = c.k.crypto.decrypt(item.hazard.contactPhone);
    await audit(c.k.db, c.k.clock, r.actor, {
      action: 'hazard.reporter_phone_read',
      targetType: 'hazard',
      targetId: item.hazard.id,
      orgId: item.hazard.schoolId,
      sensitive: true,
    });
  }
  return {
    ...present(c, item, r.actor.lang),
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      actorName: localizeActor(e.actorName, r.actor.lang),
      body: e.body,
      phase: e.phase,
      photos: e.photos,
      data: e.data,
      at: e.at,
    })),
    actions: actionsOf(r, item),
    canIssueNotice: verifier,
    contactPhone,
  };
}
