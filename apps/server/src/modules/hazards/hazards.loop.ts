import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Actor } from '../../kernel/access/index.js';
import { audit } from '../../kernel/audit/audit.js';
import { errors } from '../../kernel/errors.js';
import { schoolUsersWithRoles, unitUsers } from '../identity/index.js';
import { actionsOf, isUnit, isVerifier, readable, reader, type Reader } from './hazards.access.js';
import { setClocks } from './hazards.clocks.js';
import type { HazardsContext } from './hazards.context.js';
import { hazardErrors } from './hazards.errors.js';
import { hazardDeadline, hazardStep, type HazardAction } from './hazards.model.js';
import { presentDetail } from './hazards.present.js';
import * as repo from './hazards.repository.js';
import type { actionBody } from './hazards.schemas.js';
import { settingsOf } from './hazards.settings.js';
import { hazards, type HazardEventKind } from './hazards.tables.js';
import { addEvent, changed, checkPhotos } from './hazards.timeline.js';
import { unitIn } from './hazards.where.js';
import { hazardNotice, isNoticeWhy } from './hazards.notify.js';

type ActionInput = z.infer<typeof actionBody>;

/** One step being taken: handlers fill `patch` and say what goes on the timeline and who is told. */
interface Step {
  c: HazardsContext;
  actor: Actor;
  input: ActionInput;
  h: repo.HazardItem['hazard'];
  now: Date;
  patch: Partial<typeof hazards.$inferInsert>;
}

interface Outcome {
  /** the event's words, when not the actor's own */
  body?: string;
  data?: Record<string, unknown>;
  notifyTo?: string[];
  title?: string;
}

type Handler = (s: Step) => Promise<Outcome>;

const office = (s: Step) => schoolUsersWithRoles(s.c.k.db, s.h.schoolId, ['grid_center']);
const unitPeople = (s: Step) => unitUsers(s.c.k.db, { orgId: s.h.unitOrgId, gridId: s.h.unitGridId });
const withRectifier = (s: Step) => [...new Set([...s.h.rectifiers, s.actor.userId!])];

/** A step of the rectification lifecycle: the model decides whether it may be taken and where it leads. */
function lifecycle(action: HazardAction, then: Handler): Handler {
  return async (s) => {
    const { h, input } = s;
    const step = hazardStep(
      { status: h.status, grade: h.grade, deadline: h.deadline, rectifiers: h.rectifiers },
      action,
      {
        actorId: s.actor.userId ?? '',
        plan: input.plan,
        photos: input.photos.length,
        reason: input.reason,
      },
    );
    if (!step.ok) throw hazardErrors.step({ reason: step.reason });
    if ((action === 'pass' || action === 'reject') && !input.signature?.trim())
      throw hazardErrors.signatureRequired();
    s.patch.status = step.status;
    return then(s);
  };
}

/** The office assigns a unit or changes the grade (a new grade brings a new deadline and clocks). */
async function assign(s: Step): Promise<Outcome> {
  const { c, h, input, patch } = s;
  const unit = await unitIn(c, h.schoolId, input.unitOrgId, input.unitGridId);
  if (!unit && !input.grade) throw errors.validation({ reason: 'give a grade or a unit' });
  if (unit) Object.assign(patch, { unitOrgId: unit.unitOrgId, unitGridId: unit.unitGridId });
  if (input.grade && input.grade !== h.grade) {
    const { deadlines } = await settingsOf(c.k.db, h.schoolId);
    patch.grade = input.grade;
    patch.deadline = hazardDeadline(input.grade, h.foundAt, deadlines);
    patch.overdueAt = null;
    if (input.grade === 'major') patch.supervisedAt = h.supervisedAt ?? s.now;
  }
  return {
    data: {
      grade: patch.grade ?? h.grade,
      unitOrgId: patch.unitOrgId,
      unitGridId: patch.unitGridId,
      ...(unit ? { unitName: unit.name } : {}),
      deadline: (patch.deadline ?? h.deadline).toISOString(),
    },
    notifyTo: await unitUsers(c.k.db, {
      orgId: patch.unitOrgId ?? h.unitOrgId,
      gridId: patch.unitGridId !== undefined ? patch.unitGridId : h.unitGridId,
    }),
    title: `隐患已指派整改 ${h.no}`,
  };
}

