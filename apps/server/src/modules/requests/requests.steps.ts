import type { Actor } from '../../kernel/access/index.js';
import { addDuration, type Duration, type WorkCalendar } from '../../kernel/calendar/index.js';
import type { AlarmClass } from '../alarms/index.js';
import { restartLadder, reopened, type ClockStep } from './requests.clocks.js';
import type { RequestsContext } from './requests.context.js';
import { requestErrors } from './requests.errors.js';
import type { RequestAction, RequestStatus, VisitAnswer } from './requests.model.js';
import * as repo from './requests.repository.js';
import { placeGrid, unitFor } from './requests.units.js';

/** A handler's step on a request, as the console sends it. */
export interface ActInput {
  action: RequestAction;
  version: number;
  reason?: string | undefined;
  message?: string | undefined;
  unitOrgId?: string | undefined;
  unitGridId?: string | undefined;
  extension?: Duration | undefined;
  visit?: VisitAnswer | undefined;
  mergeInto?: string | undefined;
  alarmClass?: AlarmClass | undefined;
  photos?: string[] | undefined;
}

/** What every step handler is given: the request as it stands, the step asked, where it leads. */
export interface StepContext {
  c: RequestsContext;
  actor: Actor;
  item: repo.RequestItem;
  q: repo.RequestRow;
  input: ActInput;
  /** the status the step leads to (the loop's rules in requests.model.ts decided it) */
  status: RequestStatus;
  now: Date;
  calendar: WorkCalendar;
  category: repo.CategoryRow | undefined;
}

/** What a step changes beyond its status: columns, ladder steps to start again, the event's data. */
export interface StepOutcome {
  set?: Partial<repo.RequestRow>;
  reschedule?: readonly ClockStep[];
  data?: Record<string, unknown>;
  /** the request this one was merged into */
  target?: repo.RequestItem;
}

type StepHandler = (s: StepContext) => StepOutcome | Promise<StepOutcome>;

/** The ladder's steps after the reply (a new deadline, or the reply no longer standing). */
const LADDER_AGAIN: readonly ClockStep[] = ['urge', 'supervise', 'notice'];

/** A step that changes nothing but its status. */
const statusOnly: StepHandler = () => ({});

/** 派单 and 转办: the request goes to a unit (its grid follows the unit, else its place). */
const toUnit: StepHandler = async ({ c, q, item, input, now }) => {
  const unit = await unitFor(c, q.schoolId, input);
  const area = unit.gridId ? null : await placeGrid(c, item);
  return {
    set: {
      assignedOrgId: unit.orgId,
      assignedGridId: unit.gridId,
      orgId: unit.orgId ?? q.schoolId,
      gridId: unit.gridId ?? area?.id ?? null,
      gridPath: unit.gridPath ?? area?.path ?? null,
      dispatchedAt: now,
    },
    data: { unit: unit.name },
  };
};

/** 签收: the first unit to sign stays answerable (首接负责). */
const sign: StepHandler = ({ q }) => ({
  set: { firstUnitId: q.firstUnitId ?? q.assignedOrgId ?? q.assignedGridId },
});

/** 退单: back with the centre (待分拨); no unit holds it until it is dispatched again. */
const backToCentre: StepHandler = async ({ c, q, item }) => {
  const area = await placeGrid(c, item);
  return {
    set: {
      assignedOrgId: null,
      assignedGridId: null,
      orgId: q.schoolId,
      gridId: area?.id ?? null,
      gridPath: area?.path ?? null,
    },
    data: { from: item.unitOrgName ?? item.unitGridName },
  };
};

const contact: StepHandler = ({ q, now }) => ({ set: { respondedAt: q.respondedAt ?? now } });

const reply: StepHandler = ({ q, now }) => ({
  set: { repliedAt: now, respondedAt: q.respondedAt ?? now },
});

const answerDirectly: StepHandler = ({ q, now }) => ({
  set: { respondedAt: q.respondedAt ?? now, repliedAt: now },
});

/** The ladder stopped at the reply; it picks up again (steps already taken stay taken). */
const auditFail: StepHandler = ({ q }) => ({
  set: { repliedAt: null, clockGen: q.clockGen + 1 },
  reschedule: LADDER_AGAIN,
});

const resume: StepHandler = ({ q }) => ({ set: { clockGen: q.clockGen + 1 }, reschedule: LADDER_AGAIN });

/** Closing with an explanation to the reporter answers them. */
const closeNoAction: StepHandler = ({ q, now }) => ({ set: { respondedAt: q.respondedAt ?? now } });

/** 延期: a later resolution deadline, and the ladder from its first step. */
const extend: StepHandler = ({ q, input, calendar }) => {
  if (!input.extension || input.extension.amount <= 0) throw requestErrors.reasonRequired();
  return {
    set: {
      extension: input.extension,
      ...restartLadder(q, addDuration(calendar, q.resolveBy, input.extension)),
    },
    reschedule: LADDER_AGAIN,
    data: { extension: input.extension },
  };
};

/** 回访 taken by the centre: solved closes it, not solved reopens it (重办) with a new deadline. */
const visit: StepHandler = ({ q, input, now, status, calendar, category }) => {
  const set: Partial<repo.RequestRow> = { visit: input.visit!, visitedAt: now };
  const again = status === 'reopened';
  if (again) Object.assign(set, reopened(q, addDuration(calendar, now, category!.policy.resolve)));
  return { set, reschedule: again ? LADDER_AGAIN : [], data: { visit: input.visit } };
};

/** 合并: into another open request of the school, whose reporters then hear of it. */
const merge: StepHandler = async ({ c, q, input }) => {
  if (!input.mergeInto || input.mergeInto === q.id) throw requestErrors.mergeTarget();
  const target = await repo.findById(c.k.db, input.mergeInto);
  if (!target || target.request.schoolId !== q.schoolId || target.request.status === 'closed')
    throw requestErrors.mergeTarget();
  return { set: { mergedInto: target.request.id }, data: { into: target.request.no }, target };
};

/** 转警情: raise an alarm for it (one per request whoever refers it, even if two click at once). */
const refer: StepHandler = async ({ c, q, input, actor }) => {
  const incident = await c.alarms.raise({
    schoolId: q.schoolId,
    alarmClass: input.alarmClass ?? 'police',
    mode: 'real',
    source: 'manual',
    sourceRef: `request:${q.id}`,
    idempotencyKey: `request-${q.id}`,
    placeId: q.placeId,
    lon: q.lon,
    lat: q.lat,
    note: `【诉求转警情 ${q.no}】${q.description.slice(0, 400)}`,
    raisedBy: actor.userId,
    actorName: actor.name,
  });
  return { set: { incidentId: incident.id }, data: { incidentId: incident.id } };
};

/** One handler per step of the loop. */
export const STEPS: Record<RequestAction, StepHandler> = {
  dispatch: toUnit,
  transfer: toUnit,
  sign,
  return: backToCentre,
  contact,
  reply,
  answer_directly: answerDirectly,
  audit_fail: auditFail,
  resume,
  close_no_action: closeNoAction,
  extend,
  visit,
  merge,
  refer,
  audit_pass: statusOnly,
  close_not_ours: statusOnly,
  park: statusOnly,
  progress: statusOnly,
};
