import {
  authorize,
  gridInScope,
  pathInScope,
  scopeFor,
  type Actor,
  type Scope,
} from '../../kernel/access/index.js';
import { audit, type AuditAction } from '../../kernel/audit/audit.js';
import { escapeLike, type Executor } from '../../kernel/db.js';
import { errors } from '../../kernel/errors.js';
import { appendEvent } from '../../kernel/events/index.js';
import { newId } from '../../kernel/ids.js';
import type { Kernel } from '../../kernel/kernel.js';
import { findOrgById, listOrgSubtree, type OrgRow } from '../orgs/index.js';
import { listStudents, maskPhone, phoneView, presentStudent } from '../people/index.js';
import { sql } from 'drizzle-orm';
import {
  listPlacesWhere,
  placesByIds,
  presentPlace,
  requireSchool,
  type PlaceKind,
} from '../places/index.js';
import { gridErrors } from './grids.errors.js';
import { GRID_EVENTS } from './grids.events.js';
import { CoverageRollup } from './grids.coverage.js';
import { canHoldLevel, gridPath, kindOfLevel } from './grids.model.js';
import * as repo from './grids.repository.js';
import type { CreateGridInput, GridFilter, UpdateGridInput } from './grids.schemas.js';
import type { MemberPosition } from './grids.tables.js';

export class GridsService {
  /** the stored coverage reports (their job and event consumer are wired at composition) */
  readonly rollup: CoverageRollup;

  constructor(private readonly k: Kernel) {
    this.rollup = new CoverageRollup(k);
  }

  /** May the actor change this grid's content (name, duties, members, outline, sub-grids)? */
  private canManage(actor: Actor, g: { orgPath: string; grid: { path: string } }): boolean {
    const scope = scopeFor(actor, 'grid.manage');
    return !!scope && gridInScope(scope, g.orgPath, g.grid.path);
  }

  /**
   * May the actor change this grid's structure (leader, code, coverage, deletion)? Only from
   * above: the organisation, or a grid strictly higher up. A leader cannot re-appoint themselves.
   */
  private canRestructure(actor: Actor, g: { orgPath: string; grid: { path: string } }): boolean {
    const scope = scopeFor(actor, 'grid.manage');
    if (!scope) return false;
    if (pathInScope(scope, g.orgPath)) return true;
    return !scope.all && (scope.gridPaths ?? []).some((p) => g.grid.path.startsWith(p) && g.grid.path !== p);
  }

  private present(actor: Actor, r: repo.GridListItem) {
    const contacts = scopeFor(actor, 'grid.contacts');
    const showPhone = !!contacts && gridInScope(contacts, r.orgPath, r.grid.path);
    const g = r.grid;
    return {
      id: g.id,
      schoolId: g.schoolId,
      orgId: g.orgId,
      orgName: r.orgName,
      kind: g.kind,
      level: g.level,
      parentId: g.parentId,
      code: g.code,
      name: g.name,
      leaderUserId: g.leaderUserId,
      leaderName: r.leaderName,
      leaderPhone: showPhone ? r.leaderPhone : maskPhone(r.leaderPhone),
      responsibilities: g.responsibilities,
      outline: g.outline,
      memberCount: r.memberCount,
      childCount: r.childCount,
      canManage: this.canManage(actor, r),
      canRestructure: this.canRestructure(actor, r),
      version: g.version,
    };
  }

  /**
   * The grids the actor sees: all that match (the old flat list), or one page with its total,
   * or a tree lazily (roots=true, then parentId=… per expanded grid); withAncestors adds what a
   * search needs to show its matches in the tree.
   */
  async list(actor: Actor, f: GridFilter) {
    const scope = authorize(actor, 'grid.read');
    const [items, total] = await Promise.all([
      repo.listGrids(this.k.db, scope, f),
      f.pageSize ? repo.countGrids(this.k.db, scope, f) : undefined,
    ]);
    let ancestors: typeof items | undefined;
    if (f.withAncestors === 'true') {
      const listed = new Set(items.map((r) => r.grid.id));
      const ids = new Set(items.flatMap((r) => r.grid.path.split('/').filter((id) => id && !listed.has(id))));
      ancestors = await repo.gridsByIds(this.k.db, scope, [...ids]);
    }
    return {
      items: items.map((r) => this.present(actor, r)),
      ...(total === undefined ? {} : { total }),
      ...(ancestors ? { ancestors: ancestors.map((r) => this.present(actor, r)) } : {}),
    };
  }

