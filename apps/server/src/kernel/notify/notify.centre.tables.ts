import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { CHANNEL_KINDS, DELIVERY_STATES, SEVERITIES } from './channel.js';
import { notifications } from './notify.tables.js';

/**
 * One notification through one channel kind. Unique per (notification, channel): that is the
 * idempotency of the centre: however often a job runs, a person gets one SMS for one notification.
 */
export const notifyDeliveries = pgTable(
  'notify_deliveries',
  {
    id: uuid('id').primaryKey(),
    notificationId: uuid('notification_id')
      .notNull()
      .references(() => notifications.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull(),
    orgId: uuid('org_id'),
    channel: text('channel', { enum: CHANNEL_KINDS }).notNull(),
    state: text('state', { enum: DELIVERY_STATES }).notNull(),
    /** the number of provider attempts begun; a send job names the step it expects (compare-and-set) */
    step: integer('step').notNull().default(0),
    /** the step a retry by hand started from: attempt `step - retryFrom` uses the kind's provider of that index */
    retryFrom: integer('retry_from').notNull().default(0),
    /** the provider of the latest attempt */
    provider: text('provider'),
    /** the address as shown: 138****1234 (the real one is read from the person at send time) */
    toMasked: text('to_masked'),
    reason: text('reason'),
    /** not sent before this moment (quiet hours) */
    notBefore: timestamp('not_before', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('notify_deliveries_uniq').on(t.notificationId, t.channel),
    index('notify_deliveries_org_idx').on(t.orgId, t.createdAt),
    index('notify_deliveries_user_idx').on(t.userId, t.createdAt),
  ],
);

export const ATTEMPT_STATES = ['sending', 'sent', 'delivered', 'failed'] as const;
export type AttemptState = (typeof ATTEMPT_STATES)[number];

/** One try of one provider for a delivery: the failover path is the delivery's attempts by step. */
export const notifyAttempts = pgTable(
  'notify_attempts',
  {
    id: uuid('id').primaryKey(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => notifyDeliveries.id, { onDelete: 'cascade' }),
    /** 1 for the first provider, 2 for the next … */
    step: integer('step').notNull(),
    provider: text('provider').notNull(),
    toMasked: text('to_masked'),
    state: text('state', { enum: ATTEMPT_STATES }).notNull(),
    providerMessageId: text('provider_message_id'),
    code: text('code'),
    reason: text('reason'),
    /** voice: whether the callee picked up */
    answered: boolean('answered'),
    templateCode: text('template_code'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    receiptAt: timestamp('receipt_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('notify_attempts_step_uniq').on(t.deliveryId, t.step),
    index('notify_attempts_provider_msg_idx').on(t.provider, t.providerMessageId),
  ],
);

/** A person's IM user ids (mobile and e-mail are on the user's record). */
export const notifyContacts = pgTable(
  'notify_contacts',
  {
    userId: uuid('user_id').notNull(),
    channel: text('channel', { enum: ['wecom', 'dingtalk', 'feishu'] }).notNull(),
    address: text('address').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.channel] })],
);

/** A person's own settings: quiet hours (China time, minutes of the day) and digest channel. */
export const notifyPrefs = pgTable('notify_prefs', {
  userId: uuid('user_id').primaryKey(),
  quietFrom: smallint('quiet_from'),
  quietTo: smallint('quiet_to'),
  /** where the daily digest goes; null: no digest */
  digestChannel: text('digest_channel', { enum: ['email', 'wecom', 'dingtalk', 'feishu'] }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/**
 * Provider templates (SMS and voice texts must be registered with the provider): per provider, for
 * a notice kind, or as the fallback of a severity. `params` maps the template's parameter names to
 * texts with placeholders ({title}, {body}, {kind}, {link}, {data.xxx}).
 */
export const notifyTemplates = pgTable(
  'notify_templates',
  {
    id: uuid('id').primaryKey(),
    provider: text('provider').notNull(),
    noticeKind: text('notice_kind'),
    severity: text('severity', { enum: SEVERITIES }),
    templateCode: text('template_code').notNull(),
    params: jsonb('params').$type<Record<string, string>>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('notify_templates_uniq').on(
      t.provider,
      sql`coalesce(${t.noticeKind}, '')`,
      sql`coalesce(${t.severity}, '')`,
    ),
  ],
);

/** Rate-limit counters shared by every node: one row per key and window. */
export const notifyCounters = pgTable(
  'notify_counters',
  {
    key: text('key').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);
