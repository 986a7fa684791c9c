import { authorize, type Actor } from '../../kernel/access/index.js';
import { audit, type AuditActionIn } from '../../kernel/audit/audit.js';
import type { Executor } from '../../kernel/db.js';
import { errors } from '../../kernel/errors.js';
import { appendEvent } from '../../kernel/events/index.js';
import { newId } from '../../kernel/ids.js';
import type { AlarmsContext } from './alarms.context.js';
import { alarmErrors } from './alarms.errors.js';
import { INCIDENT_EVENTS } from './alarms.events.js';
import { isOpen, transition, type IncidentAction } from './alarms.model.js';
import { PLAN_TEMPLATES, type PlanType } from './alarms.plans.js';
import { get, visible } from './alarms.reading.js';
import * as repo from './alarms.repository.js';

/** One step of the lifecycle, stamped with time and actor, pushed to every console at once. */
export async function act(
  c: AlarmsContext,
  actor: Actor,
  id: string,
  action: IncidentAction,
  input: { note?: string; reason?: string } = {},
) {
  const permission =
    action === 'police_accept' || action === 'police_on_scene'
      ? 'alarm.police'
      : action === 'cancel'
        ? 'alarm.read'
        : 'alarm.handle';
  if (action === 'cancel') authorize(actor, 'alarm.sos');
  const r = await visible(c, actor, id, permission);
  if ((action === 'false_alarm' || action === 'cancel') && !input.reason) throw alarmErrors.reasonRequired();
  const now = c.k.clock.now();
  const result = transition(r.incident, action, now, {
    actorId: actor.userId,
    cancelWindowMs: c.cfg.ALARM_CANCEL_WINDOW_SECONDS * 1000,
  });
  if (!result.ok) {
    if (result.reason === 'no_cancel' || result.reason === 'cancel_window_over') throw alarmErrors.noCancel();
    throw alarmErrors.notAllowed({ reason: result.reason, status: r.incident.status });
  }
  await c.k.transaction(async (tx) => {
    // 处置完毕 keeps its note as 处置说明; 结案 its note as 结案说明 (where a false alarm keeps its reason).
    const note = input.note || undefined;
    const changed = await repo.updateAt(tx, id, r.incident.version, {
      status: result.status,
      ...result.set,
      ...(input.reason ? { closeReason: input.reason } : {}),
      ...(action === 'resolve' && note ? { resolveNote: note } : {}),
      ...(action === 'close' && note ? { closeReason: note } : {}),
      updatedAt: now,
    });
    if (!changed) throw alarmErrors.notAllowed({ reason: 'changed_meanwhile' });
    await record(c, tx, actor, r.incident, action, input.note ?? input.reason ?? null, {
      status: result.status,
    });
  });
  return get(c, actor, id);
}

/** Open an emergency plan (应急预案) on an open incident: its steps become a checklist. */
export async function openPlan(c: AlarmsContext, actor: Actor, id: string, type: PlanType) {
  const r = await visible(c, actor, id, 'alarm.handle');
  if (!isOpen(r.incident.status)) throw alarmErrors.notAllowed({ reason: 'not_open' });
  const template = PLAN_TEMPLATES.find((t) => t.type === type)!;
  await c.k.transaction(async (tx) => {
    const opened = await repo.insertPlan(
      tx,
      {
        id: newId(),
        incidentId: id,
        type,
        name: template.name,
        openedAt: c.k.clock.now(),
        openedBy: actor.userId,
      },
      template.steps.map((st) => ({ title: st.title, owner: st.owner })),
    );
    if (opened) await record(c, tx, actor, r.incident, 'plan_opened', template.name, { type });
  });
  return get(c, actor, id);
}

/** Tick one step of an opened plan, with time and person. */
export async function tickPlanStep(c: AlarmsContext, actor: Actor, id: string, stepId: string) {
  const r = await visible(c, actor, id, 'alarm.handle');
  await c.k.transaction(async (tx) => {
    const step = await repo.tickStep(tx, id, stepId, c.k.clock.now(), {
      id: actor.userId,
      name: actor.name,
    });
    if (!step) throw errors.notFound({ stepId });
    await record(c, tx, actor, r.incident, 'plan_step', step.title, { stepId, seq: step.seq });
  });
  return get(c, actor, id);
}

export async function addNote(c: AlarmsContext, actor: Actor, id: string, note: string) {
  const r = await visible(c, actor, id, 'alarm.handle');
  await c.k.transaction(async (tx) => record(c, tx, actor, r.incident, 'note', note, {}));
  return get(c, actor, id);
}

/**
 * The caller's full callback number where it is shown masked (after the alarm, or to a reader
 * who does not handle it): only to those who handle alarms there, and every reveal is audited.
 */
export async function revealCallerPhone(c: AlarmsContext, actor: Actor, id: string) {
  const r = await visible(c, actor, id, 'alarm.handle');
  await audit(c.k.db, c.k.clock, actor, {
    action: 'incident.reveal_caller_phone',
    targetType: 'incident',
    targetId: id,
    orgId: r.incident.orgId,
    sensitive: true,
  });
  return { phone: r.incident.callerPhone };
}

/**
 * A drill or test is over: its incident, if still open, is resolved and closed with the note,
 * stamped on the timeline like any other step, so no console keeps showing an exercise.
 */
export async function closeExercise(
  c: AlarmsContext,
  tx: Executor,
  actor: Actor,
  incidentId: string,
  note: string,
) {
  const r = await repo.findInScope(tx, { all: true }, incidentId);
  if (!r || !isOpen(r.incident.status) || r.incident.mode === 'real') return;
  const now = c.k.clock.now();
  const changed = await repo.updateAt(tx, incidentId, r.incident.version, {
    status: 'closed',
    resolvedAt: r.incident.resolvedAt ?? now,
    closedAt: now,
    closeReason: note,
    updatedAt: now,
  });
  if (changed) await record(c, tx, actor, r.incident, 'close', note, { status: 'closed' });
}

/** A step on the timeline, the event for the consoles, and the audit entry: in the step's transaction. */
async function record(
  c: AlarmsContext,
  tx: Executor,
  actor: Actor,
  incident: repo.IncidentRow,
  kind: AuditActionIn<'incident'>,
  note: string | null,
  data: Record<string, unknown>,
) {
  const now = c.k.clock.now();
  await repo.addEvent(tx, {
    id: newId(),
    incidentId: incident.id,
    at: now,
    actorId: actor.userId,
    actorName: actor.name,
    kind,
    note,
    data,
  });
  await appendEvent(tx, c.k.clock, {
    type: INCIDENT_EVENTS.updated,
    payload: { id: incident.id, kind, status: (data['status'] as string | undefined) ?? incident.status },
    orgId: incident.orgId,
    actorId: actor.userId,
  });
  await audit(tx, c.k.clock, actor, {
    action: `incident.${kind}`,
    targetType: 'incident',
    targetId: incident.id,
    orgId: incident.orgId,
    details: note ? { note } : {},
  });
}
