import { ROLE_GRANTS, ROLES } from '../../kernel/access/index.js';
import type { Executor } from '../../kernel/db.js';
import { appendEvent } from '../../kernel/events/index.js';
import { GENERATED } from '../../kernel/i18n.js';
import { newId } from '../../kernel/ids.js';
import { chainFor } from './alarms.config.js';
import type { AlarmsContext } from './alarms.context.js';
import { INCIDENT_EVENTS } from './alarms.events.js';
import { escalationStep, type AlarmClass } from './alarms.model.js';
import * as repo from './alarms.repository.js';

export const ESCALATE_JOB = 'alarms.escalate';

/** Roles whose consoles ring for the alarms of where they hold them: those that read alarms. */
const BANNER_ROLES = ROLES.filter((role) => ROLE_GRANTS[role].own.includes('alarm.read'));

function chain(c: AlarmsContext, alarmClass: AlarmClass) {
  return {
    intervalSeconds: c.cfg.ALARM_ESCALATION_SECONDS,
    steps: chainFor(c.cfg, alarmClass),
    // Each step reaches someone new (escalate): after the last there is nobody left to tell.
    repeat: false,
  };
}

/** Escalation n of an incident, due n+1 intervals after the alarm; a durable job. */
export async function scheduleEscalation(
  c: AlarmsContext,
  ex: Executor,
  incident: repo.IncidentRow,
  n: number,
  from = n,
) {
  const next = escalationStep(chain(c, incident.alarmClass), n);
  if (!next) return;
  await c.k.jobs.enqueue(
    ex,
    ESCALATE_JOB,
    { incidentId: incident.id, n, from },
    {
      runAt: new Date(incident.raisedAt.getTime() + next.dueAfterSeconds * 1000),
      singletonKey: `${incident.id}:${n}`,
    },
  );
}

/**
 * The escalation job: while nobody has acknowledged, tell the next role of the chain in the
 * school (through the notification port), note it on the timeline, and schedule the next. A step
 * whose people all have the banner ringing already (or were told by an earlier step) is skipped,
 * so each step reaches someone new; when no step is left that would, the chain ends.
 */
export async function escalate(c: AlarmsContext, incidentId: string, n: number, from = n): Promise<void> {
  const r = await repo.findInScope(c.k.db, { all: true }, incidentId);
  if (!r || r.incident.status !== 'raised') return;
  const i = r.incident;
  const steps = chain(c, i.alarmClass);
  const due = escalationStep(steps, n);
  if (!due) return;
  await c.k.transaction(async (tx) => {
    const told = new Set(await repo.bannerHolders(tx, i.orgId, BANNER_ROLES));
    const earlier = (await repo.timeline(tx, i.id)).flatMap((e) =>
      e.kind === 'escalated' && typeof e.data?.['step'] === 'string' ? [e.data['step']] : [],
    );
    for (const role of new Set(earlier))
      for (const u of await repo.usersWithRole(tx, i.schoolId, role)) told.add(u);
    const skipped: string[] = [];
    let step: { index: number; role: string; userIds: string[] } | null = null;
    for (let index = from; index < steps.steps.length; index++) {
      const role = steps.steps[index]!;
      const userIds = (await repo.usersWithRole(tx, i.schoolId, role)).filter((u) => !told.has(u));
      if (userIds.length) {
        step = { index, role, userIds };
        break;
      }
      skipped.push(role);
    }
    if (!step) return;
    const where = r.placeName ? `（${r.placeName}）` : '';
    await c.k.notify.notify(tx, {
      userIds: step.userIds,
      orgId: i.orgId,
      kind: 'incident.escalated',
      title: `${i.mode === 'real' ? '' : i.mode === 'drill' ? '【演练】' : '【测试】'}一键报警 ${due.dueAfterSeconds} 秒无人确认`,
      body: `${r.schoolName}${where}的报警尚未确认，请立即处置。`,
      link: `/incidents/${i.id}`,
      data: { incidentId: i.id, step: step.role, n },
    });
    await repo.addEvent(tx, {
      id: newId(),
      incidentId: i.id,
      at: c.k.clock.now(),
      actorId: null,
      actorName: GENERATED.system.zh,
      kind: 'escalated',
      note: null,
      data: { step: step.role, n, notified: step.userIds.length, skipped },
    });
    await appendEvent(tx, c.k.clock, {
      type: INCIDENT_EVENTS.updated,
      payload: { id: i.id, kind: 'escalated', status: i.status },
      orgId: i.orgId,
    });
    if (step.index + 1 < steps.steps.length) await scheduleEscalation(c, tx, i, n + 1, step.index + 1);
  });
}
