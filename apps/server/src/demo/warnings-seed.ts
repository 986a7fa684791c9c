import { sql } from 'drizzle-orm';
import type { Executor } from '../kernel/db.js';
import { newId } from '../kernel/ids.js';
import { insertRecipients, targetsOf, warnings } from '../modules/warnings/index.js';

const DAY = 86_400_000;

/**
 * One past warning of the demo college: last week's 寒潮蓝色预警 to the whole school, sent by the
 * security office, expired since; most of the school acknowledged it (the same ones every seed).
 */
export async function seedWarnings(
  tx: Executor,
  input: { school: { id: string; name: string }; senderId: string; senderName: string; now: Date },
) {
  const { school, now } = input;
  const sentAt = new Date(now.getTime() - 5 * DAY);
  const id = newId();
  const audience = { orgIds: [school.id], gridIds: [], roles: [] };
  await tx.insert(warnings).values({
    id,
    orgId: school.id,
    schoolId: school.id,
    state: 'sent',
    version: 1,
    audience,
    schoolIds: [school.id],
    capStatus: 'Actual',
    category: 'Met',
    event: '寒潮蓝色预警',
    headline: '寒潮来袭，夜间最低气温降至零下8℃，注意防寒防冻',
    description: '市气象台发布寒潮蓝色预警：受强冷空气影响，未来48小时气温下降8～10℃，伴有6级偏北风。',
    instruction: '宿舍关好门窗，不使用违规电器取暖；早晚出行注意路面结冰，体育课改在室内进行。',
    severity: 'Minor',
    urgency: 'Expected',
    certainty: 'Likely',
    areaDesc: school.name,
    effective: sentAt,
    expires: new Date(sentAt.getTime() + 2 * DAY),
    createdBy: input.senderId,
    createdByName: input.senderName,
    submittedBy: input.senderId,
    submittedAt: sentAt,
    sentAt,
    createdAt: sentAt,
    updatedAt: sentAt,
  });
  const n = await insertRecipients(tx, id, audience, await targetsOf(tx, audience), [school.id]);
  // Told at once; nine in ten read it, four in five acknowledged within the hour.
  await tx.execute(
    sql`update warning_recipients set notified_version = 1, notified_at = ${sentAt.toISOString()}::timestamptz,
          read_at = case when abs(hashtext(user_id::text)) % 10 < 9 then ${sentAt.toISOString()}::timestamptz + interval '10 minutes' end,
          acknowledged_at = case when abs(hashtext(user_id::text)) % 10 < 8 then ${sentAt.toISOString()}::timestamptz + interval '20 minutes' end
        where warning_id = ${id}`,
  );
  return { warnings: 1, warningRecipients: n };
}