  async exportRows(actor: Actor, f: GridFilter) {
    const { page: _page, pageSize: _size, withAncestors: _a, ...all } = f;
    return (await this.list(actor, all)).items;
  }

  private async find(ex: Executor, scope: Scope, id: string) {
    const r = await repo.findGridInScope(ex, scope, id);
    if (!r) throw errors.notFound({ id });
    return r;
  }

  async get(actor: Actor, id: string) {
    const scope = authorize(actor, 'grid.read');
    const r = await this.find(this.k.db, scope, id);
    return this.detail(this.k.db, actor, r);
  }

  private async detail(ex: Executor, actor: Actor, r: repo.GridListItem) {
    const contacts = scopeFor(actor, 'grid.contacts');
    const showPhone = !!contacts && gridInScope(contacts, r.orgPath, r.grid.path);
    const [bindings, members, ancestors, stats] = await Promise.all([
      repo.bindingsOf(ex, r.grid.id),
      repo.membersOf(ex, r.grid.id),
      repo.ancestorsOf(ex, r.grid.path),
      repo.gridStats(ex, r.grid.id),
    ]);
    return {
      ...this.present(actor, r),
      bindings,
      members: members.map((m) => ({ ...m, phone: showPhone ? m.phone : maskPhone(m.phone) })),
      ancestors,
      stats,
    };
  }

  async students(actor: Actor, id: string, page: number, pageSize: number) {
    const scope = authorize(actor, 'grid.read');
    const r = await this.find(this.k.db, scope, id);
    const { items, total } = await listStudents(this.k.db, repo.studentsOfGridSql(id), page, pageSize);
    // The grid's own people handle its students directly, as do those who handle their class.
    const contacts = scopeFor(actor, 'grid.contacts');
    const ofGrid = !!contacts && gridInScope(contacts, r.orgPath, r.grid.path);
    const byOrg = phoneView(actor);
    return { items: items.map((i) => presentStudent(i, (p) => ofGrid || byOrg(p))), total };
  }

  /**
   * Buildings, floors or rooms inside what a grid covers: what its sub-grids can be bound to. A
   * grid leader holds no place permission of the school, and needs no more than this.
   */
  async places(actor: Actor, id: string, f: { kind?: PlaceKind | undefined; q?: string | undefined }) {
    const scope = authorize(actor, 'grid.read');
    await this.find(this.k.db, scope, id);
    const q = f.q ? `%${escapeLike(f.q)}%` : null;
    const where = sql`${repo.placesOfGridSql(id)}
      ${f.kind ? sql`and "places"."kind" = ${f.kind}` : sql``}
      ${q ? sql`and ("places"."name" ilike ${q} or "places"."code" ilike ${q})` : sql``}`;
    const rows = await listPlacesWhere(this.k.db, where, 500);
    return { items: rows.map(presentPlace), total: rows.length };
  }

  async create(actor: Actor, input: CreateGridInput) {
    const scope = authorize(actor, 'grid.manage');
    return this.k.transaction(async (tx) => {
      const school = await findOrgById(tx, input.schoolId);
      if (!school || school.kind !== 'school') throw errors.notFound({ schoolId: input.schoolId });
      const parent = input.parentId ? await repo.findGridInScope(tx, scope, input.parentId) : undefined;
      if (input.parentId && (!parent || parent.grid.schoolId !== school.id))
        throw errors.notFound({ parentId: input.parentId });
      if (parent ? !this.canManage(actor, parent) : !pathInScope(scope, school.path))
        throw errors.notFound({ parentId: input.parentId ?? null, schoolId: school.id });
      if (!canHoldLevel(parent?.grid.level ?? null, input.level))
        throw gridErrors.badLevel({ parent: parent?.grid.level ?? null, level: input.level });
      if (await repo.findGridByCode(tx, school.id, input.code))
        throw gridErrors.codeTaken({ code: input.code });
      const org = input.orgId ? await this.orgOfSchool(tx, school, input.orgId) : undefined;
      if (input.leaderUserId) await this.checkUser(tx, school.path, input.leaderUserId);
      const id = newId();
      const now = this.k.clock.now();
      await repo.insertGrids(tx, [
        {
          id,
          orgId: org?.id ?? parent?.grid.orgId ?? school.id,
          schoolId: school.id,
          kind: kindOfLevel(input.level),
          level: input.level,
          parentId: parent?.grid.id ?? null,
          path: gridPath(parent?.grid.path ?? null, id),
          code: input.code,
          name: input.name,
          leaderUserId: input.leaderUserId ?? null,
          responsibilities: input.responsibilities ?? [],
          outline: input.outline ?? null,
          createdAt: now,
          updatedAt: now,
        },
      ]);
      await this.changed(tx, actor, 'grid.create', id, school.id, { code: input.code, level: input.level });
      return this.detail(tx, actor, (await repo.findGridInScope(tx, { all: true }, id))!);
    });
  }

