import { boolean, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Append-only (a trigger refuses UPDATE and DELETE): who did what, when, from where, to what. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: uuid('id').primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    orgId: uuid('org_id'),
    /** a read of sensitive data (key persons, psychological records, identity numbers) */
    sensitive: boolean('sensitive').notNull().default(false),
    outcome: text('outcome', { enum: ['ok', 'denied', 'failed'] })
      .notNull()
      .default('ok'),
    details: jsonb('details'),
  },
  (t) => [
    index('audit_at_idx').on(t.at),
    index('audit_actor_idx').on(t.actorId, t.at),
    index('audit_target_idx').on(t.targetType, t.targetId),
    index('audit_org_idx').on(t.orgId, t.at),
  ],
);
