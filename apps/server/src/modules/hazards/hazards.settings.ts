import type { z } from 'zod';
import type { Actor } from '../../kernel/access/index.js';
import { audit } from '../../kernel/audit/audit.js';
import type { Executor } from '../../kernel/db.js';
import { schoolFor } from './hazards.access.js';
import type { HazardsContext } from './hazards.context.js';
import { DEFAULT_GRADE_DEADLINES } from './hazards.model.js';
import * as repo from './hazards.repository.js';
import type { settingsBody } from './hazards.schemas.js';

const DEFAULT_GRACE_DAYS = 3;

/** A school's deadlines per grade and the grace days before supervision (the defaults if unset). */
export async function settingsOf(ex: Executor, schoolId: string) {
  const s = await repo.settingsOf(ex, schoolId);
  return {
    deadlines: s?.deadlines ?? DEFAULT_GRADE_DEADLINES,
    graceDays: s?.graceDays ?? DEFAULT_GRACE_DAYS,
  };
}

export async function getSettings(c: HazardsContext, actor: Actor, schoolId: string) {
  await schoolFor(c, actor, 'hazard.read', schoolId);
  return { schoolId, ...(await settingsOf(c.k.db, schoolId)) };
}

export async function putSettings(
  c: HazardsContext,
  actor: Actor,
  schoolId: string,
  input: z.infer<typeof settingsBody>,
) {
  await schoolFor(c, actor, 'hazard.verify', schoolId);
  await c.k.transaction(async (tx) => {
    await repo.saveSettings(tx, { schoolId, ...input, updatedAt: c.k.clock.now() });
    await audit(tx, c.k.clock, actor, {
      action: 'hazard.settings',
      targetType: 'school',
      targetId: schoolId,
      orgId: schoolId,
      details: input,
    });
  });
  return { schoolId, ...input };
}
