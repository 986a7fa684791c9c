import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../identity/index.js';
import { orgs } from '../orgs/index.js';
import { places, type PolygonGeometry } from '../places/index.js';

export const GRID_KINDS = ['physical', 'virtual'] as const;
export type GridKind = (typeof GRID_KINDS)[number];
/** Physical grids divide space (实体网格), virtual grids divide people (虚拟网格). */
export const PHYSICAL_LEVELS = ['campus', 'zone', 'building', 'floor', 'room'] as const;
export const VIRTUAL_LEVELS = ['college', 'class', 'dorm_room'] as const;
export const GRID_LEVELS = [...PHYSICAL_LEVELS, ...VIRTUAL_LEVELS] as const;
export type GridLevel = (typeof GRID_LEVELS)[number];

/**
 * A grid. `path` is the chain of grid ids ('/campus/zone/building/'), so a leader's reach is a prefix
 * match. What a grid covers is given by its bindings: an organisation (the campus for a campus grid,
 * a college or class for a virtual grid) or a place (buildings, floors, rooms, a dorm room).
 */
export const grids = pgTable(
  'grids',
  {
    id: uuid('id').primaryKey(),
    /** owning organisation (school/campus for physical grids, college/class for virtual ones) */
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => orgs.id),
    kind: text('kind', { enum: GRID_KINDS }).notNull(),
    level: text('level', { enum: GRID_LEVELS }).notNull(),
    parentId: uuid('parent_id'),
    path: text('path').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    leaderUserId: uuid('leader_user_id').references(() => users.id),
    /** 以格定责: the duties of this grid, one line each */
    responsibilities: jsonb('responsibilities').$type<string[]>().notNull().default([]),
    /** outline for grids that are not one building (campus, zones) */
    outline: jsonb('outline').$type<PolygonGeometry>(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('grids_school_code_idx').on(t.schoolId, t.code),
    index('grids_path_idx').using('btree', sql`${t.path} text_pattern_ops`),
    index('grids_parent_idx').on(t.parentId),
    index('grids_leader_idx').on(t.leaderUserId),
  ],
);

export const gridBindings = pgTable(
  'grid_bindings',
  {
    id: uuid('id').primaryKey(),
    gridId: uuid('grid_id')
      .notNull()
      .references(() => grids.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id').references(() => orgs.id),
    placeId: uuid('place_id').references(() => places.id),
  },
  (t) => [
    index('grid_bindings_grid_idx').on(t.gridId),
    uniqueIndex('grid_bindings_org_uniq')
      .on(t.gridId, t.orgId)
      .where(sql`${t.orgId} is not null`),
    uniqueIndex('grid_bindings_place_uniq')
      .on(t.gridId, t.placeId)
      .where(sql`${t.placeId} is not null`),
  ],
);

export const MEMBER_POSITIONS = [
  'grid_worker',
  'building_head',
  'dorm_head',
  'student_cadre',
  'volunteer',
] as const;
export type MemberPosition = (typeof MEMBER_POSITIONS)[number];

/** 网格员, 楼长, 宿舍长, student cadres … of a grid. */
export const gridMembers = pgTable(
  'grid_members',
  {
    id: uuid('id').primaryKey(),
    gridId: uuid('grid_id')
      .notNull()
      .references(() => grids.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    position: text('position', { enum: MEMBER_POSITIONS }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('grid_members_uniq').on(t.gridId, t.userId),
    index('grid_members_user_idx').on(t.userId),
  ],
);

/**
 * The 全覆盖 report of a school as last computed (a rollup: it can always be computed again, so a
 * backup leaves it out). `seq` is the outbox's highest published event sequence the computation saw:
 * a coverage-changing event of the school published later, or not yet published, makes it stale.
 */
export const coverageReports = pgTable('coverage_reports', {
  schoolId: uuid('school_id')
    .primaryKey()
    .references(() => orgs.id, { onDelete: 'cascade' }),
  report: jsonb('report').notNull(),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
});
