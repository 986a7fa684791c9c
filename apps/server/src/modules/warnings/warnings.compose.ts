import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { authorize, pathInScope, type Actor } from '../../kernel/access/index.js';
import { audit } from '../../kernel/audit/audit.js';
import { rows, type Executor } from '../../kernel/db.js';
import { errors } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { schoolOf, type OrgRow } from '../orgs/index.js';
import { changeable, checkReach, mayApprove, sendingOrg } from './warnings.access.js';
import {
  audiencePaths,
  countPersons,
  schoolPolygon,
  schoolsOf,
  targetsOf,
  type AudienceTargets,
} from './warnings.audience.js';
import type { WarningsContext } from './warnings.context.js';
import { warningErrors } from './warnings.errors.js';
import type { Audience } from './warnings.model.js';
import { afterChange, publish } from './warnings.publish.js';
import * as repo from './warnings.repository.js';
import type { createBody, editBody } from './warnings.schemas.js';

/** Everything that follows from the sending organisation and the audience, checked. */
export async function prepare(c: WarningsContext, actor: Actor, orgId: string, audience: Audience) {
  if (!audience.orgIds.length && !audience.gridIds.length) throw warningErrors.emptyAudience();
  const org = await sendingOrg(c, actor, orgId);
  const targets = await targetsOf(c.k.db, audience);
  const needsApproval = await checkReach(c, actor, org, targets);
  const schools = await schoolsOf(c.k.db, targets);
  const polygon = schools.length === 1 ? await schoolPolygon(c.k.db, schools[0]!.id) : null;
  const school = await schoolOf(c.k.db, org.id);
  return { org, targets, needsApproval, schools, polygon, schoolId: school?.id ?? null };
}

/** The compose page's preview: how many persons, whether approval is needed, which schools. */
export async function preview(c: WarningsContext, actor: Actor, orgId: string, audience: Audience) {
  const p = await prepare(c, actor, orgId, audience);
  return {
    persons: await countPersons(c.k.db, audience, p.targets),
    needsApproval: p.needsApproval,
    schools: p.schools,
  };
}

function times(effective: string | null | undefined, expires: string | null | undefined, now: Date) {
  const eff = effective ? new Date(effective) : now;
  const exp = expires ? new Date(expires) : null;
  if (exp && exp.getTime() <= eff.getTime()) throw warningErrors.expiresBeforeEffective();
  return { effective: eff, expires: exp };
}

export async function create(c: WarningsContext, actor: Actor, b: z.infer<typeof createBody>) {
  const p = await prepare(c, actor, b.orgId, b.audience);
  const now = c.k.clock.now();
  const { orgId: _o, audience: _a, effective, expires, areaDesc, ...content } = b;
  const w = await repo.insert(c.k.db, {
    id: newId(),
    orgId: p.org.id,
    schoolId: p.schoolId,
    state: 'draft',
    audience: b.audience,
    schoolIds: p.schools.map((s) => s.id),
    ...content,
    areaDesc: areaDesc || p.schools.map((s) => s.name).join('、') || p.org.name,
    polygon: p.polygon,
    ...times(effective, expires, now),
    needsApproval: p.needsApproval,
    createdBy: actor.userId,
    createdByName: actor.name,
    createdAt: now,
    updatedAt: now,
  });
  return w.id;
}

/** Change a draft (anything), or update a sent warning's content (version + 1, recipients told). */
export async function edit(c: WarningsContext, actor: Actor, id: string, b: z.infer<typeof editBody>) {
  const w = await changeable(c, actor, id);
  const now = c.k.clock.now();
  const { orgId, audience, effective, expires, ...content } = b;
  const when = times(
    effective === undefined ? w.effective.toISOString() : effective,
    expires === undefined ? w.expires?.toISOString() : expires,
    now,
  );
  if (w.state === 'draft') {
    const p = orgId || audience ? await prepare(c, actor, orgId ?? w.orgId, audience ?? w.audience) : null;
    const r = await repo.updateIn(c.k.db, id, ['draft'], {
      ...content,
      ...when,
      ...(p
        ? {
            orgId: p.org.id,
            schoolId: p.schoolId,
            audience: audience ?? w.audience,
            schoolIds: p.schools.map((s) => s.id),
            polygon: p.polygon,
            needsApproval: p.needsApproval,
          }
        : {}),
      updatedAt: now,
    });
    if (!r) throw warningErrors.state();
    return;
  }
  if (w.state !== 'sent' || orgId || audience) throw warningErrors.state({ state: w.state });
  await c.k.transaction(async (tx) => {
    const r = await repo.updateIn(tx, id, ['sent'], {
      ...content,
      ...when,
      version: w.version + 1,
      capPending: null,
      updatedAt: now,
    });
    if (!r) throw warningErrors.state();
    await afterChange(c, tx, actor, r, w.orgName, 'updated');
  });
}

