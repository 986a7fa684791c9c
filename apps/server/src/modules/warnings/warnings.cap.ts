import { and, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../kernel/db.js';
import type { BusEvent, EventConsumer } from '../../kernel/events/index.js';
import { newId } from '../../kernel/ids.js';
import { schoolUsersWithRoles } from '../identity/index.js';
import { findOrgById } from '../orgs/index.js';
import { schoolPolygon } from './warnings.audience.js';
import type { WarningsContext } from './warnings.context.js';
import {
  CAP_CATEGORIES,
  CAP_CERTAINTIES,
  CAP_SEVERITIES,
  CAP_STATUSES,
  CAP_URGENCIES,
} from './warnings.model.js';
import * as repo from './warnings.repository.js';
import { warningCapRefs, warnings } from './warnings.tables.js';

export const CAP_INBOUND = 'cap.inbound.received';

const clip = (max: number) => z.string().transform((s) => s.trim().slice(0, max));
const oneOf = <T extends readonly [string, ...string[]]>(list: T, fallback: T[number]) =>
  z.string().transform((s): T[number] => ((list as readonly string[]).includes(s) ? s : fallback));
const instant = z
  .string()
  .nullable()
  .transform((s) => (s && !Number.isNaN(Date.parse(s)) ? new Date(s) : null));

/** The event modules/cap appends per (school, incoming alert): see events-contract.md. */
export const capInboundPayload = z.object({
  capAlertId: z.uuid(),
  schoolId: z.uuid(),
  identifier: z.string().min(1).max(500),
  sender: clip(200),
  sent: z.string(),
  msgType: z.enum(['Alert', 'Update', 'Cancel']),
  references: z.array(z.string().max(500)).max(100).default([]),
  status: z.string(),
  category: oneOf(CAP_CATEGORIES, 'Other'),
  event: clip(100),
  headline: clip(200),
  description: clip(4000),
  instruction: clip(2000).nullable().default(null),
  severity: oneOf(CAP_SEVERITIES, 'Unknown'),
  urgency: oneOf(CAP_URGENCIES, 'Unknown'),
  certainty: oneOf(CAP_CERTAINTIES, 'Unknown'),
  areaDesc: clip(500),
  effective: instant.default(null),
  expires: instant.default(null),
  language: z.string().optional(),
});
type CapInbound = z.infer<typeof capInboundPayload>;

/** The warning's content as the incoming alert gives it. */
function contentOf(p: CapInbound, now: Date) {
  const effective = p.effective ?? (Number.isNaN(Date.parse(p.sent)) ? now : new Date(p.sent));
  const expires = p.expires && p.expires.getTime() > effective.getTime() ? p.expires : null;
  return {
    capStatus: p.status as (typeof CAP_STATUSES)[number],
    category: p.category,
    event: p.event || p.headline.slice(0, 100) || '外部预警',
    headline: p.headline || p.event || '外部预警',
    description: p.description || p.headline || p.event,
    instruction: p.instruction || null,
    severity: p.severity,
    urgency: p.urgency,
    certainty: p.certainty,
    areaDesc: p.areaDesc,
    effective,
    expires,
  };
}

/**
 * Incoming CAP alerts for a school become warning drafts for its office to confirm and send
 * (暴雨红色预警 → a draft to the whole school). An Update changes the draft (or, once sent, is kept
 * beside the warning for the office to review); a Cancel withdraws the draft (or proposes cancelling
 * the sent warning). A repeated identifier changes nothing.
 */
export function capConsumer(c: WarningsContext): EventConsumer {
  return {
    name: 'warnings.cap_intake',
    types: [CAP_INBOUND],
    handle: async (e: BusEvent, tx: Tx) => {
      const parsed = capInboundPayload.safeParse(e.payload);
      if (!parsed.success) {
        c.k.log.warn(
          { event: e.id, issues: parsed.error.issues },
          'cap.inbound.received payload not understood; skipped',
        );
        return;
      }
      await take(c, tx, parsed.data);
    },
  };
}

async function take(c: WarningsContext, tx: Tx, p: CapInbound) {
  if (!(CAP_STATUSES as readonly string[]).includes(p.status)) return;
  const [seen] = await tx
    .select({ id: warningCapRefs.identifier })
    .from(warningCapRefs)
    .where(and(eq(warningCapRefs.schoolId, p.schoolId), eq(warningCapRefs.identifier, p.identifier)));
  if (seen) return;
  const school = await findOrgById(tx, p.schoolId);
  if (!school || school.kind !== 'school') return;
  const now = c.k.clock.now();
  const ref = (warningId: string | null) =>
    tx
      .insert(warningCapRefs)
      .values({
        schoolId: p.schoolId,
        identifier: p.identifier,
        warningId,
        msgType: p.msgType,
        receivedAt: now,
      })
      .onConflictDoNothing();

  const [earlier] = p.references.length
    ? await tx
        .select({ warningId: warningCapRefs.warningId })
        .from(warningCapRefs)
        .where(and(eq(warningCapRefs.schoolId, p.schoolId), inArray(warningCapRefs.identifier, p.references)))
        .orderBy(desc(warningCapRefs.receivedAt))
        .limit(1)
    : [];
  const target = earlier?.warningId ? await repo.findWithPath(tx, earlier.warningId) : undefined;

  if (p.msgType === 'Alert' || (p.msgType === 'Update' && !target)) {
    const id = newId();
    await repo.insert(tx, {
      id,
      orgId: school.id,
      schoolId: school.id,
      state: 'draft',
      audience: { orgIds: [school.id], gridIds: [], roles: [] },
      schoolIds: [school.id],
      ...contentOf(p, now),
      areaDesc: p.areaDesc || school.name,
      polygon: await schoolPolygon(tx, school.id),
      createdByName: p.sender || 'CAP',
      capIdentifier: p.identifier,
      capSender: p.sender,
      createdAt: now,
      updatedAt: now,
    });
    await ref(id);
    return tellOffice(c, tx, school.id, id, `收到外部预警，请确认发送：${p.headline || p.event}`);
  }
  await ref(target?.id ?? null);
  if (!target) return;
  const fields = contentOf(p, now);
  if (target.state === 'draft' || target.state === 'pending') {
    await tx
      .update(warnings)
      .set(
        p.msgType === 'Cancel'
          ? { state: 'withdrawn', cancelledAt: now, cancelReason: '来源预警已解除', updatedAt: now }
          : { ...fields, state: 'draft', capIdentifier: p.identifier, updatedAt: now },
      )
      .where(eq(warnings.id, target.id));
    return;
  }
  if (target.state === 'sent') {
    await tx
      .update(warnings)
      .set({
        capPending: {
          msgType: p.msgType,
          identifier: p.identifier,
          ...(p.msgType === 'Update'
            ? {
                fields: {
                  ...fields,
                  effective: fields.effective.toISOString(),
                  expires: fields.expires?.toISOString() ?? null,
                },
              }
            : {}),
        },
        updatedAt: now,
      })
      .where(eq(warnings.id, target.id));
    await tellOffice(
      c,
      tx,
      school.id,
      target.id,
      p.msgType === 'Cancel'
        ? `来源预警已解除，请确认是否解除：${target.headline}`
        : `来源预警已更新，请审阅：${target.headline}`,
    );
  }
}

async function tellOffice(c: WarningsContext, tx: Tx, schoolId: string, warningId: string, title: string) {
  await c.k.notify.notify(tx, {
    userIds: await schoolUsersWithRoles(tx, schoolId, ['school_admin', 'grid_center']),
    orgId: schoolId,
    kind: 'warning.cap_draft',
    title,
    body: '外部预警（CAP）已生成预警草稿，请核对内容与发送对象后发送',
    link: `/warnings/${warningId}`,
    data: { warningId },
    severity: 'urgent',
    subject: { type: 'warning', id: warningId },
  });
}
