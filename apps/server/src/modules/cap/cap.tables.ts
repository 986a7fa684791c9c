import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/index.js';

/**
 * The CAP 1.2 alerts this platform publishes (one row per message: an Alert, each Update, the
 * Cancel). The document is kept as written, so a message read twice is the same bytes and its
 * identifier never names two texts. A series is every message about one warning or incident.
 */
export const capAlerts = pgTable(
  'cap_alerts',
  {
    id: uuid('id').primaryKey(),
    /** CAP identifier: <sender>-<source id>-<n>; unique for the sender */
    identifier: text('identifier').notNull(),
    sender: text('sender').notNull(),
    /** the organisation whose feed lists it (the warning's sender, the incident's school) */
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    source: text('source', { enum: ['warning', 'incident'] }).notNull(),
    sourceId: uuid('source_id').notNull(),
    /** 1 for the first message of the series, +1 for each after it */
    seq: integer('seq').notNull(),
    msgType: text('msg_type', { enum: ['Alert', 'Update', 'Cancel'] }).notNull(),
    status: text('status', { enum: ['Actual', 'Exercise', 'Test'] }).notNull(),
    sent: timestamp('sent', { withTimezone: true }).notNull(),
    expires: timestamp('expires', { withTimezone: true }),
    headline: text('headline').notNull(),
    xml: text('xml').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('cap_alerts_identifier_idx').on(t.identifier),
    uniqueIndex('cap_alerts_series_idx').on(t.source, t.sourceId, t.seq),
    index('cap_alerts_org_sent_idx').on(t.orgId, t.sent),
  ],
);

/** A CAP feed an organisation (a school's office, a bureau for its schools) takes alerts from. */
export const capSubscriptions = pgTable(
  'cap_subscriptions',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    name: text('name').notNull(),
    url: text('url').notNull(),
    lastFetchedAt: timestamp('last_fetched_at', { withTimezone: true }),
    /** ok (with how many new alerts), or the error of the last fetch */
    lastResult: text('last_result', { enum: ['ok', 'error'] }),
    lastError: text('last_error'),
    lastNew: integer('last_new').notNull().default(0),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('cap_subscriptions_org_url_idx').on(t.orgId, t.url)],
);

/** A CAP alert a subscription brought in, kept once per subscription, sender and identifier. */
export const capInbound = pgTable(
  'cap_inbound',
  {
    id: uuid('id').primaryKey(),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => capSubscriptions.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    identifier: text('identifier').notNull(),
    sender: text('sender').notNull(),
    /** the address the document was read from (an Atom entry's link is not read again) */
    url: text('url').notNull(),
    sent: timestamp('sent', { withTimezone: true }).notNull(),
    msgType: text('msg_type', { enum: ['Alert', 'Update', 'Cancel'] }).notNull(),
    status: text('status').notNull(),
    /** identifiers of the messages it updates or cancels */
    references: jsonb('references').$type<string[]>().notNull(),
    event: text('event').notNull(),
    headline: text('headline').notNull(),
    severity: text('severity').notNull(),
    areaDesc: text('area_desc').notNull(),
    expires: timestamp('expires', { withTimezone: true }),
    /** the alert's info as read (what cap.inbound.received carries) */
    info: jsonb('info').$type<Record<string, unknown>>().notNull(),
    /** schools it was given to */
    schoolIds: jsonb('school_ids').$type<string[]>().notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('cap_inbound_alert_idx').on(t.subscriptionId, t.sender, t.identifier),
    index('cap_inbound_org_idx').on(t.orgId, t.receivedAt),
  ],
);

/** One school told of one alert: cap.inbound.received is appended once per row. */
export const capInboundDeliveries = pgTable(
  'cap_inbound_deliveries',
  {
    schoolId: uuid('school_id')
      .notNull()
      .references(() => orgs.id),
    sender: text('sender').notNull(),
    identifier: text('identifier').notNull(),
    inboundId: uuid('inbound_id')
      .notNull()
      .references(() => capInbound.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('cap_inbound_deliveries_idx').on(t.schoolId, t.sender, t.identifier)],
);

/** A document a feed served that was not taken, and why (the latest per address). */
export const capRejects = pgTable(
  'cap_rejects',
  {
    id: uuid('id').primaryKey(),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => capSubscriptions.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    reason: text('reason').notNull(),
    detail: text('detail'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('cap_rejects_url_idx').on(t.subscriptionId, t.url),
    index('cap_rejects_at_idx').on(t.subscriptionId, sql`${t.at} desc`),
  ],
);