  async update(actor: Actor, id: string, patch: UpdateGridInput) {
    const scope = authorize(actor, 'grid.manage');
    return this.k.transaction(async (tx) => {
      const cur = await this.find(tx, scope, id);
      if (!this.canManage(actor, cur)) throw errors.notFound({ id });
      const structural =
        patch.leaderUserId !== undefined || (patch.code !== undefined && patch.code !== cur.grid.code);
      if (structural && !this.canRestructure(actor, cur)) throw gridErrors.structureOnlyAbove();
      if (patch.version !== undefined && patch.version !== cur.grid.version)
        throw errors.conflict({ version: cur.grid.version });
      const school = (await findOrgById(tx, cur.grid.schoolId))!;
      if (
        patch.code &&
        patch.code !== cur.grid.code &&
        (await repo.findGridByCode(tx, school.id, patch.code))
      )
        throw gridErrors.codeTaken({ code: patch.code });
      if (patch.leaderUserId) await this.checkUser(tx, school.path, patch.leaderUserId);
      const { version: _v, ...changes } = patch;
      await repo.updateGrid(tx, id, {
        ...changes,
        outline: changes.outline,
        version: cur.grid.version + 1,
        updatedAt: this.k.clock.now(),
      });
      await this.changed(tx, actor, 'grid.update', id, cur.grid.orgId, {
        changes: { ...changes, outline: changes.outline === undefined ? undefined : 'changed' },
      });
      return this.detail(tx, actor, (await repo.findGridInScope(tx, { all: true }, id))!);
    });
  }

  async remove(actor: Actor, id: string) {
    const scope = authorize(actor, 'grid.manage');
    await this.k.transaction(async (tx) => {
      const cur = await this.find(tx, scope, id);
      if (!this.canManage(actor, cur)) throw errors.notFound({ id });
      if (!this.canRestructure(actor, cur)) throw gridErrors.structureOnlyAbove();
      if (cur.childCount > 0) throw gridErrors.hasChildren();
      await repo.deleteGrid(tx, id);
      await this.changed(tx, actor, 'grid.delete', id, cur.grid.orgId, {
        code: cur.grid.code,
        name: cur.grid.name,
      });
    });
  }

  /** What the grid covers: organisations (campus, college, class) and places (buildings, floors, rooms). */
  async setBindings(actor: Actor, id: string, input: { orgIds: string[]; placeIds: string[] }) {
    const scope = authorize(actor, 'grid.manage');
    return this.k.transaction(async (tx) => {
      const cur = await this.find(tx, scope, id);
      if (!this.canManage(actor, cur)) throw errors.notFound({ id });
      if (!this.canRestructure(actor, cur)) throw gridErrors.structureOnlyAbove();
      const school = (await findOrgById(tx, cur.grid.schoolId))!;
      const orgIds = [...new Set(input.orgIds)];
      const placeIds = [...new Set(input.placeIds)];
      const orgsOk = (await listOrgSubtree(tx, school.path)).filter((o) => orgIds.includes(o.id));
      const placesOk = (await placesByIds(tx, placeIds)).filter((p) => p.schoolId === school.id);
      const virtualOrgKinds = ['college', 'class', 'department'];
      const fits =
        orgsOk.length === orgIds.length &&
        placesOk.length === placeIds.length &&
        orgsOk.every((o) =>
          cur.grid.kind === 'virtual'
            ? virtualOrgKinds.includes(o.kind)
            : ['school', 'campus'].includes(o.kind),
        ) &&
        placesOk.every((p) =>
          cur.grid.kind === 'virtual'
            ? p.kind === 'room' || p.kind === 'floor' || p.kind === 'building'
            : true,
        );
      if (!fits) throw gridErrors.badBinding();
      // Whoever binds (a leader below, or the grid centre), a sub-grid never reaches outside its
      // parent: a floor grid bound to another building would take that building's requests.
      if (cur.grid.parentId) {
        const outside = await repo.outsideCoverage(tx, cur.grid.parentId, placeIds, orgIds);
        if (outside.places.length || outside.orgs.length)
          throw gridErrors.outsideParent({
            parent: (await repo.gridOfSchool(tx, cur.grid.schoolId, cur.grid.parentId))!,
            places: outside.places,
            orgs: outside.orgs,
          });
      }
      await repo.replaceBindings(tx, id, [
        ...orgIds.map((orgId) => ({ id: newId(), gridId: id, orgId })),
        ...placeIds.map((placeId) => ({ id: newId(), gridId: id, placeId })),
      ]);
      await this.changed(tx, actor, 'grid.bind', id, cur.grid.orgId, {
        orgs: orgIds.length,
        places: placeIds.length,
      });
      return this.detail(tx, actor, (await repo.findGridInScope(tx, { all: true }, id))!);
    });
  }

