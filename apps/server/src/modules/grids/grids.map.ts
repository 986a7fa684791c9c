import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { authorize, gridInScope, orgScopeSql, scopeFor, type Actor } from '../../kernel/access/index.js';
import { rows } from '../../kernel/db.js';
import { errors } from '../../kernel/errors.js';
import type { Kernel } from '../../kernel/kernel.js';
import { maskPhone } from '../people/index.js';
import {
  attentionByBuilding,
  chinaDay,
  districtFeaturesFor,
  places,
  requireSchool,
  type PolygonGeometry,
} from '../places/index.js';
import { users } from '../identity/index.js';
import * as repo from './grids.repository.js';
import { grids } from './grids.tables.js';

/** An open request or hazard in a building, as the map's 待办事项 lists it. */
export interface OpenWorkItem {
  kind: 'request' | 'hazard';
  id: string;
  code: string;
  name: string;
  status: string;
  due: string | null;
}

/**
 * What the requests and hazards modules report open in a school's buildings, wired in the
 * composition root (they depend on grids, so grids reads them through this port).
 */
export interface OpenWorkPort {
  countsByBuilding(schoolId: string): Promise<{ building_id: string; n: number }[]>;
  inBuilding(buildingPath: string, limit: number): Promise<OpenWorkItem[]>;
}

const feature = <P>(id: string, geometry: PolygonGeometry, properties: P) => ({
  type: 'Feature' as const,
  id,
  geometry,
  properties,
});

/**
 * The campus map: the school's own GeoJSON (building outlines with heights, gates, areas, zone
 * and campus grid outlines), each building with its grid, its people and what needs attention.
 */
export class CampusMapService {
  constructor(
    private readonly k: Kernel,
    private readonly work: OpenWorkPort,
  ) {}

