import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/** Delivery order of events, assigned by the relay at publication (not at insert). */
export const eventSeq = pgSequence('event_seq', { startWith: 1 });

/**
 * The outbox. A service writes its event here in the same transaction as the change.
 * The relay later gives it a delivery sequence number (seq) in publication order and puts it on
 * the bus; realtime clients resume from seq, consumers deduplicate by id.
 */
export const events = pgTable(
  'events',
  {
    id: uuid('id').primaryKey(),
    type: text('type').notNull(),
    payload: jsonb('payload').notNull(),
    /** scope tags: who may see it. orgId for org-scoped readers, userId for a personal event */
    orgId: uuid('org_id'),
    gridId: uuid('grid_id'),
    userId: uuid('user_id'),
    actorId: uuid('actor_id'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    seq: bigint('seq', { mode: 'number' }),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [
    index('events_unpublished_idx')
      .on(t.id)
      .where(sql`${t.seq} is null`),
    index('events_seq_idx').on(t.seq),
    // Reads that ask whether an event of some types came after a point (a stored report still
    // fresh?) touch only those events, however many others the outbox holds.
    index('events_type_seq_idx').on(t.type, t.seq),
  ],
);

/** One row per (consumer, event) handled: makes consumers idempotent. */
export const eventConsumptions = pgTable(
  'event_consumptions',
  {
    consumer: text('consumer').notNull(),
    eventId: uuid('event_id').notNull(),
    handledAt: timestamp('handled_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.consumer, t.eventId] })],
);

/** How far each durable consumer has read the outbox (by seq). */
export const eventCursors = pgTable('event_cursors', {
  consumer: text('consumer').primaryKey(),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
