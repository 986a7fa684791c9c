import { sql } from 'drizzle-orm';
import {
  boolean,
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
import type { Duration, WorkCalendar } from '../../kernel/calendar/index.js';
import { grids } from '../grids/index.js';
import { orgs } from '../orgs/index.js';
import { places } from '../places/index.js';
import { CLOSE_KINDS, REQUEST_STATUSES, type RateWeights, type VisitAnswer } from './requests.model.js';
import { PRIORITIES, type DeadlinePolicy } from './requests.routing.js';

export const CHANNELS = ['phone', 'qr', 'hotline', 'dorm', 'open311', 'console'] as const;
export type Channel = (typeof CHANNELS)[number];
export const IDENTITIES = ['named', 'anonymous', 'sealed'] as const;
export type Identity = (typeof IDENTITIES)[number];
export const ATTRIBUTE_TYPES = [
  'string',
  'number',
  'datetime',
  'text',
  'singlevaluelist',
  'multivaluelist',
] as const;

/** An Open311 service attribute: an extra question a category asks. */
export interface CategoryAttribute {
  code: string;
  datatype: (typeof ATTRIBUTE_TYPES)[number];
  required: boolean;
  description: string;
  /** for list types */
  values?: { key: string; name: string }[];
  order: number;
}

/** A category of requests (our Open311 services): what is asked, and how long it may take. */
export const requestCategories = pgTable(
  'request_categories',
  {
    id: uuid('id').primaryKey(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => orgs.id),
    /** the Open311 service_code, unique in the school */
    code: text('code').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    /** repairs, dorm, security, teaching, logistics, other (Open311 group) */
    groupName: text('group_name').notNull(),
    description: text('description').notNull().default(''),
    keywords: text('keywords').notNull().default(''),
    attributes: jsonb('attributes').$type<CategoryAttribute[]>().notNull().default([]),
    policy: jsonb('policy').$type<DeadlinePolicy>().notNull(),
    active: boolean('active').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('request_categories_code_idx').on(t.schoolId, t.code)],
);

/** 派单目录: a category, optionally within a grid's or place's subtree, goes to a unit or a grid. */
export const requestRoutes = pgTable(
  'request_routes',
  {
    id: uuid('id').primaryKey(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => orgs.id),
    categoryId: uuid('category_id')
      .notNull()
      .references(() => requestCategories.id, { onDelete: 'cascade' }),
    /** a grid path or place path the request must lie under; null: the whole school */
    scopePath: text('scope_path'),
    scopeLabel: text('scope_label'),
    /** the responsible department (an organisation) … */
    unitOrgId: uuid('unit_org_id').references(() => orgs.id),
    /** … or the responsible grid (its leader and members handle it) */
    unitGridId: uuid('unit_grid_id').references(() => grids.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('request_routes_category_idx').on(t.categoryId)],
);

/** Per school: its working calendar and the weights of the composite score. */
export const requestSettings = pgTable('request_settings', {
  schoolId: uuid('school_id')
    .primaryKey()
    .references(() => orgs.id),
  calendar: jsonb('calendar').$type<WorkCalendar>().notNull(),
  weights: jsonb('weights').$type<RateWeights>().notNull(),
  /** Open311 without an api_key: the public view of its services and requests may be read */
  open311PublicRead: boolean('open311_public_read').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/** A request or complaint (诉求) and where it stands. */
export const requests = pgTable(
  'requests',
  {
    id: uuid('id').primaryKey(),
    /** the human number, also the Open311 service_request_id (Q2026113000001) */
    no: text('no').notNull(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => orgs.id),
    /** data scope: the responsible department, or the school while none is */
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    /** the grid responsible (assigned) or covering the place; grid positions reach it by path */
    gridId: uuid('grid_id').references(() => grids.id),
    gridPath: text('grid_path'),
    categoryId: uuid('category_id')
      .notNull()
      .references(() => requestCategories.id),
    priority: text('priority', { enum: PRIORITIES }).notNull().default('normal'),
    description: text('description').notNull(),
    placeId: uuid('place_id').references(() => places.id),
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    address: text('address'),
    photos: jsonb('photos').$type<string[]>().notNull().default([]),
    attributes: jsonb('attributes').$type<Record<string, string | string[]>>().notNull().default({}),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    /** a 12345 ticket number (or another external system's id) */
    externalNo: text('external_no'),
    identity: text('identity', { enum: IDENTITIES }).notNull(),
    /** named only: who filed it */
    reporterUserId: uuid('reporter_user_id'),
    reporterName: text('reporter_name'),
    reporterPhone: text('reporter_phone'),
    /** sealed only: {userId, name, phone} encrypted; read only with request.sealed, audited */
    reporterEnc: text('reporter_enc'),
    /** named and sealed: keyed hash of the filing user's id, to list "my requests" */
    reporterKey: text('reporter_key'),
    /** keyed hash of the private follow-up link's token */
    trackHash: text('track_hash').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    status: text('status', { enum: REQUEST_STATUSES }).notNull(),
    closeKind: text('close_kind', { enum: CLOSE_KINDS }),
    assignedOrgId: uuid('assigned_org_id').references(() => orgs.id),
    assignedGridId: uuid('assigned_grid_id').references(() => grids.id),
    /** 首接负责: the unit (org or grid id) that first signed; it follows the request to the end */
    firstUnitId: uuid('first_unit_id'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    respondBy: timestamp('respond_by', { withTimezone: true }).notNull(),
    resolveBy: timestamp('resolve_by', { withTimezone: true }).notNull(),
    /** the reporter was contacted (the response clock stopped) */
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    repliedAt: timestamp('replied_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    extension: jsonb('extension').$type<Duration>(),
    /** bumps when the deadlines move (extension, reopen): older clock jobs find it and stop */
    clockGen: integer('clock_gen').notNull().default(0),
    urgedAt: timestamp('urged_at', { withTimezone: true }),
    supervisedAt: timestamp('supervised_at', { withTimezone: true }),
    noticedAt: timestamp('noticed_at', { withTimezone: true }),
    /** the latest return visit's answers (the raw input of the three rates) */
    visit: jsonb('visit').$type<VisitAnswer>(),
    visitedAt: timestamp('visited_at', { withTimezone: true }),
    reopenCount: integer('reopen_count').notNull().default(0),
    mergedInto: uuid('merged_into'),
    incidentId: uuid('incident_id'),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('requests_no_idx').on(t.no),
    uniqueIndex('requests_idempotency_idx').on(t.schoolId, t.channel, t.idempotencyKey),
    uniqueIndex('requests_track_idx').on(t.trackHash),
    index('requests_school_received_idx').on(t.schoolId, t.receivedAt),
    index('requests_school_status_idx').on(t.schoolId, t.status),
    index('requests_assigned_org_idx').on(t.assignedOrgId, t.status),
    index('requests_assigned_grid_idx').on(t.assignedGridId, t.status),
    index('requests_reporter_idx').on(t.reporterKey),
    index('requests_grid_path_idx').using('btree', sql`${t.gridPath} text_pattern_ops`),
  ],
);

/** The timeline and the thread: every step, message, note and clock alarm of a request. */
export const requestEvents = pgTable(
  'request_events',
  {
    id: uuid('id').primaryKey(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => requests.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    /** received, an action (dispatch, sign, …), message, note, urge, supervise, notice, respond_late */
    kind: text('kind').notNull(),
    /** public: the reporter sees it; internal: handlers only */
    visibility: text('visibility', { enum: ['public', 'internal'] }).notNull(),
    /** who wrote a message: the reporter or a handler */
    side: text('side', { enum: ['reporter', 'handler', 'system'] }).notNull(),
    body: text('body'),
    status: text('status', { enum: REQUEST_STATUSES }),
    data: jsonb('data').$type<Record<string, unknown>>(),
  },
  (t) => [index('request_events_request_idx').on(t.requestId, t.at), index('request_events_at_idx').on(t.at)],
);

/**
 * Who follows a request besides its own reporter: the reporters of requests merged into it
 * (合并), by their follow-up link and, when known, their account.
 */
export const requestFollowers = pgTable(
  'request_followers',
  {
    requestId: uuid('request_id')
      .notNull()
      .references(() => requests.id, { onDelete: 'cascade' }),
    /** the merged request they filed */
    fromRequestId: uuid('from_request_id')
      .notNull()
      .references(() => requests.id, { onDelete: 'cascade' }),
    since: timestamp('since', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('request_followers_idx').on(t.requestId, t.fromRequestId)],
);

/** Open311 clients of a school: an api_key (stored hashed) lets them post and read requests. */
export const open311Clients = pgTable(
  'open311_clients',
  {
    id: uuid('id').primaryKey(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => orgs.id),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('open311_clients_key_idx').on(t.keyHash)],
);

/** The day's running number behind request numbers (one row per China day, bumped atomically). */
export const requestCounters = pgTable('request_counters', {
  day: text('day').primaryKey(),
  n: integer('n').notNull(),
});