  async map(actor: Actor, schoolId: string) {
    const scope = authorize(actor, 'place.read');
    const school = await requireSchool(this.k.db, scope, schoolId);
    const today = chinaDay(this.k.clock.now());
    const [all, gridRows, bindingRows, studentCounts, attention] = await Promise.all([
      // Only what the map draws: buildings, gates and areas with an outline (not the school's
      // thousands of rooms and floors), and the grids at the levels it names (not every dorm
      // room's and class's grid with its member and child counts).
      this.k.db
        .select()
        .from(places)
        .where(
          and(
            eq(places.schoolId, school.id),
            inArray(places.kind, ['building', 'gate', 'area']),
            eq(places.status, 'active'),
            isNotNull(places.outline),
          ),
        ),
      this.k.db
        .select({
          grid: {
            id: grids.id,
            code: grids.code,
            name: grids.name,
            level: grids.level,
            outline: grids.outline,
          },
          leaderName: users.displayName,
        })
        .from(grids)
        .leftJoin(users, eq(users.id, grids.leaderUserId))
        .where(and(eq(grids.schoolId, school.id), inArray(grids.level, ['campus', 'zone', 'building'])))
        .orderBy(asc(grids.path)),
      rows<{ grid_id: string; place_id: string }>(
        this.k.db,
        sql`select b.grid_id, b.place_id from grid_bindings b join grids g on g.id = b.grid_id
            where g.school_id = ${school.id} and b.place_id is not null and g.level in ('zone', 'building')`,
      ),
      repo.residentsByBuilding(this.k.db, school.id),
      Promise.all([
        attentionByBuilding(this.k.db, school.id, today),
        this.work.countsByBuilding(school.id),
      ]).then((lists) => lists.flat()),
    ]);
    const gridById = new Map(gridRows.map((g) => [g.grid.id, g]));
    const gridOfPlace = new Map<string, { building?: string; zone?: string }>();
    for (const b of bindingRows) {
      const g = gridById.get(b.grid_id);
      if (!g) continue;
      const e = gridOfPlace.get(b.place_id) ?? {};
      if (g.grid.level === 'building') e.building = g.grid.id;
      else e.zone = g.grid.id;
      gridOfPlace.set(b.place_id, e);
    }
    const students = new Map(studentCounts.map((r) => [r.building_id, r.n]));
    const open = new Map<string, number>();
    for (const r of attention) open.set(r.building_id, (open.get(r.building_id) ?? 0) + r.n);
    const buildings = all
      .filter((p) => p.kind === 'building' && p.outline && p.status === 'active')
      .map((p) => {
        const g = gridOfPlace.get(p.id);
        const grid = g?.building ? gridById.get(g.building) : undefined;
        return feature(p.id, p.outline!, {
          id: p.id,
          code: p.code,
          name: p.name,
          use: p.use,
          floors: p.floors,
          height: p.height ?? (p.floors ?? 1) * 3.6,
          keyPart: p.keyPart,
          gridId: grid?.grid.id ?? null,
          gridName: grid?.grid.name ?? null,
          zoneGridId: g?.zone ?? null,
          students: students.get(p.id) ?? 0,
          openItems: open.get(p.id) ?? 0,
        });
      });
    const sites = all
      .filter((p) => (p.kind === 'gate' || p.kind === 'area') && p.outline && p.status === 'active')
      .map((p) =>
        feature(p.id, p.outline!, {
          id: p.id,
          code: p.code,
          name: p.name,
          kind: p.kind as 'gate' | 'area',
          use: p.use,
          height: p.height ?? 0,
        }),
      );
    const gridFeatures = gridRows
      .filter((g) => g.grid.outline && (g.grid.level === 'campus' || g.grid.level === 'zone'))
      .map((g) =>
        feature(g.grid.id, g.grid.outline!, {
          id: g.grid.id,
          code: g.grid.code,
          name: g.grid.name,
          level: g.grid.level,
          leaderName: g.leaderName,
        }),
      );
    const coords = [...buildings, ...sites, ...gridFeatures].flatMap((f) => f.geometry.coordinates[0]!);
    const bounds: [[number, number], [number, number]] | null = coords.length
      ? [
          [Math.min(...coords.map((c) => c[0])), Math.min(...coords.map((c) => c[1]))],
          [Math.max(...coords.map((c) => c[0])), Math.max(...coords.map((c) => c[1]))],
        ]
      : null;
    return {
      schoolId: school.id,
      schoolName: school.name,
      centre: bounds
        ? ([(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2] as [number, number])
        : null,
      bounds,
      buildings: { type: 'FeatureCollection' as const, features: buildings },
      sites: { type: 'FeatureCollection' as const, features: sites },
      grids: { type: 'FeatureCollection' as const, features: gridFeatures },
    };
  }

  /**
   * The police map: the schools the actor reads (their campus outlines, from the campus grids)
   * over the district's own roads and areas. Plain GeoJSON, no tile server.
   */
  async district(actor: Actor) {
    const scope = authorize(actor, 'place.read');
    const [schools, context] = await Promise.all([
      rows<{ id: string; name: string; outline: PolygonGeometry | null }>(
        this.k.db,
        sql`select o.id, o.name,
                   (select g.outline from grids g where g.school_id = o.id and g.level = 'campus' and g.outline is not null
                     order by g.code limit 1) as outline
            from orgs o where o.kind = 'school' and ${orgScopeSql(scope, sql.raw('o.id'))}
            order by o.name limit 500`,
      ),
      districtFeaturesFor(this.k.db, scope),
    ]);
    return {
      schools: {
        type: 'FeatureCollection' as const,
        features: schools
          .filter((s) => s.outline)
          .map((s) => feature(s.id, s.outline!, { id: s.id, name: s.name })),
      },
      context,
    };
  }

  /** One building as the map's side panel shows it. */
  async building(actor: Actor, placeId: string) {
    const scope = authorize(actor, 'place.read');
    const [b] = await rows<{
      id: string;
      code: string;
      name: string;
      use: string | null;
      floors: number | null;
      height: number | null;
      key_part: boolean;
      key_reason: string | null;
      path: string;
      school_id: string;
    }>(
      this.k.db,
      sql`select id, code, name, use, floors, height, key_part, key_reason, path, school_id from places
          where id = ${placeId} and kind = 'building' and ${orgScopeSql(scope, sql.raw('org_id'))}`,
    );
    if (!b) throw errors.notFound({ placeId });
    const today = chinaDay(this.k.clock.now());
    const [grids, [counts], [residents], keyParts, items, work] = await Promise.all([
      rows<{
        id: string;
        name: string;
        level: 'zone' | 'building';
        org_path: string;
        path: string;
        leader_name: string | null;
        leader_phone: string | null;
      }>(
        this.k.db,
        sql`select g.id, g.name, g.level, o.path as org_path, g.path, u.display_name as leader_name, u.phone as leader_phone
            from grid_bindings gb join grids g on g.id = gb.grid_id join orgs o on o.id = g.org_id
            left join users u on u.id = g.leader_user_id
            where gb.place_id = ${b.id} and g.level in ('zone', 'building')`,
      ),
      rows<{ rooms: number; beds: number }>(
        this.k.db,
        sql`select count(*) filter (where p.kind = 'room')::int as rooms,
                   coalesce(sum(p.capacity) filter (where p.kind = 'room' and p.use = 'dormitory'), 0)::int as beds
            from places p where p.path like ${b.path} || '_%'`,
      ),
      repo.residentsByBuilding(this.k.db, b.school_id, b.id),
      rows<{ id: string; code: string; name: string; reason: string | null }>(
        this.k.db,
        sql`select id, code, name, key_reason as reason from places where path like ${b.path} || '_%' and key_part order by code limit 50`,
      ),
      rows<{ id: string; code: string; name: string; status: string; due: string | null }>(
        this.k.db,
        sql`select e.id, e.code, e.name, e.status, e.next_inspection_due::text as due
            from equipment e join places p on p.id = e.place_id
            where p.path like ${b.path} || '%' and (e.status in ('faulty', 'expired') or e.next_inspection_due < ${today}::date)
            order by e.next_inspection_due nulls last limit 50`,
      ),
      this.work.inBuilding(b.path, 50),
    ]);
    const grid = grids.find((g) => g.level === 'building');
    const zone = grids.find((g) => g.level === 'zone');
    const contacts = scopeFor(actor, 'grid.contacts');
    return {
      id: b.id,
      code: b.code,
      name: b.name,
      use: b.use,
      floors: b.floors,
      height: b.height,
      keyPart: b.key_part,
      keyReason: b.key_reason,
      grid: grid
        ? {
            id: grid.id,
            name: grid.name,
            level: grid.level,
            leaderName: grid.leader_name,
            leaderPhone:
              contacts && gridInScope(contacts, grid.org_path, grid.path)
                ? grid.leader_phone
                : maskPhone(grid.leader_phone),
          }
        : null,
      zone: zone ? { id: zone.id, name: zone.name } : null,
      rooms: counts?.rooms ?? 0,
      beds: counts?.beds ?? 0,
      students: residents?.n ?? 0,
      keyParts,
      openItems: [
        ...work.filter((w) => w.kind === 'hazard'),
        ...work.filter((w) => w.kind === 'request'),
        ...items.map((i) => ({ kind: 'equipment' as const, ...i })),
      ],
    };
  }
}
