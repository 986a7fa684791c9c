import { and, eq } from 'drizzle-orm';
import { newId } from '../../kernel/ids.js';
import { issue, type Importer, type RowIssue } from '../../kernel/sheets/index.js';
import { checkCode, checkInt, checkYesNo, fromLabel } from './places.import-checks.js';
import { placePath } from './places.model.js';
import * as repo from './places.repository.js';
import { PLACE_KIND_LABELS, PLACE_USE_LABELS } from './places.sheets.js';
import { places, type PlaceUse } from './places.tables.js';

type PlaceRow = repo.PlaceRow;

interface RoomRow {
  code: string;
  name: string;
  buildingCode: string;
  buildingName: string;
  floor: number;
  use: PlaceUse | null;
  capacity: number | null;
  keyPart: boolean;
  keyReason: string | null;
}

interface RoomPrep {
  byCode: Map<string, PlaceRow>;
  floors: Map<string, PlaceRow>;
}

/** 房间导入: buildings and floors are created as needed; a room moves if its building changes. */
export const roomsImporter: Importer<RoomPrep, RoomRow> = {
  kind: 'rooms',
  tables: ['places'],
  title: { zh: '房间', en: 'Rooms' },
  permission: 'place.manage',
  keyColumn: 'code',
  columns: [
    {
      key: 'buildingCode',
      header: '楼栋编号',
      headerEn: 'Building code',
      required: true,
      note: '如 S3；新楼栋会自动建立',
    },
    {
      key: 'buildingName',
      header: '楼栋名称',
      headerEn: 'Building name',
      note: '新楼栋必填，如 学生公寓3号楼',
    },
    {
      key: 'floor',
      header: '楼层',
      headerEn: 'Floor',
      required: true,
      note: '整数，地下为负数',
      example: '2',
    },
    { key: 'code', header: '房间编号', headerEn: 'Room code', required: true, note: '全校唯一，如 S3-0212' },
    { key: 'name', header: '房间名称', headerEn: 'Room name', note: '不填则与房间编号相同' },
    {
      key: 'use',
      header: '用途',
      headerEn: 'Use',
      note: Object.values(PLACE_USE_LABELS).join('、'),
      example: PLACE_USE_LABELS.dormitory,
    },
    { key: 'capacity', header: '床位/座位数', headerEn: 'Beds/seats', note: '宿舍填床位数', example: '6' },
    { key: 'keyPart', header: '重点部位', headerEn: 'Key part', note: '是 / 否', example: '否' },
    {
      key: 'keyReason',
      header: '重点部位原因',
      headerEn: 'Key part reason',
      note: '重点部位必填，如 配电房、危化品存放',
      example: '',
    },
  ],
  async prepare(ex, ctx) {
    const all = await repo.placesOfSchool(ex, ctx.school.id);
    const floors = new Map<string, PlaceRow>();
    for (const p of all) if (p.kind === 'floor' && p.parentId) floors.set(`${p.parentId}:${p.floor}`, p);
    return { byCode: new Map(all.map((p) => [p.code, p])), floors };
  },
  parse(c, prep) {
    const issues: RowIssue[] = [];
    checkCode('buildingCode', c.buildingCode!, issues);
    checkCode('code', c.code!, issues);
    const floor = c.floor
      ? checkInt('floor', c.floor, -10, 200, issues)
      : (issues.push(issue.required('floor')), null);
    const use = c.use ? fromLabel(PLACE_USE_LABELS, c.use) : null;
    if (c.use && !use) issues.push(issue.oneOf('use', Object.values(PLACE_USE_LABELS)));
    const capacity = checkInt('capacity', c.capacity!, 0, 10_000, issues);
    const keyPart = checkYesNo('keyPart', c.keyPart!, issues);
    if (keyPart && !c.keyReason)
      issues.push(issue.custom('keyReason', '重点部位需写明原因', 'a key part needs a reason'));
    if ((c.name ?? '').length > 100) issues.push(issue.tooLong('name', 100));
    if ((c.keyReason ?? '').length > 200) issues.push(issue.tooLong('keyReason', 200));
    const building = prep.byCode.get(c.buildingCode!);
    if (building && building.kind !== 'building')
      issues.push(
        issue.custom(
          'buildingCode',
          `「${c.buildingCode}」不是楼栋`,
          `"${c.buildingCode}" is not a building`,
        ),
      );
    if (!building && c.buildingCode && !c.buildingName)
      issues.push(issue.custom('buildingName', '新楼栋需填写楼栋名称', 'a new building needs a name'));
    const existing = prep.byCode.get(c.code!);
    if (existing && existing.kind !== 'room')
      issues.push(
        issue.custom(
          'code',
          `编号「${c.code}」已被${PLACE_KIND_LABELS[existing.kind]}使用`,
          `code "${c.code}" is used by a ${existing.kind}`,
        ),
      );
    if (issues.length) return { ok: false, issues };
    return {
      ok: true,
      key: c.code!,
      value: {
        code: c.code!,
        name: c.name || c.code!,
        buildingCode: c.buildingCode!,
        buildingName: c.buildingName!,
        floor: floor!,
        use: use ?? building?.use ?? null,
        capacity,
        keyPart,
        keyReason: c.keyReason || null,
      },
    };
  },
  compare(v, prep) {
    const cur = prep.byCode.get(v.code);
    if (!cur) return 'create';
    const building = prep.byCode.get(v.buildingCode);
    const same =
      cur.name === v.name &&
      cur.floor === v.floor &&
      !!building &&
      cur.path.startsWith(building.path) &&
      cur.use === v.use &&
      cur.capacity === v.capacity &&
      cur.keyPart === v.keyPart &&
      cur.keyReason === v.keyReason;
    return same ? 'unchanged' : 'update';
  },
  async apply(tx, ctx, values, prep) {
    const now = ctx.now;
    const ensureBuilding = async (v: RoomRow) => {
      let b = prep.byCode.get(v.buildingCode);
      if (b) return b;
      const id = newId();
      const [row] = await tx
        .insert(places)
        .values({
          id,
          orgId: ctx.school.id,
          schoolId: ctx.school.id,
          parentId: null,
          path: placePath(null, id),
          kind: 'building',
          code: v.buildingCode,
          name: v.buildingName,
          use: v.use,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      b = row!;
      prep.byCode.set(b.code, b);
      return b;
    };
    const ensureFloor = async (b: PlaceRow, floor: number) => {
      const key = `${b.id}:${floor}`;
      let f = prep.floors.get(key);
      if (f) return f;
      const id = newId();
      const [row] = await tx
        .insert(places)
        .values({
          id,
          orgId: b.orgId,
          schoolId: b.schoolId,
          parentId: b.id,
          path: placePath(b.path, id),
          kind: 'floor',
          code: `${b.code}-F${floor}`,
          name: `${b.name}${floor < 0 ? `地下${-floor}` : floor}层`,
          use: b.use,
          floor,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing()
        .returning();
      f = row ?? (await repo.findPlaceByCode(tx, b.schoolId, `${b.code}-F${floor}`))!;
      prep.floors.set(key, f);
      return f;
    };
    for (const v of values) {
      const b = await ensureBuilding(v);
      const f = await ensureFloor(b, v.floor);
      const cur = prep.byCode.get(v.code);
      const fields = {
        parentId: f.id,
        orgId: f.orgId,
        name: v.name,
        use: v.use,
        floor: v.floor,
        capacity: v.capacity,
        keyPart: v.keyPart,
        keyReason: v.keyReason,
        updatedAt: now,
      };
      if (cur) {
        const [row] = await tx
          .update(places)
          .set({ ...fields, path: placePath(f.path, cur.id) })
          .where(and(eq(places.id, cur.id), eq(places.schoolId, ctx.school.id)))
          .returning();
        prep.byCode.set(v.code, row!);
      } else {
        const id = newId();
        const [row] = await tx
          .insert(places)
          .values({
            id,
            schoolId: ctx.school.id,
            path: placePath(f.path, id),
            kind: 'room',
            code: v.code,
            createdAt: now,
            ...fields,
          })
          .returning();
        prep.byCode.set(v.code, row!);
      }
    }
  },
};
