import { authorize, pathInScope, type Actor, type Scope } from '../../kernel/access/index.js';
import { audit, type AuditAction } from '../../kernel/audit/audit.js';
import type { Executor } from '../../kernel/db.js';
import { errors } from '../../kernel/errors.js';
import { appendEvent } from '../../kernel/events/index.js';
import { newId } from '../../kernel/ids.js';
import type { Kernel } from '../../kernel/kernel.js';
import { findOrgById, schoolOf } from '../orgs/index.js';
import { locateInSchool } from './locate.js';
import { placeErrors } from './places.errors.js';
import { PLACE_EVENTS } from './places.events.js';
import { canHold, centreOf, chinaDay, placePath } from './places.model.js';
import { importDistrictGeoJson } from './places.district.js';
import * as repo from './places.repository.js';
import {
  polygonSchema,
  type CreateEquipmentInput,
  type CreatePlaceInput,
  type EquipmentFilter,
  type PlaceFilter,
  type UpdateEquipmentInput,
  type UpdatePlaceInput,
} from './places.schemas.js';

export const EXPORT_LIMIT = 100_000;

export function presentPlace(r: { place: repo.PlaceRow; parentName: string | null }) {
  const p = r.place;
  return {
    id: p.id,
    schoolId: p.schoolId,
    orgId: p.orgId,
    parentId: p.parentId,
    parentName: r.parentName,
    kind: p.kind,
    code: p.code,
    name: p.name,
    use: p.use,
    floors: p.floors,
    height: p.height,
    floor: p.floor,
    capacity: p.capacity,
    keyPart: p.keyPart,
    keyReason: p.keyReason,
    lon: p.lon,
    lat: p.lat,
    outline: p.outline,
    status: p.status,
  };
}

export function presentEquipment(
  r: { equipment: repo.EquipmentRow; placeName: string | null; placeCode: string | null },
  today: string,
) {
  const e = r.equipment;
  return {
    id: e.id,
    schoolId: e.schoolId,
    placeId: e.placeId,
    placeName: r.placeName,
    placeCode: r.placeCode,
    kind: e.kind,
    code: e.code,
    name: e.name,
    model: e.model,
    quantity: e.quantity,
    status: e.status,
    lastInspectedOn: e.lastInspectedOn,
    nextInspectionDue: e.nextInspectionDue,
    overdue: !!e.nextInspectionDue && e.nextInspectionDue < today && e.status !== 'retired',
    notes: e.notes,
  };
}

/** A school the actor may reach with a permission, or 404. */
export async function requireSchool(ex: Executor, scope: Scope, schoolId: string) {
  const school = await findOrgById(ex, schoolId);
  if (!school || !pathInScope(scope, school.path)) throw errors.notFound({ schoolId });
  if (school.kind !== 'school') throw placeErrors.notSchool();
  return school;
}

export class PlacesService {
  constructor(private readonly k: Kernel) {}

  private today() {
    return chinaDay(this.k.clock.now());
  }

  async list(actor: Actor, f: PlaceFilter) {
    const scope = authorize(actor, 'place.read');
    const { items, total } = await repo.listPlaces(this.k.db, scope, f);
    return { items: items.map(presentPlace), total };
  }

  async exportRows(actor: Actor, f: PlaceFilter) {
    const scope = authorize(actor, 'place.read');
    const { items } = await repo.listPlaces(this.k.db, scope, { ...f, page: 1 }, EXPORT_LIMIT);
    return items.map(presentPlace);
  }

  async get(actor: Actor, id: string) {
    const scope = authorize(actor, 'place.read');
    const r = await repo.findPlaceInScope(this.k.db, scope, id);
    if (!r) throw errors.notFound({ id });
    return presentPlace(r);
  }

  /**
   * The building, gate or area of the caller's own school where a phone stands (or the nearest,
   * with its distance): what 使用我的位置 proposes. Anyone who may raise an SOS may ask.
   */
  async locate(actor: Actor, lon: number, lat: number) {
    authorize(actor, 'alarm.sos');
    let school: Awaited<ReturnType<typeof schoolOf>>;
    for (const m of actor.memberships) {
      school = await schoolOf(this.k.db, m.orgId);
      if (school) break;
    }
    if (!school) throw placeErrors.noSchool();
    const found = await locateInSchool(this.k.db, school.id, lon, lat);
    return {
      schoolId: school.id,
      place: found
        ? { id: found.place.id, kind: found.place.kind, code: found.place.code, name: found.place.name }
        : null,
      inside: found?.inside ?? false,
      distance: found ? found.distance : null,
    };
  }

