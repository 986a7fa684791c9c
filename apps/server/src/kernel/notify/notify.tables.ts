import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { SEVERITIES } from './channel.js';

/** In-app notifications: what the notification port delivers today (SMS and IM adapters later). */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id').notNull(),
    orgId: uuid('org_id'),
    /** what it is about, e.g. incident.escalated */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** where the console opens it, e.g. /incidents/<id> */
    link: text('link'),
    data: jsonb('data').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
    /** how loud (the centre's policy for it picked the channels) */
    severity: text('severity', { enum: SEVERITIES }).notNull().default('normal'),
    /** the object it is about (incident, hazard, warning …), for its timeline and receipt summary */
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    /** when the person confirmed it (the furthest state a delivery reaches) */
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.createdAt),
    // the bell's unread count and the inbox's unread filter, cheap however long a user's history
    index('notifications_unread_idx')
      .on(t.userId, t.createdAt)
      .where(sql`${t.readAt} is null`),
    index('notifications_subject_idx').on(t.subjectType, t.subjectId),
  ],
);
