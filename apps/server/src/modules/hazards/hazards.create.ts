import type { Actor } from '../../kernel/access/index.js';
import { chinaDate } from '../../kernel/calendar/index.js';
import { GENERATED } from '../../kernel/i18n.js';
import { newId } from '../../kernel/ids.js';
import { schoolUsersWithRoles, unitUsers } from '../identity/index.js';
import { setClocks } from './hazards.clocks.js';
import type { HazardsContext } from './hazards.context.js';
import { hazardDeadline, type HazardGrade, type HazardOrigin } from './hazards.model.js';
import * as repo from './hazards.repository.js';
import { settingsOf } from './hazards.settings.js';
import { GRADE_LABELS } from './hazards.sheets.js';
import { hazards } from './hazards.tables.js';
import { addEvent, changed } from './hazards.timeline.js';
import { hazardNotice } from './hazards.notify.js';

/** A hazard to record, however it was found. */
export interface NewHazard {
  schoolId: string;
  domain: string;
  grade: HazardGrade;
  origin: HazardOrigin;
  title: string;
  description: string;
  placeId: string | null;
  placePath: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  gridId: string | null;
  gridPath: string | null;
  unitOrgId: string | null;
  unitGridId: string | null;
  foundById: string | null;
  foundByName: string;
  photos: string[];
  taskInstanceId: string | null;
  itemCode: string | null;
  /** a checklist's hazard: the task's name and the item's words, kept as they were */
  source?: { task: string; item: string } | null;
  idempotencyKey: string | null;
  contactPhone: string | null;
}

/**
 * Record a hazard once (a retry with the same key, or the same failed item, finds the first),
 * tell the responsible unit and the office, and set its clocks.
 */
export async function createHazard(
  c: HazardsContext,
  input: NewHazard,
  actor: Actor | null,
): Promise<{ id: string; created: boolean }> {
  const again = input.idempotencyKey
    ? await repo.findByKey(c.k.db, input.idempotencyKey)
    : input.taskInstanceId && input.itemCode
      ? await repo.findByItem(c.k.db, input.taskInstanceId, input.itemCode)
      : undefined;
  if (again) return { id: again.hazard.id, created: false };
  const now = c.k.clock.now();
  const { deadlines, graceDays } = await settingsOf(c.k.db, input.schoolId);
  const deadline = hazardDeadline(input.grade, now, deadlines);
  // The number is taken outside the transaction: its counter row would otherwise stay locked.
  const day = chinaDate(now);
  const n = await repo.nextNumber(c.k.db, `d:${day}`);
  const no = `YH${day.replaceAll('-', '')}${String(n).padStart(4, '0')}`;
  const repeatOf = input.placeId ? await repo.earlierAtPlace(c.k.db, input.placeId, input.domain, now) : null;
  const notifyUnit = await unitUsers(c.k.db, { orgId: input.unitOrgId, gridId: input.unitGridId });
  const office = await schoolUsersWithRoles(c.k.db, input.schoolId, ['grid_center']);
  const supervisors =
    input.grade === 'major'
      ? await repo.supervisorUsers(
          c.k.db,
          (await repo.supervisorsOf(c.k.db, input.schoolId)).map((o) => o.id),
        )
      : [];
  const id = newId();
  const created = await c.k.transaction(async (tx) => {
    const [row] = await tx
      .insert(hazards)
      .values({
        id,
        no,
        schoolId: input.schoolId,
        domain: input.domain,
        grade: input.grade,
        origin: input.origin,
        title: input.title,
        description: input.description,
        placeId: input.placeId,
        address: input.address,
        lat: input.lat,
        lng: input.lng,
        gridId: input.gridId,
        gridPath: input.gridPath,
        unitOrgId: input.unitOrgId,
        unitGridId: input.unitGridId,
        foundById: input.foundById,
        foundByName: input.foundByName,
        foundAt: now,
        contactPhone: input.contactPhone ? c.k.crypto.encrypt(input.contactPhone) : null,
        photos: input.photos,
        taskInstanceId: input.taskInstanceId,
        itemCode: input.itemCode,
        sourceTask: input.source?.task ?? null,
        sourceItem: input.source?.item ?? null,
        deadline,
        status: 'open',
        supervisedAt: input.grade === 'major' ? now : null,
        repeatOf,
        idempotencyKey: input.idempotencyKey,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: hazards.id });
    if (!row) return false;
    await addEvent(c, tx, id, actor, 'found', {
      body: input.description,
      photos: input.photos,
      data: { grade: input.grade, origin: input.origin, deadline: deadline.toISOString() },
      by: input.foundByName,
    });
    if (input.grade === 'major')
      await addEvent(c, tx, id, null, 'supervise', {
        body: '重大隐患，挂牌督办',
        by: GENERATED.system.zh,
      });
    await changed(c, tx, {
      id,
      no,
      status: 'open',
      kind: 'found',
      schoolId: input.schoolId,
      gridId: input.gridId,
    });
    await c.k.notify.notify(
      tx,
      hazardNotice(
        input.grade === 'major' ? 'found_major' : 'found',
        { type: 'hazard', id },
        {
          userIds: [...notifyUnit, ...office, ...supervisors].filter((u) => u !== actor?.userId),
          orgId: input.schoolId,
          kind: 'hazard.found',
          title: `${input.grade === 'major' ? '【重大隐患·挂牌督办】' : ''}新隐患待整改 ${no}`,
          body: `${input.title}（${GRADE_LABELS[input.grade]}），整改期限 ${chinaDate(deadline)}`,
          link: `/hazards/${id}`,
          data: { hazardId: id },
        },
      ),
    );
    await setClocks(c, tx, id, deadline, graceDays, input.grade);
    return true;
  });
  if (!created) {
    const first = input.idempotencyKey
      ? await repo.findByKey(c.k.db, input.idempotencyKey)
      : await repo.findByItem(c.k.db, input.taskInstanceId!, input.itemCode!);
    return { id: first!.hazard.id, created: false };
  }
  return { id, created: true };
}
