import { sql } from 'drizzle-orm';
import {
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { grids } from '../grids/index.js';
import { orgs } from '../orgs/index.js';
import { places } from '../places/index.js';
import { RISK_DOMAINS } from '../tasks/index.js';
import { HAZARD_GRADES, HAZARD_ORIGINS, HAZARD_STATUSES, type GradeDeadlines } from './hazards.model.js';

const DOMAIN_CODES = RISK_DOMAINS.map((d) => d.code) as [string, ...string[]];

/** The 五定 as stored (the deadline as an ISO instant). */
export interface StoredPlan {
  person: string;
  measures: string;
  funds: number;
  deadline: string;
  interim: string;
}

/** A hazard (隐患): a finding, who must put it right and by when, and where the 整改 stands. */
export const hazards = pgTable(
  'hazards',
  {
    id: uuid('id').primaryKey(),
    /** YH + China date + 4 digits, unique */
    no: text('no').notNull(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => orgs.id),
    domain: text('domain', { enum: DOMAIN_CODES }).notNull(),
    grade: text('grade', { enum: HAZARD_GRADES }).notNull(),
    origin: text('origin', { enum: HAZARD_ORIGINS }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    placeId: uuid('place_id').references(() => places.id),
    address: text('address'),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    /** the grid where it was found (scope for grid holders) */
    gridId: uuid('grid_id').references(() => grids.id),
    gridPath: text('grid_path'),
    /** the responsible unit (责任单位): a department, or a grid */
    unitOrgId: uuid('unit_org_id').references(() => orgs.id),
    unitGridId: uuid('unit_grid_id').references(() => grids.id),
    foundById: uuid('found_by_id'),
    foundByName: text('found_by_name').notNull(),
    foundAt: timestamp('found_at', { withTimezone: true }).notNull(),
    /** a 随手拍 reporter's phone, only if they asked to hear back (encrypted) */
    contactPhone: text('contact_phone'),
    /** the finding's original photos (file ids); later photos are on the events */
    photos: jsonb('photos').$type<string[]>().notNull().default([]),
    /** the checklist item it came from (one hazard per failed item) */
    taskInstanceId: uuid('task_instance_id'),
    itemCode: text('item_code'),
    /** the task's name and the item's words as they were when it was found (a later edit of the checklist leaves them) */
    sourceTask: text('source_task'),
    sourceItem: text('source_item'),
    deadline: timestamp('deadline', { withTimezone: true }).notNull(),
    status: text('status', { enum: HAZARD_STATUSES }).notNull(),
    plan: jsonb('plan').$type<StoredPlan>(),
    /** who planned, reported progress or submitted: none of them may verify */
    rectifiers: jsonb('rectifiers').$type<string[]>().notNull().default([]),
    /** the rectification notice (整改通知书): its number and when it was first issued */
    noticeNo: text('notice_no'),
    noticeAt: timestamp('notice_at', { withTimezone: true }),
    /** 挂牌督办: since when it is on the supervisors' list (null when not flagged) */
    supervisedAt: timestamp('supervised_at', { withTimezone: true }),
    overdueAt: timestamp('overdue_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    verifiedById: uuid('verified_by_id'),
    verifiedByName: text('verified_by_name'),
    /** times sent back by a verifier */
    rejections: integer('rejections').notNull().default(0),
    /** an earlier hazard of the same domain at the same place, found within 90 days (a repeat) */
    repeatOf: uuid('repeat_of'),
    idempotencyKey: text('idempotency_key'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('hazards_no_idx').on(t.no),
    uniqueIndex('hazards_item_idx')
      .on(t.taskInstanceId, t.itemCode)
      .where(sql`${t.taskInstanceId} is not null`),
    uniqueIndex('hazards_key_idx')
      .on(t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
    index('hazards_school_found_idx').on(t.schoolId, t.foundAt),
    /** the ledger's keyset order (found, id): each batch starts where the last ended */
    index('hazards_found_id_idx').on(t.foundAt, t.id),
    index('hazards_school_status_idx').on(t.schoolId, t.status),
    index('hazards_grid_path_idx').on(t.gridPath),
    index('hazards_place_idx').on(t.placeId, t.domain),
  ],
);

export const HAZARD_EVENT_KINDS = [
  'found',
  'assign',
  'notice',
  'plan',
  'progress',
  'submit',
  'pass',
  'reject',
  'overdue',
  'supervise',
  'comment',
] as const;
export type HazardEventKind = (typeof HAZARD_EVENT_KINDS)[number];

/** The timeline: every step with its photos (originals, never replaced) and its data. */
export const hazardEvents = pgTable(
  'hazard_events',
  {
    id: uuid('id').primaryKey(),
    hazardId: uuid('hazard_id')
      .notNull()
      .references(() => hazards.id),
    kind: text('kind', { enum: HAZARD_EVENT_KINDS }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    body: text('body').notNull().default(''),
    /** 整改前 / 整改后 photos of a progress report or a submission */
    phase: text('phase', { enum: ['before', 'after'] }),
    photos: jsonb('photos').$type<string[]>().notNull().default([]),
    data: jsonb('data').$type<Record<string, unknown>>(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('hazard_events_hazard_idx').on(t.hazardId, t.at)],
);

/** A school's hazard settings: days per grade, and the grace before an overdue hazard is flagged. */
export const hazardSettings = pgTable('hazard_settings', {
  schoolId: uuid('school_id')
    .primaryKey()
    .references(() => orgs.id),
  deadlines: jsonb('deadlines').$type<GradeDeadlines>().notNull(),
  graceDays: integer('grace_days').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/** A monthly report sent upward: its figures as sent, and to whom. */
export const hazardReports = pgTable(
  'hazard_reports',
  {
    id: uuid('id').primaryKey(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => orgs.id),
    /** 2026-11 */
    month: text('month').notNull(),
    figures: jsonb('figures').$type<Record<string, unknown>>().notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    sentById: uuid('sent_by_id'),
    sentByName: text('sent_by_name').notNull(),
    /** the supervising organisations it went to */
    toOrgIds: jsonb('to_org_ids').$type<string[]>().notNull(),
  },
  (t) => [index('hazard_reports_school_idx').on(t.schoolId, t.month)],
);

/** Running numbers: hazards per China day, notices per school and year. */
export const hazardCounters = pgTable('hazard_counters', {
  key: text('key').primaryKey(),
  n: integer('n').notNull(),
});
