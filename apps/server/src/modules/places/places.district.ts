import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { authorize, pathInScope, type Actor, type Scope } from '../../kernel/access/index.js';
import { audit } from '../../kernel/audit/audit.js';
import type { Executor } from '../../kernel/db.js';
import { errors } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import type { Kernel } from '../../kernel/kernel.js';
import { findOrgById, orgs } from '../orgs/index.js';
import { DISTRICT_FEATURE_KINDS, districtFeatures, type DistrictGeometry } from './district.tables.js';
import { polygonSchema } from './places.schemas.js';

const lonLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const lineSchema = z.object({ type: z.literal('LineString'), coordinates: z.array(lonLat).min(2).max(5000) });

/** At most this many features in one district file (a district's main roads and areas). */
export const DISTRICT_FEATURE_LIMIT = 2000;

export const districtImportBody = z.object({
  orgId: z.uuid().describe('the region or police station the context belongs to'),
  featureCollection: z.object({
    type: z.literal('FeatureCollection'),
    features: z
      .array(
        z.object({
          type: z.literal('Feature'),
          geometry: z.unknown(),
          properties: z.record(z.string(), z.unknown()).nullable(),
        }),
      )
      .max(DISTRICT_FEATURE_LIMIT),
  }),
});

export const districtFeatureSchema = z.object({
  type: z.literal('Feature'),
  geometry: z.union([
    lineSchema,
    z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(lonLat)) }),
  ]),
  properties: z.object({ kind: z.enum(DISTRICT_FEATURE_KINDS), name: z.string().nullable() }),
});

type FeatureIn = { geometry: unknown; properties: Record<string, unknown> | null };

/** One imported feature, checked: a LineString or a closed Polygon, a known kind (else by shape), a short name. */
export function parseDistrictFeature(f: FeatureIn) {
  const props = f.properties ?? {};
  const line = lineSchema.safeParse(f.geometry);
  const polygon = line.success ? null : polygonSchema.safeParse(f.geometry);
  const geometry: DistrictGeometry | null = line.success
    ? line.data
    : polygon?.success
      ? { type: 'Polygon', coordinates: polygon.data.coordinates }
      : null;
  if (!geometry) return null;
  const kind = DISTRICT_FEATURE_KINDS.find((k) => k === props['kind']) ?? (line.success ? 'road' : 'area');
  if (kind === 'road' && geometry.type !== 'LineString') return null;
  const name = typeof props['name'] === 'string' ? props['name'].trim().slice(0, 100) || null : null;
  return { kind, name, geometry };
}

/**
 * A district's map context from a GeoJSON file (drawn in a GIS tool): replaces what the
 * organisation had. Features that are not a LineString or a closed Polygon are reported, not kept.
 */
export async function importDistrictGeoJson(k: Kernel, actor: Actor, orgId: string, features: FeatureIn[]) {
  const scope = authorize(actor, 'place.manage');
  return k.transaction(async (tx) => {
    const org = await findOrgById(tx, orgId);
    if (!org || !pathInScope(scope, org.path)) throw errors.notFound({ orgId });
    const rejected: string[] = [];
    const rows: (typeof districtFeatures.$inferInsert)[] = [];
    const now = k.clock.now();
    for (const [i, f] of features.entries()) {
      const parsed = parseDistrictFeature(f);
      if (parsed) rows.push({ id: newId(), orgId, ...parsed, createdAt: now });
      else rejected.push(`#${i + 1}`);
    }
    await tx.delete(districtFeatures).where(eq(districtFeatures.orgId, orgId));
    if (rows.length) await tx.insert(districtFeatures).values(rows);
    await audit(tx, k.clock, actor, {
      action: 'place.import_district',
      targetType: 'org',
      targetId: orgId,
      orgId,
      details: { imported: rows.length, rejected: rejected.length },
    });
    return { imported: rows.length, rejected: rejected.slice(0, 100) };
  });
}

/**
 * The context a scope sees: features held by an organisation above or inside what it reaches
 * (the police station's schools lie in the district whose roads are drawn).
 */
export async function districtFeaturesFor(ex: Executor, scope: Scope, limit = DISTRICT_FEATURE_LIMIT) {
  const reach = scope.all
    ? sql`true`
    : scope.paths.length === 0
      ? sql`false`
      : sql`(${sql.join(
          scope.paths.map((p) => sql`${p} like ${orgs.path} || '%' or ${orgs.path} like ${p} || '%'`),
          sql` or `,
        )})`;
  const found = await ex
    .select({
      id: districtFeatures.id,
      kind: districtFeatures.kind,
      name: districtFeatures.name,
      geometry: districtFeatures.geometry,
    })
    .from(districtFeatures)
    .innerJoin(orgs, and(eq(orgs.id, districtFeatures.orgId), reach))
    .limit(limit);
  return {
    type: 'FeatureCollection' as const,
    features: found.map((f) => ({
      type: 'Feature' as const,
      id: f.id,
      geometry: f.geometry,
      properties: { kind: f.kind, name: f.name },
    })),
  };
}
