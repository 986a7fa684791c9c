import { ROLE_GRANTS, ROLES } from '../../kernel/access/index.js';
import type { Executor } from '../../kernel/db.js';
import { appendEvent } from '../../kernel/events/index.js';
import { GENERATED } from '../../kernel/i18n.js';
import { newId } from '../../kernel/ids.js';
import { chainFor } from './alarms.config.js';
import type { AlarmsContext } from './alarms.context.js';
import { onDuty } from './alarms.duty.js';
import { INCIDENT_EVENTS } from './alarms.events.js';
import { escalationStep, type AlarmClass } from './alarms.model.js';
import { alarmNotice } from './alarms.notify.js';
import * as repo from './alarms.repository.js';

export const ESCALATE_JOB = 'alarms.escalate';

/** Roles whose consoles ring for the alarms of where they hold them: those that read alarms. */
const BANNER_ROLES = ROLES.filter((role) => ROLE_GRANTS[role].own.includes('alarm.read'));

/**
 * Roles that can open an incident in the console. A step of the chain may reach people who cannot
 * (counsellors, grid leaders): their notice carries the school and place in its text and no link to
 * a page that would only answer 403.
 */
const READER_ROLES = new Set<string>(
  ROLES.filter((role) => [...ROLE_GRANTS[role].own, ...ROLE_GRANTS[role].linked].includes('alarm.read')),
);

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
 * The escalation job: while nobody has acknowledged on a console, tell the next step of the chain
 * in the school through the notification centre, note it on the timeline, and schedule the next.
 * Every escalation is of alarm severity, so the centre calls the people's phones.
 *
 * The first step calls those on duty (alarms.duty): their consoles may ring already, but a guard on
 * patrol is not at one, and the phone is what reaches them. A later step whose people all have
 * the banner ringing already, or were told by an earlier step, is skipped, so each step reaches
 * someone new; when no step is left that would, the chain ends.
 */
export async function escalate(c: AlarmsContext, incidentId: string, n: number, from = n): Promise<void> {
  const r = await repo.findInScope(c.k.db, { all: true }, incidentId);
  if (!r || r.incident.status !== 'raised') return;
  const i = r.incident;
  const steps = chain(c, i.alarmClass);
  const due = escalationStep(steps, n);
  if (!due) return;
  await c.k.transaction(async (tx) => {
    // Acknowledged meanwhile: no step. An acknowledgement arriving now waits for this one to commit.
    if ((await repo.lockStatus(tx, i.id)) !== 'raised') return;
    const people = (index: number) =>
      index === 0 ? onDuty(tx, i, steps.steps[0]!) : repo.usersWithRole(tx, i.schoolId, steps.steps[index]!);
    const told = new Set<string>();
    for (const e of await repo.timeline(tx, i.id)) {
      if (e.kind !== 'escalated') continue;
      const index =
        typeof e.data?.['index'] === 'number'
          ? e.data['index']
          : steps.steps.indexOf(String(e.data?.['step']));
      if (index >= 0 && index < steps.steps.length) for (const u of await people(index)) told.add(u);
    }
    const ringing = new Set(await repo.bannerHolders(tx, i.orgId, BANNER_ROLES));
    const skipped: string[] = [];
    let step: { index: number; role: string; userIds: string[] } | null = null;
    for (let index = from; index < steps.steps.length; index++) {
      const role = steps.steps[index]!;
      const userIds = (await people(index)).filter((u) => !told.has(u) && (index === 0 || !ringing.has(u)));
      if (userIds.length) {
        step = { index, role, userIds };
        break;
      }
      skipped.push(role);
    }
    if (!step) return;
    const where = r.placeName ? `（${r.placeName}）` : '';
    await c.k.notify.notify(
      tx,
      alarmNotice(
        'incident.escalated',
        { type: 'incident', id: i.id },
        {
          userIds: step.userIds,
          orgId: i.orgId,
          title: `${i.mode === 'real' ? '' : i.mode === 'drill' ? '【演练】' : '【测试】'}一键报警 ${due.dueAfterSeconds} 秒无人确认`,
          body: `${r.schoolName}${where}的报警尚未确认，请立即处置。`,
          ...(READER_ROLES.has(step.role) ? { link: `/incidents/${i.id}` } : {}),
          // What a voice or SMS template may fill in (the centre renders the provider's template).
          data: {
            incidentId: i.id,
            step: step.role,
            n,
            mode: i.mode,
            school: r.schoolName,
            place: r.placeName ?? '',
            seconds: due.dueAfterSeconds,
          },
        },
      ),
    );
    await repo.addEvent(tx, {
      id: newId(),
      incidentId: i.id,
      at: c.k.clock.now(),
      actorId: null,
      actorName: GENERATED.system.zh,
      kind: 'escalated',
      note: null,
      data: { step: step.role, index: step.index, n, notified: step.userIds.length, skipped },
    });
    await appendEvent(tx, c.k.clock, {
      type: INCIDENT_EVENTS.updated,
      payload: { id: i.id, kind: 'escalated', status: i.status },
      orgId: i.orgId,
    });
    if (step.index + 1 < steps.steps.length) await scheduleEscalation(c, tx, i, n + 1, step.index + 1);
  });
}
