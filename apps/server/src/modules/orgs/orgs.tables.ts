import { sql } from 'drizzle-orm';
import {
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const ORG_KINDS = [
  'region',
  'education_bureau',
  'police_station',
  'stability_office',
  'school',
  'campus',
  'college',
  'department',
  'class',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const SCHOOL_TYPES = ['university', 'vocational', 'secondary', 'primary', 'kindergarten'] as const;

/**
 * The organisation tree. `path` is the chain of ids from the root ('/a/b/c/'), so a subtree is
 * a prefix match; the access kernel relies on it for data scope.
 */
export const orgs = pgTable(
  'orgs',
  {
    id: uuid('id').primaryKey(),
    parentId: uuid('parent_id'),
    path: text('path').notNull(),
    kind: text('kind', { enum: ORG_KINDS }).notNull(),
    schoolType: text('school_type', { enum: SCHOOL_TYPES }),
    name: text('name').notNull(),
    code: text('code').notNull(),
    sort: integer('sort').notNull().default(0),
    address: text('address'),
    phone: text('phone'),
    /** a school's own security duty number (保卫处值班电话), shown on the SOS page beside 110/119/120 */
    dutyPhone: text('duty_phone'),
    /** where a school is (WGS-84), for the police station's map of its jurisdiction */
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    status: text('status', { enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('orgs_code_idx').on(t.code),
    index('orgs_path_idx').using('btree', sql`${t.path} text_pattern_ops`),
    index('orgs_parent_idx').on(t.parentId),
  ],
);

/**
 * Links across the tree: a police station's jurisdiction (辖区) over schools, an authority's
 * supervision (督导) of schools.
 */
export const orgLinks = pgTable(
  'org_links',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind', { enum: ['jurisdiction', 'supervision'] }).notNull(),
    fromOrgId: uuid('from_org_id')
      .notNull()
      .references(() => orgs.id),
    toOrgId: uuid('to_org_id')
      .notNull()
      .references(() => orgs.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('org_links_uniq').on(t.kind, t.fromOrgId, t.toOrgId),
    index('org_links_to_idx').on(t.toOrgId),
  ],
);
