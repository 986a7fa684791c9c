import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/index.js';

export const DISTRICT_FEATURE_KINDS = ['road', 'area', 'water', 'station'] as const;
export type DistrictFeatureKind = (typeof DISTRICT_FEATURE_KINDS)[number];

/** A LineString or Polygon (lon/lat, WGS 84), as stored. */
export type DistrictGeometry =
  | { type: 'LineString'; coordinates: [number, number][] }
  | { type: 'Polygon'; coordinates: [number, number][][] };

/**
 * A district's own map context (roads, areas, water, a police station's yard), imported from
 * GeoJSON and drawn under the schools on the police map, with no tile server. Held by a region,
 * police station or other organisation above the schools; its schools' watchers read it.
 */
export const districtFeatures = pgTable(
  'district_features',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    kind: text('kind', { enum: DISTRICT_FEATURE_KINDS }).notNull(),
    name: text('name'),
    geometry: jsonb('geometry').$type<DistrictGeometry>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('district_features_org_idx').on(t.orgId)],
);
