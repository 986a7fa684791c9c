import { and, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../kernel/access/index.js';
import { chinaDate } from '../../kernel/calendar/index.js';
import { errors } from '../../kernel/errors.js';
import { unitUsers } from '../identity/index.js';
import { isVerifier, readable, reader } from './hazards.access.js';
import type { HazardsContext } from './hazards.context.js';
import { hazardErrors } from './hazards.errors.js';
import { present, presentDetail } from './hazards.present.js';
import { render } from './hazards.render.js';
import * as repo from './hazards.repository.js';
import { DOMAIN_NAMES, GRADE_LABELS } from './hazards.sheets.js';
import { hazards } from './hazards.tables.js';
import { addEvent, changed } from './hazards.timeline.js';
import { hazardNotice } from './hazards.notify.js';

/** Issue the rectification notice (整改通知书): numbered once per school and year. */
export async function issueNotice(c: HazardsContext, actor: Actor, id: string) {
  const r = await reader(c, actor);
  const item = await readable(c, r, id);
  if (!isVerifier(r, item)) throw errors.forbidden({ permission: 'hazard.verify' });
  const h = item.hazard;
  if (!h.noticeNo) {
    const now = c.k.clock.now();
    const year = chinaDate(now).slice(0, 4);
    const n = await repo.nextNumber(c.k.db, `n:${h.schoolId}:${year}`);
    const noticeNo = `${year}-${String(n).padStart(4, '0')}`;
    await c.k.transaction(async (tx) => {
      const [u] = await tx
        .update(hazards)
        .set({ noticeNo, noticeAt: now, version: h.version + 1, updatedAt: now })
        .where(and(eq(hazards.id, id), sql`${hazards.noticeNo} is null`))
        .returning({ id: hazards.id });
      if (!u) return;
      await addEvent(c, tx, id, actor, 'notice', {
        body: `已下达整改通知书 安整〔${year}〕${n}号`,
        data: { noticeNo },
      });
      await changed(
        c,
        tx,
        { id, no: h.no, status: h.status, kind: 'notice', schoolId: h.schoolId, gridId: h.gridId },
        actor.userId,
      );
      await c.k.notify.notify(
        tx,
        hazardNotice(
          'notice',
          { type: 'hazard', id },
          {
            userIds: await unitUsers(tx, { orgId: h.unitOrgId, gridId: h.unitGridId }),
            orgId: h.schoolId,
            kind: 'hazard.notice',
            title: `收到隐患整改通知书 ${h.no}`,
            body: `${h.title}，请于 ${chinaDate(h.deadline)} 前整改完毕。`,
            link: `/hazards/${id}`,
            data: { hazardId: id },
          },
        ),
      );
    });
  }
  return presentDetail(c, r, (await repo.findById(c.k.db, id))!);
}

/** The notice as a PDF, once issued. */
export async function noticePdf(c: HazardsContext, actor: Actor, id: string) {
  const r = await reader(c, actor);
  const item = await readable(c, r, id);
  if (!item.hazard.noticeNo) throw hazardErrors.noNotice();
  // Found by a signed checklist: the inspector's signature goes on the notice.
  const signature = item.hazard.taskInstanceId
    ? await c.tasks.signatureFor(item.hazard.taskInstanceId)
    : null;
  return {
    no: item.hazard.no,
    pdf: await render.notice(
      {
        ...present(c, item),
        noticeNo: item.hazard.noticeNo,
        noticeAt: item.hazard.noticeAt ?? item.hazard.foundAt,
        domainName: DOMAIN_NAMES[item.hazard.domain] ?? item.hazard.domain,
        gradeName: GRADE_LABELS[item.hazard.grade],
        signature,
      },
      c.pdfFont,
    ),
  };
}