/** Each step's handler. */
const STEPS: Record<ActionInput['action'], Handler> = {
  assign,
  comment: async (s) => {
    if (!(s.input.body ?? '').trim()) throw errors.validation({ reason: 'body required' });
    return {};
  },
  plan: lifecycle('plan', async (s) => {
    const p = s.input.plan!;
    s.patch.plan = { ...p, deadline: p.deadline.toISOString() };
    s.patch.rectifiers = withRectifier(s);
    return { data: { plan: s.patch.plan }, notifyTo: await office(s), title: `隐患已制定整改方案 ${s.h.no}` };
  }),
  progress: lifecycle('progress', async (s) => {
    s.patch.rectifiers = withRectifier(s);
    return {};
  }),
  submit: lifecycle('submit', async (s) => {
    s.patch.rectifiers = withRectifier(s);
    return { notifyTo: await office(s), title: `隐患整改完成，待验收 ${s.h.no}` };
  }),
  pass: lifecycle('pass', async (s) => {
    s.patch.closedAt = s.now;
    s.patch.verifiedById = s.actor.userId;
    s.patch.verifiedByName = s.input.signature!.trim();
    return {
      data: { signature: s.input.signature!.trim() },
      notifyTo: await unitPeople(s),
      title: `隐患验收通过，已销号 ${s.h.no}`,
    };
  }),
  reject: lifecycle('reject', async (s) => {
    s.patch.rejections = s.h.rejections + 1;
    return {
      body: s.input.reason!.trim(),
      data: { signature: s.input.signature!.trim() },
      notifyTo: await unitPeople(s),
      title: `隐患复查未通过，已退回 ${s.h.no}`,
    };
  }),
};

/** Why a step the reader may not take now is refused: not theirs to take, or not from this status. */
function refusal(r: Reader, item: repo.HazardItem, action: ActionInput['action']) {
  const h = item.hazard;
  if (action === 'pass' || action === 'reject') {
    if (h.status === 'submitted' && isVerifier(r, item)) return hazardErrors.verifierIsRectifier();
    if (h.status === 'submitted') return errors.forbidden({ permission: 'hazard.verify' });
  }
  if (action === 'assign' && h.status !== 'closed') return errors.forbidden({ permission: 'hazard.verify' });
  const unitStep = action === 'plan' || action === 'progress' || action === 'submit';
  if (unitStep && !isUnit(r, item) && !isVerifier(r, item))
    return errors.forbidden({ permission: 'hazard.rectify' });
  return hazardErrors.transition({ status: h.status, action });
}

/** Take one step of the loop: 五定, progress, submit, pass, reject, assign or comment. */
export async function act(c: HazardsContext, actor: Actor, id: string, input: ActionInput) {
  const r = await reader(c, actor);
  const item = await readable(c, r, id);
  const h = item.hazard;
  if (!actionsOf(r, item).includes(input.action)) throw refusal(r, item, input.action);
  if (input.version !== h.version) throw errors.conflict({ id, version: h.version });
  await checkPhotos(c, actor, input.photos);
  const now = c.k.clock.now();
  const patch: Partial<typeof hazards.$inferInsert> = { updatedAt: now, version: h.version + 1 };
  const out = await STEPS[input.action]({ c, actor, input, h, now, patch });
  const body = out.body ?? input.body ?? '';
  const { data } = out;
  const notifyTo = out.notifyTo ?? [];
  const title = out.title ?? '';
  const kind: HazardEventKind = input.action;
  const phase =
    input.action === 'submit' ? 'after' : input.action === 'progress' ? (input.phase ?? null) : null;
  await c.k.transaction(async (tx) => {
    const [u] = await tx
      .update(hazards)
      .set(patch)
      .where(and(eq(hazards.id, id), eq(hazards.version, h.version)))
      .returning({ id: hazards.id });
    if (!u) throw errors.conflict({ id });
    await addEvent(c, tx, id, actor, kind, {
      body,
      photos: input.photos,
      phase,
      ...(data ? { data } : {}),
    });
    await changed(
      c,
      tx,
      { id, no: h.no, status: patch.status ?? h.status, kind, schoolId: h.schoolId, gridId: h.gridId },
      actor.userId,
    );
    if (notifyTo.length && title && isNoticeWhy(kind))
      await c.k.notify.notify(
        tx,
        hazardNotice(
          kind,
          { type: 'hazard', id },
          {
            userIds: notifyTo.filter((x) => x !== actor.userId),
            orgId: h.schoolId,
            kind: `hazard.${kind}`,
            title,
            body: h.title,
            link: `/hazards/${id}`,
            data: { hazardId: id },
          },
        ),
      );
    if (patch.deadline) {
      const { graceDays } = await settingsOf(tx, h.schoolId);
      await setClocks(c, tx, id, patch.deadline, graceDays, patch.grade ?? h.grade);
    }
    if (input.action === 'pass' || input.action === 'reject' || input.action === 'assign')
      await audit(tx, c.k.clock, actor, {
        action: `hazard.${input.action}`,
        targetType: 'hazard',
        targetId: id,
        orgId: h.schoolId,
        details: { no: h.no, ...(data ?? {}) },
      });
  });
  return presentDetail(c, r, (await repo.findById(c.k.db, id))!);
}