  async create(actor: Actor, input: CreatePlaceInput) {
    const scope = authorize(actor, 'place.manage');
    return this.k.transaction(async (tx) => {
      const school = await requireSchool(tx, scope, input.schoolId);
      const parent = input.parentId ? await repo.findPlaceInScope(tx, scope, input.parentId) : undefined;
      if (input.parentId && (!parent || parent.place.schoolId !== school.id))
        throw errors.notFound({ parentId: input.parentId });
      if (!canHold(parent?.place.kind ?? null, input.kind))
        throw placeErrors.badParent({ parent: parent?.place.kind ?? null, kind: input.kind });
      if (await repo.findPlaceByCode(tx, school.id, input.code))
        throw placeErrors.codeTaken({ code: input.code });
      const id = newId();
      const now = this.k.clock.now();
      const centre = input.outline ? centreOf(input.outline) : undefined;
      await repo.insertPlaces(tx, [
        {
          id,
          orgId: parent?.place.orgId ?? school.id,
          schoolId: school.id,
          parentId: parent?.place.id ?? null,
          path: placePath(parent?.place.path ?? null, id),
          kind: input.kind,
          code: input.code,
          name: input.name,
          use: input.use ?? parent?.place.use ?? null,
          floors: input.floors ?? null,
          height: input.height ?? null,
          floor: input.floor ?? parent?.place.floor ?? null,
          capacity: input.capacity ?? null,
          keyPart: input.keyPart ?? false,
          keyReason: input.keyReason ?? null,
          outline: input.outline ?? null,
          lon: input.lon ?? centre?.[0] ?? null,
          lat: input.lat ?? centre?.[1] ?? null,
          createdAt: now,
          updatedAt: now,
        },
      ]);
      await this.changed(tx, actor, 'place.create', id, school.id, { code: input.code, kind: input.kind });
      return presentPlace((await repo.findPlaceInScope(tx, scope, id))!);
    });
  }

  async update(actor: Actor, id: string, patch: UpdatePlaceInput) {
    const scope = authorize(actor, 'place.manage');
    return this.k.transaction(async (tx) => {
      const cur = await repo.findPlaceInScope(tx, scope, id);
      if (!cur) throw errors.notFound({ id });
      if (
        patch.code &&
        patch.code !== cur.place.code &&
        (await repo.findPlaceByCode(tx, cur.place.schoolId, patch.code))
      )
        throw placeErrors.codeTaken({ code: patch.code });
      const outline = patch.outline;
      const centre = outline ? centreOf(outline) : undefined;
      await repo.updatePlace(tx, id, {
        ...patch,
        outline,
        ...(centre && patch.lon === undefined ? { lon: centre[0], lat: centre[1] } : {}),
        updatedAt: this.k.clock.now(),
      });
      await this.changed(tx, actor, 'place.update', id, cur.place.orgId, {
        changes: { ...patch, outline: outline === undefined ? undefined : outline ? 'changed' : 'removed' },
      });
      return presentPlace((await repo.findPlaceInScope(tx, scope, id))!);
    });
  }

  /**
   * Outlines from a GeoJSON file (drawn in a GIS tool or exported from a CAD plan): each Polygon
   * feature whose `code` property matches a place of the school replaces that place's outline;
   * `height` and `floors` properties are taken too. Unmatched features are reported, not created.
   */
  async importGeoJson(
    actor: Actor,
    schoolId: string,
    features: { geometry: unknown; properties: Record<string, unknown> | null }[],
  ) {
    const scope = authorize(actor, 'place.manage');
    return this.k.transaction(async (tx) => {
      const school = await requireSchool(tx, scope, schoolId);
      const byCode = new Map((await repo.placesOfSchool(tx, school.id)).map((p) => [p.code, p]));
      const unmatched: string[] = [];
      let updated = 0;
      for (const [i, f] of features.entries()) {
        const props = f.properties ?? {};
        const raw = props['code'];
        const code = typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : '';
        const place = byCode.get(code);
        const parsed = polygonSchema.safeParse(f.geometry);
        if (!place || !parsed.success) {
          unmatched.push(code || `#${i + 1}`);
          continue;
        }
        const g = parsed.data;
        const num = (v: unknown) =>
          typeof v === 'number' && Number.isFinite(v) && v >= 0 && v < 1000 ? v : undefined;
        const [lon, lat] = centreOf(g);
        await repo.updatePlace(tx, place.id, {
          outline: { type: 'Polygon', coordinates: g.coordinates },
          lon,
          lat,
          height: num(props['height']) ?? place.height,
          floors: num(props['floors']) !== undefined ? Math.round(num(props['floors'])!) : place.floors,
          updatedAt: this.k.clock.now(),
        });
        updated++;
      }
      await this.changed(tx, actor, 'place.import_geojson', null, school.id, {
        updated,
        unmatched: unmatched.length,
      });
      return { updated, unmatched };
    });
  }

