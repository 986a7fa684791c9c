import { and, eq } from 'drizzle-orm';
import { authorize, type Actor } from '../../kernel/access/index.js';
import { audit } from '../../kernel/audit/audit.js';
import { chinaDayStart } from '../../kernel/calendar/index.js';
import { newId } from '../../kernel/ids.js';
import { RISK_DOMAINS } from '../tasks/index.js';
import { schoolFor } from './hazards.access.js';
import type { HazardsContext } from './hazards.context.js';
import { hazardErrors } from './hazards.errors.js';
import type { HazardGrade } from './hazards.model.js';
import { render } from './hazards.render.js';
import * as repo from './hazards.repository.js';
import { ORIGIN_LABELS } from './hazards.sheets.js';
import { hazardReports } from './hazards.tables.js';
import { hazardNotice } from './hazards.notify.js';

/** A school's month (月报): found, closed, on time, late, supervised, repeats, by domain and origin. */
export async function monthly(c: HazardsContext, actor: Actor, schoolId: string, month: string) {
  const school = await schoolFor(c, actor, 'hazard.read', schoolId);
  const [y, m] = month.split('-').map(Number) as [number, number];
  const start = chinaDayStart(`${month}-01`);
  const end = chinaDayStart(`${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-01`);
  const f = await repo.monthFigures(c.k.db, schoolId, start, end);
  const t = f.totals;
  const byDomain = RISK_DOMAINS.map((d) => {
    const of = (g: HazardGrade) => f.byDomain.find((x) => x.domain === d.code && x.grade === g)?.n ?? 0;
    const row = {
      key: d.code,
      label: d.name,
      general: of('general'),
      serious: of('serious'),
      major: of('major'),
    };
    return { ...row, total: row.general + row.serious + row.major };
  });
  const sent = await repo.reportsSent(
    c.k.db,
    and(eq(hazardReports.schoolId, schoolId), eq(hazardReports.month, month))!,
  );
  return {
    schoolId,
    schoolName: school.name,
    month,
    found: t.found,
    closed: t.closed_in_month,
    closedOnTime: t.closed_on_time,
    rectificationRate: t.found ? t.closed_of_month / t.found : null,
    overdueOpen: t.overdue_open,
    closedLate: t.closed_late,
    supervised: t.supervised,
    repeats: t.repeats,
    openAtEnd: t.open_at_end,
    byDomain,
    byOrigin: f.byOrigin.map((o) => ({
      key: o.origin,
      label: ORIGIN_LABELS[o.origin] ?? o.origin,
      total: o.n,
    })),
    byDay: f.byDay,
    repeatList: f.repeatList.map((x) => ({ id: x.id, no: x.no, title: x.title, placeName: x.place_name })),
    overdueList: f.overdueList.map((x) => ({
      id: x.id,
      no: x.no,
      title: x.title,
      grade: x.grade,
      deadline: new Date(x.deadline),
      unit: x.unit ?? '未指定',
    })),
    sent: sent.map((s) => ({
      id: s.report.id,
      sentAt: s.report.sentAt,
      sentByName: s.report.sentByName,
      to: s.to,
    })),
  };
}

export async function monthlyPdf(c: HazardsContext, actor: Actor, schoolId: string, month: string) {
  return render.monthlyPdf(await monthly(c, actor, schoolId, month), c.pdfFont);
}

export async function monthlyXlsx(c: HazardsContext, actor: Actor, schoolId: string, month: string) {
  return render.monthlyXlsx(await monthly(c, actor, schoolId, month));
}

/** Send the month's report up to the school's supervising authorities: kept as sent, and they are told. */
export async function sendMonthly(c: HazardsContext, actor: Actor, schoolId: string, month: string) {
  await schoolFor(c, actor, 'hazard.verify', schoolId);
  const figures = await monthly(c, actor, schoolId, month);
  const to = await repo.supervisorsOf(c.k.db, schoolId);
  if (!to.length) throw hazardErrors.noSupervisor();
  const users = await repo.supervisorUsers(
    c.k.db,
    to.map((o) => o.id),
  );
  const id = newId();
  await c.k.transaction(async (tx) => {
    const { sent: _sent, ...kept } = figures;
    await tx.insert(hazardReports).values({
      id,
      schoolId,
      month,
      figures: kept,
      sentAt: c.k.clock.now(),
      sentById: actor.userId,
      sentByName: actor.name,
      toOrgIds: to.map((o) => o.id),
    });
    await c.k.notify.notify(
      tx,
      hazardNotice(
        'monthly',
        { type: 'hazard_report', id },
        {
          userIds: users,
          orgId: schoolId,
          kind: 'hazard.monthly',
          title: `${figures.schoolName} ${month} 隐患排查整改月报`,
          body: `排查隐患 ${figures.found} 处，整改率 ${figures.rectificationRate === null ? '—' : `${Math.round(figures.rectificationRate * 100)}%`}，逾期未改 ${figures.overdueOpen} 处`,
          link: `/hazard-reports?schoolId=${schoolId}&month=${month}`,
          data: { reportId: id, schoolId, month },
        },
      ),
    );
    await audit(tx, c.k.clock, actor, {
      action: 'hazard.monthly_send',
      targetType: 'hazard_report',
      targetId: id,
      orgId: schoolId,
      details: { month, to: to.map((o) => o.name) },
    });
  });
  return monthly(c, actor, schoolId, month);
}

/** Reports sent: a school's own, or every report reaching a supervisor. */
export async function reports(c: HazardsContext, actor: Actor, schoolId?: string) {
  const scope = authorize(actor, 'hazard.read');
  const sent = await repo.reportsSent(c.k.db, repo.reportsInScope(scope, schoolId));
  return sent.map((s) => ({
    id: s.report.id,
    schoolId: s.report.schoolId,
    schoolName: s.schoolName,
    month: s.report.month,
    sentAt: s.report.sentAt,
    sentByName: s.report.sentByName,
    to: s.to,
  }));
}