/** Send now, or — when the audience lies beyond the sending organisation — ask for approval. */
export async function submit(c: WarningsContext, actor: Actor, id: string) {
  const w = await changeable(c, actor, id);
  if (w.state !== 'draft') throw warningErrors.state({ state: w.state });
  const p = await prepare(c, actor, w.orgId, w.audience);
  if ((await countPersons(c.k.db, w.audience, p.targets)) === 0) throw warningErrors.noRecipients();
  const now = c.k.clock.now();
  await c.k.transaction(async (tx) => {
    const r = await repo.updateIn(tx, id, ['draft'], {
      state: p.needsApproval ? 'pending' : 'draft',
      needsApproval: p.needsApproval,
      schoolIds: p.schools.map((s) => s.id),
      submittedBy: actor.userId,
      submittedAt: now,
      decidedBy: null,
      decidedByName: null,
      decidedAt: null,
      rejectReason: null,
      updatedAt: now,
    });
    if (!r) throw warningErrors.state();
    if (!p.needsApproval) return publish(c, tx, actor, r, p.org, p.targets, 'send');
    await askApprovers(c, tx, actor, r, p.org, p.targets);
  });
}

/** Tell those who may approve (administrators above the sender, the bureau's own people). */
async function askApprovers(
  c: WarningsContext,
  tx: Executor,
  actor: Actor,
  w: repo.WarningRow,
  org: OrgRow,
  targets: AudienceTargets,
) {
  const paths = `{${audiencePaths(targets).join(',')}}`;
  const approvers = await rows<{ user_id: string }>(
    tx,
    sql`select distinct m.user_id from memberships m join orgs o on o.id = m.org_id
          join users u on u.id = m.user_id and u.status = 'active'
        where m.user_id is distinct from ${actor.userId} and ${org.path} like o.path || '%'
          and (m.role = 'supervisor'
               or (m.role = 'school_admin'
                   and not exists (select 1 from unnest(${paths}::text[]) p where p not like o.path || '%')))`,
  );
  await c.k.notify.notify(tx, {
    userIds: approvers.map((a) => a.user_id),
    orgId: w.orgId,
    kind: 'warning.approval',
    title: `预警待审批：${w.headline}`,
    body: `${org.name} ${actor.name} 提交的预警需要审批后发送`,
    link: `/warnings/${w.id}`,
    data: { warningId: w.id },
    severity: 'urgent',
    subject: { type: 'warning', id: w.id },
  });
  await audit(tx, c.k.clock, actor, {
    action: 'warning.submit',
    targetType: 'warning',
    targetId: w.id,
    orgId: w.orgId,
    details: { headline: w.headline },
  });
}

/** A pending warning the actor may decide on: 404 outside their reach, 403 beyond their approval. */
async function decidable(c: WarningsContext, actor: Actor, id: string) {
  const scope = authorize(actor, 'warning.approve');
  const w = await repo.findWithPath(c.k.db, id);
  if (!w || !pathInScope(scope, w.orgPath)) throw errors.notFound({ id });
  if (w.state !== 'pending') throw warningErrors.state({ state: w.state });
  if (w.submittedBy && actor.userId === w.submittedBy) throw warningErrors.selfApproval();
  const targets = await targetsOf(c.k.db, w.audience);
  if (!mayApprove(actor, w.orgPath, audiencePaths(targets))) throw warningErrors.cannotApprove();
  return { w, targets };
}

export async function approve(c: WarningsContext, actor: Actor, id: string) {
  const { w, targets } = await decidable(c, actor, id);
  const now = c.k.clock.now();
  const org = { id: w.orgId, path: w.orgPath, name: w.orgName } as OrgRow;
  await c.k.transaction(async (tx) => {
    const r = await repo.updateIn(tx, id, ['pending'], {
      decidedBy: actor.userId,
      decidedByName: actor.name,
      decidedAt: now,
      updatedAt: now,
    });
    if (!r) throw warningErrors.state();
    await publish(c, tx, actor, r, org, targets, 'approve');
  });
}

export async function reject(c: WarningsContext, actor: Actor, id: string, reason: string) {
  const { w } = await decidable(c, actor, id);
  const now = c.k.clock.now();
  await c.k.transaction(async (tx) => {
    const r = await repo.updateIn(tx, id, ['pending'], {
      state: 'draft',
      decidedBy: actor.userId,
      decidedByName: actor.name,
      decidedAt: now,
      rejectReason: reason,
      updatedAt: now,
    });
    if (!r) throw warningErrors.state();
    if (w.submittedBy)
      await c.k.notify.notify(tx, {
        userIds: [w.submittedBy],
        orgId: w.orgId,
        kind: 'warning.rejected',
        title: `预警未通过审批：${w.headline}`,
        body: reason,
        link: `/warnings/${w.id}`,
        data: { warningId: w.id },
        subject: { type: 'warning', id: w.id },
      });
    await audit(tx, c.k.clock, actor, {
      action: 'warning.reject',
      targetType: 'warning',
      targetId: id,
      orgId: w.orgId,
      details: { headline: w.headline, reason },
    });
  });
}
