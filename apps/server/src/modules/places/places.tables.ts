import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
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
import { orgs } from '../orgs/index.js';

export const PLACE_KINDS = ['building', 'floor', 'room', 'gate', 'area'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export const PLACE_USES = [
  'teaching',
  'dormitory',
  'canteen',
  'library',
  'lab',
  'office',
  'sports',
  'medical',
  'utility',
  'other',
] as const;
export type PlaceUse = (typeof PLACE_USES)[number];

/** A GeoJSON Polygon geometry (lon/lat, WGS 84), as stored. */
export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: [number, number][][];
}

/**
 * Places of a school: buildings → floors → rooms, plus gates and outdoor areas. `path` is the
 * chain of place ids ('/building/floor/room/'), so "everything in this building" is a prefix match.
 * `code` is the school's own natural key (room number such as "S3-0212"), unique per school.
 */
export const places = pgTable(
  'places',
  {
    id: uuid('id').primaryKey(),
    /** the organisation holding the place (school or campus); data scope runs through it */
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => orgs.id),
    parentId: uuid('parent_id'),
    path: text('path').notNull(),
    kind: text('kind', { enum: PLACE_KINDS }).notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    use: text('use', { enum: PLACE_USES }),
    /** buildings: storeys above ground and height in metres (the 3D map extrudes by it) */
    floors: integer('floors'),
    height: doublePrecision('height'),
    /** floors and rooms: storey number (negative below ground) */
    floor: integer('floor'),
    /** rooms: beds (dormitories) or seats */
    capacity: integer('capacity'),
    outline: jsonb('outline').$type<PolygonGeometry>(),
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    /** 重点部位 (key part: power room, lab with chemicals, archive …) and why */
    keyPart: boolean('key_part').notNull().default(false),
    keyReason: text('key_reason'),
    status: text('status', { enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('places_school_code_idx').on(t.schoolId, t.code),
    index('places_path_idx').using('btree', sql`${t.path} text_pattern_ops`),
    index('places_org_idx').on(t.orgId),
    index('places_parent_idx').on(t.parentId),
  ],
);

export const EQUIPMENT_KINDS = [
  'fire_extinguisher',
  'hydrant',
  'camera',
  'alarm_button',
  'guard_equipment',
  'other',
] as const;
export type EquipmentKind = (typeof EQUIPMENT_KINDS)[number];
export const EQUIPMENT_STATUSES = ['normal', 'faulty', 'expired', 'retired'] as const;

/** Safety equipment of a school with its place and its next inspection date. */
export const equipment = pgTable(
  'equipment',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => orgs.id),
    placeId: uuid('place_id').references(() => places.id),
    kind: text('kind', { enum: EQUIPMENT_KINDS }).notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** model or sub-type, e.g. "干粉 4kg", "钢叉" */
    model: text('model'),
    quantity: integer('quantity').notNull().default(1),
    status: text('status', { enum: EQUIPMENT_STATUSES }).notNull().default('normal'),
    lastInspectedOn: date('last_inspected_on'),
    nextInspectionDue: date('next_inspection_due'),
    notes: text('notes'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('equipment_school_code_idx').on(t.schoolId, t.code),
    index('equipment_place_idx').on(t.placeId),
    index('equipment_due_idx').on(t.schoolId, t.nextInspectionDue),
  ],
);