  async addMember(actor: Actor, id: string, input: { userId: string; position: MemberPosition }) {
    const scope = authorize(actor, 'grid.manage');
    return this.k.transaction(async (tx) => {
      const cur = await this.find(tx, scope, id);
      if (!this.canManage(actor, cur)) throw errors.notFound({ id });
      const school = (await findOrgById(tx, cur.grid.schoolId))!;
      await this.checkUser(tx, school.path, input.userId);
      await repo.upsertMembers(tx, [
        {
          id: newId(),
          gridId: id,
          userId: input.userId,
          position: input.position,
          createdAt: this.k.clock.now(),
        },
      ]);
      await this.changed(tx, actor, 'grid.add_member', id, cur.grid.orgId, input);
      return this.detail(tx, actor, (await repo.findGridInScope(tx, { all: true }, id))!);
    });
  }

  async removeMember(actor: Actor, id: string, userId: string) {
    const scope = authorize(actor, 'grid.manage');
    return this.k.transaction(async (tx) => {
      const cur = await this.find(tx, scope, id);
      if (!this.canManage(actor, cur)) throw errors.notFound({ id });
      if (!(await repo.removeMember(tx, id, userId))) throw errors.notFound({ userId });
      await this.changed(tx, actor, 'grid.remove_member', id, cur.grid.orgId, { userId });
      return this.detail(tx, actor, (await repo.findGridInScope(tx, { all: true }, id))!);
    });
  }

  /**
   * 全覆盖 report of one school: gaps, overlaps and leaderless grids, per level. Kept as a rollup
   * (grids.coverage.ts): the stored report unless the school changed since; `refresh` computes it now.
   */
  async coverage(actor: Actor, schoolId: string, refresh = false) {
    const scope = authorize(actor, 'grid.read');
    const school = await requireSchool(this.k.db, scope, schoolId);
    const { report, computedAt } = await this.rollup.read(school, refresh);
    return { schoolId: school.id, schoolName: school.name, generatedAt: computedAt, ...report };
  }

  private async orgOfSchool(ex: Executor, school: OrgRow, orgId: string) {
    const org = await findOrgById(ex, orgId);
    if (!org || !org.path.startsWith(school.path)) throw gridErrors.badBinding({ orgId });
    return org;
  }

  private async checkUser(ex: Executor, schoolPath: string, userId: string) {
    if (!(await repo.userInSchool(ex, userId, schoolPath))) throw gridErrors.leaderOutsideSchool({ userId });
  }

  private async changed(
    tx: Executor,
    actor: Actor,
    action: AuditAction,
    id: string,
    orgId: string,
    details: object,
  ) {
    // Grid positions are part of the actor: cached actors are read again (other nodes: the event).
    this.k.actors.clear();
    await appendEvent(tx, this.k.clock, {
      type: GRID_EVENTS.changed,
      payload: { id, action },
      orgId,
      gridId: action === 'grid.delete' ? null : id,
      actorId: actor.userId,
    });
    await audit(tx, this.k.clock, actor, {
      action,
      targetType: 'grid',
      targetId: id,
      orgId,
      details: details as Record<string, unknown>,
    });
  }
}
