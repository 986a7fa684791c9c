import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../identity/index.js';
import { orgs } from '../orgs/index.js';
import {
  CAP_CATEGORIES,
  CAP_CERTAINTIES,
  CAP_SEVERITIES,
  CAP_STATUSES,
  CAP_URGENCIES,
  WARNING_STATES,
  type Audience,
} from './warnings.model.js';

/**
 * A warning (预警) to an audience. `state` is where it is in its life (draft → pending approval →
 * sent → cancelled; a draft may be withdrawn); `version` is 0 until it is sent, 1 when sent and one
 * more for each update or cancellation after (the CAP feed's Update/Cancel follow it).
 */
export const warnings = pgTable(
  'warnings',
  {
    id: uuid('id').primaryKey(),
    /** the sending organisation: a school, a college or department, a bureau or 综治办 */
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    /** the school of the sending organisation; null for an authority above the schools */
    schoolId: uuid('school_id').references(() => orgs.id),
    state: text('state', { enum: WARNING_STATES }).notNull(),
    version: integer('version').notNull().default(0),
    audience: jsonb('audience').$type<Audience>().notNull(),
    /** the schools the audience lies in (the event's schoolIds, the CAP feed's readers) */
    schoolIds: jsonb('school_ids').$type<string[]>().notNull().default([]),
    capStatus: text('cap_status', { enum: CAP_STATUSES }).notNull(),
    publicFeed: boolean('public_feed').notNull().default(false),
    category: text('category', { enum: CAP_CATEGORIES }).notNull(),
    event: text('event').notNull(),
    headline: text('headline').notNull(),
    description: text('description').notNull(),
    instruction: text('instruction'),
    severity: text('severity', { enum: CAP_SEVERITIES }).notNull(),
    urgency: text('urgency', { enum: CAP_URGENCIES }).notNull(),
    certainty: text('certainty', { enum: CAP_CERTAINTIES }).notNull(),
    areaDesc: text('area_desc').notNull(),
    /** the school's outline (lon, lat; closed ring) when the audience is one school that has one */
    polygon: jsonb('polygon').$type<[number, number][]>(),
    effective: timestamp('effective', { withTimezone: true }).notNull(),
    expires: timestamp('expires', { withTimezone: true }),
    /** needs a second person's approval: the audience lies beyond the sending organisation */
    needsApproval: boolean('needs_approval').notNull().default(false),
    createdBy: uuid('created_by').references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    submittedBy: uuid('submitted_by').references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedByName: text('decided_by_name'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    rejectReason: text('reject_reason'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelReason: text('cancel_reason'),
    /** reminder rounds so far (automatic and by hand), the automatic ones, and the last one's time */
    reminders: integer('reminders').notNull().default(0),
    autoReminders: integer('auto_reminders').notNull().default(0),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    /** a draft made from an incoming CAP alert: the alert's identifier and sender */
    capIdentifier: text('cap_identifier'),
    capSender: text('cap_sender'),
    /** the source alert was updated or cancelled after this warning was sent: for the office to review */
    capPending: jsonb('cap_pending').$type<{
      msgType: 'Update' | 'Cancel';
      identifier: string;
      fields?: object;
    }>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('warnings_org_idx').on(t.orgId, t.createdAt), index('warnings_state_idx').on(t.state)],
);

/**
 * Who a warning reached, resolved when it was sent (one row each, written by one statement), with
 * the unit they are counted under and what they did with it.
 */
export const warningRecipients = pgTable(
  'warning_recipients',
  {
    warningId: uuid('warning_id')
      .notNull()
      .references(() => warnings.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** the unit of the summary: the college or department under the school, or the school */
    unitId: uuid('unit_id')
      .notNull()
      .references(() => orgs.id),
    /** the version last handed to the notification port for this person (0: not yet) */
    notifiedVersion: integer('notified_version').notNull().default(0),
    notifiedAt: timestamp('notified_at', { withTimezone: true }),
    /** opened the warning's page */
    readAt: timestamp('read_at', { withTimezone: true }),
    /** pressed 确认收到 */
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    /** reminder rounds handed out to this person (a round is reminded once) */
    remindRound: integer('remind_round').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.warningId, t.userId] }),
    index('warning_recipients_user_idx').on(t.userId),
    index('warning_recipients_pending_idx')
      .on(t.warningId, t.notifiedVersion)
      .where(sql`${t.acknowledgedAt} is null`),
  ],
);

/**
 * Identifiers of incoming CAP alerts already taken in, per school: a repeated identifier changes
 * nothing, and an Update or Cancel finds its warning through the identifiers it references.
 */
export const warningCapRefs = pgTable(
  'warning_cap_refs',
  {
    schoolId: uuid('school_id')
      .notNull()
      .references(() => orgs.id),
    identifier: text('identifier').notNull(),
    warningId: uuid('warning_id').references(() => warnings.id, { onDelete: 'cascade' }),
    msgType: text('msg_type').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('warning_cap_refs_uniq').on(t.schoolId, t.identifier)],
);
