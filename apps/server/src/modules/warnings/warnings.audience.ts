import { sql, type SQL } from 'drizzle-orm';
import { escapeLike, rows, type Executor } from '../../kernel/db.js';
import { errors } from '../../kernel/errors.js';
import { ringOf, type Audience } from './warnings.model.js';

/** The organisations and grids of an audience, as found (each with the path it reaches). */
export interface AudienceTargets {
  orgs: { id: string; path: string; name: string; kind: string }[];
  grids: { id: string; path: string; orgPath: string; schoolId: string; name: string }[];
}

/** LIKE patterns for everything under some paths, as a PostgreSQL text[] literal. */
function under(paths: string[]): SQL {
  const items = paths.map((p) => `"${escapeLike(p).replace(/["\\]/g, (c) => `\\${c}`)}%"`);
  return sql`${`{${items.join(',')}}`}::text[]`;
}

const idArray = (ids: string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

/** Look up an audience's organisations and grids; an unknown one is a bad reference (400). */
export async function targetsOf(ex: Executor, a: Audience): Promise<AudienceTargets> {
  const [orgs, grids] = await Promise.all([
    a.orgIds.length
      ? rows<AudienceTargets['orgs'][number]>(
          ex,
          sql`select id, path, name, kind from orgs where id = any(${idArray(a.orgIds)})`,
        )
      : [],
    a.gridIds.length
      ? rows<{ id: string; path: string; org_path: string; school_id: string; name: string }>(
          ex,
          sql`select g.id, g.path, o.path as org_path, g.school_id, g.name
              from grids g join orgs o on o.id = g.org_id where g.id = any(${idArray(a.gridIds)})`,
        )
      : [],
  ]);
  if (orgs.length !== new Set(a.orgIds).size || grids.length !== new Set(a.gridIds).size)
    throw errors.unknownReference({ orgIds: a.orgIds, gridIds: a.gridIds });
  return {
    orgs,
    grids: grids.map((g) => ({
      id: g.id,
      path: g.path,
      orgPath: g.org_path,
      schoolId: g.school_id,
      name: g.name,
    })),
  };
}

/** The organisation paths an audience touches (a grid by its owning organisation). */
export function audiencePaths(t: AudienceTargets): string[] {
  return [...t.orgs.map((o) => o.path), ...t.grids.map((g) => g.orgPath)];
}

/**
 * The persons of an audience, as one SQL query of user ids: active users of the organisations
 * (by home organisation or a role held there; only those holding one of `roles` when given), and
 * the leaders and members of the grids and the grids under them.
 */
function personsOf(a: Audience, t: AudienceTargets): SQL {
  const parts: SQL[] = [];
  const orgPaths = t.orgs.map((o) => o.path);
  if (orgPaths.length) {
    const roleFilter = a.roles.length ? sql` and m.role = any(${`{${a.roles.join(',')}}`}::text[])` : sql``;
    parts.push(sql`select m.user_id as id from memberships m join orgs o on o.id = m.org_id
                   where o.path like any(${under(orgPaths)})${roleFilter}`);
    if (!a.roles.length)
      parts.push(sql`select u.id from users u join orgs o on o.id = u.org_id
                     where o.path like any(${under(orgPaths)})`);
  }
  const gridPaths = t.grids.map((g) => g.path);
  if (gridPaths.length) {
    parts.push(sql`select g.leader_user_id as id from grids g
                   where g.leader_user_id is not null and g.path like any(${under(gridPaths)})`);
    parts.push(sql`select gm.user_id as id from grid_members gm join grids g on g.id = gm.grid_id
                   where g.path like any(${under(gridPaths)})`);
  }
  if (!parts.length) return sql`select null::uuid as id where false`;
  return sql.join(parts, sql` union `);
}

/** How many persons an audience reaches now (the compose page's preview). */
export async function countPersons(ex: Executor, a: Audience, t: AudienceTargets): Promise<number> {
  const [r] = await rows<{ n: number | string }>(
    ex,
    sql`select count(*) as n from users u where u.status = 'active' and u.id in (${personsOf(a, t)})`,
  );
  return Number(r?.n ?? 0);
}

/**
 * Resolve the audience into recipients in one statement (10,000 persons are one INSERT … SELECT,
 * no round trip per person). The unit each is counted under: for one school, the organisation
 * right under the school their home organisation lies in (a college, a department), else the
 * school; for several schools, their school.
 */
export async function insertRecipients(
  ex: Executor,
  warningId: string,
  a: Audience,
  t: AudienceTargets,
  schoolIds: string[],
): Promise<number> {
  const unit =
    schoolIds.length === 1
      ? sql`coalesce(
          (select x.id from orgs x where x.parent_id = ${schoolIds[0]} and h.path like x.path || '%' limit 1),
          (select s.id from orgs s where s.id = ${schoolIds[0]} and h.path like s.path || '%'),
          h.id)`
      : sql`coalesce((select s.id from orgs s where s.kind = 'school' and h.path like s.path || '%' limit 1), h.id)`;
  const r = await rows<{ n: number | string }>(
    ex,
    sql`with ins as (
          insert into warning_recipients (warning_id, user_id, unit_id)
          select ${warningId}, u.id, ${unit}
          from users u join orgs h on h.id = u.org_id
          where u.status = 'active' and u.id in (${personsOf(a, t)})
          on conflict do nothing
          returning 1)
        select count(*) as n from ins`,
  );
  return Number(r[0]?.n ?? 0);
}

/** The schools an audience lies in, with their names (an organisation's school, a grid's school). */
export async function schoolsOf(ex: Executor, t: AudienceTargets): Promise<{ id: string; name: string }[]> {
  const paths = t.orgs.map((o) => o.path);
  const gridSchools = [...new Set(t.grids.map((g) => g.schoolId))];
  if (!paths.length && !gridSchools.length) return [];
  const byPath = paths.length
    ? sql`exists (select 1 from unnest(${`{${paths.join(',')}}`}::text[]) p where p like s.path || '%')`
    : sql`false`;
  const byId = gridSchools.length ? sql`s.id = any(${idArray(gridSchools)})` : sql`false`;
  return rows<{ id: string; name: string }>(
    ex,
    sql`select s.id, s.name from orgs s where s.kind = 'school' and (${byPath} or ${byId}) order by s.name`,
  );
}

/** The school's outline from its campus grid (where the school has drawn one), as a CAP polygon. */
export async function schoolPolygon(ex: Executor, schoolId: string): Promise<[number, number][] | null> {
  const [r] = await rows<{ outline: { coordinates: [number, number][][] } | null }>(
    ex,
    sql`select g.outline from grids g where g.school_id = ${schoolId} and g.level = 'campus'
          and g.outline is not null order by g.code limit 1`,
  );
  return ringOf(r?.outline ?? null);
}