  /** A district's roads and areas for the police map (replaces the organisation's former ones). */
  importDistrict(actor: Actor, orgId: string, features: Parameters<typeof importDistrictGeoJson>[3]) {
    return importDistrictGeoJson(this.k, actor, orgId, features);
  }

  async listEquipment(actor: Actor, f: EquipmentFilter) {
    const scope = authorize(actor, 'place.read');
    const today = this.today();
    const { items, total } = await repo.listEquipment(this.k.db, scope, f, today);
    return { items: items.map((r) => presentEquipment(r, today)), total };
  }

  async exportEquipment(actor: Actor, f: EquipmentFilter) {
    const scope = authorize(actor, 'place.read');
    const today = this.today();
    const { items } = await repo.listEquipment(this.k.db, scope, { ...f, page: 1 }, today, EXPORT_LIMIT);
    return items.map((r) => presentEquipment(r, today));
  }

  async createEquipment(actor: Actor, input: CreateEquipmentInput) {
    const scope = authorize(actor, 'place.manage');
    return this.k.transaction(async (tx) => {
      const school = await requireSchool(tx, scope, input.schoolId);
      const place = input.placeId ? await repo.findPlaceInScope(tx, scope, input.placeId) : undefined;
      if (input.placeId && (!place || place.place.schoolId !== school.id))
        throw errors.notFound({ placeId: input.placeId });
      if (await repo.equipmentCodeTaken(tx, school.id, input.code))
        throw placeErrors.equipmentCodeTaken({ code: input.code });
      const id = newId();
      const now = this.k.clock.now();
      await repo.upsertEquipment(tx, [
        {
          id,
          orgId: school.id,
          schoolId: school.id,
          placeId: place?.place.id ?? null,
          kind: input.kind,
          code: input.code,
          name: input.name,
          model: input.model ?? null,
          quantity: input.quantity ?? 1,
          status: input.status ?? 'normal',
          lastInspectedOn: input.lastInspectedOn ?? null,
          nextInspectionDue: input.nextInspectionDue ?? null,
          notes: input.notes ?? null,
          createdAt: now,
          updatedAt: now,
        },
      ]);
      await this.equipmentChanged(tx, actor, 'equipment.create', id, school.id, { code: input.code });
      return presentEquipment((await repo.findEquipmentInScope(tx, scope, id))!, this.today());
    });
  }

  async updateEquipment(actor: Actor, id: string, patch: UpdateEquipmentInput) {
    const scope = authorize(actor, 'place.manage');
    return this.k.transaction(async (tx) => {
      const cur = await repo.findEquipmentInScope(tx, scope, id);
      if (!cur) throw errors.notFound({ id });
      if (patch.placeId) {
        const place = await repo.findPlaceInScope(tx, scope, patch.placeId);
        if (!place || place.place.schoolId !== cur.equipment.schoolId)
          throw errors.notFound({ placeId: patch.placeId });
      }
      if (patch.code && patch.code !== cur.equipment.code) {
        if (await repo.equipmentCodeTaken(tx, cur.equipment.schoolId, patch.code))
          throw placeErrors.equipmentCodeTaken({ code: patch.code });
      }
      await repo.updateEquipment(tx, id, { ...patch, updatedAt: this.k.clock.now() });
      await this.equipmentChanged(tx, actor, 'equipment.update', id, cur.equipment.schoolId, {
        changes: patch,
      });
      return presentEquipment((await repo.findEquipmentInScope(tx, scope, id))!, this.today());
    });
  }

  private async changed(
    tx: Executor,
    actor: Actor,
    action: AuditAction,
    id: string | null,
    orgId: string,
    details: Record<string, unknown>,
  ) {
    await appendEvent(tx, this.k.clock, {
      type: PLACE_EVENTS.changed,
      payload: { id, action },
      orgId,
      actorId: actor.userId,
    });
    await audit(tx, this.k.clock, actor, {
      action,
      targetType: 'place',
      targetId: id ?? undefined,
      orgId,
      details,
    });
  }

  private async equipmentChanged(
    tx: Executor,
    actor: Actor,
    action: AuditAction,
    id: string,
    orgId: string,
    details: Record<string, unknown>,
  ) {
    await appendEvent(tx, this.k.clock, {
      type: PLACE_EVENTS.equipmentChanged,
      payload: { id, action },
      orgId,
      actorId: actor.userId,
    });
    await audit(tx, this.k.clock, actor, { action, targetType: 'equipment', targetId: id, orgId, details });
  }
}
