import { and, eq } from 'drizzle-orm';
import { newId } from '../../kernel/ids.js';
import { issue, type Importer, type RowIssue, type WriteSheet } from '../../kernel/sheets/index.js';
import { parseDay, placePath } from './places.model.js';
import * as repo from './places.repository.js';
import type { presentEquipment, presentPlace } from './places.service.js';
import {
  places,
  type EQUIPMENT_STATUSES,
  type EquipmentKind,
  type PlaceKind,
  type PlaceUse,
} from './places.tables.js';

type PlaceRow = repo.PlaceRow;

type EquipmentStatus = (typeof EQUIPMENT_STATUSES)[number];

export const PLACE_KIND_LABELS: Record<PlaceKind, string> = {
  building: '楼栋',
  floor: '楼层',
  room: '房间',
  gate: '校门',
  area: '区域',
};
export const PLACE_USE_LABELS: Record<PlaceUse, string> = {
  teaching: '教学',
  dormitory: '宿舍',
  canteen: '食堂',
  library: '图书馆',
  lab: '实验实训',
  office: '办公',
  sports: '体育',
  medical: '医务',
  utility: '设备用房',
  other: '其他',
};
export const EQUIPMENT_LABELS: Record<EquipmentKind, string> = {
  fire_extinguisher: '灭火器',
  hydrant: '消火栓',
  camera: '摄像头',
  alarm_button: '一键报警按钮',
  guard_equipment: '护校装备',
  other: '其他',
};
export const EQUIPMENT_STATUS_LABELS: Record<EquipmentStatus, string> = {
  normal: '正常',
  faulty: '故障',
  expired: '过期',
  retired: '报废',
};

const yesNo = (b: boolean) => (b ? '是' : '否');

export function placeSheet(rows: ReturnType<typeof presentPlace>[]): WriteSheet {
  return {
    name: '位置',
    columns: [
      { header: '编号', text: true, width: 16 },
      { header: '名称', width: 20 },
      { header: '类型' },
      { header: '上级', width: 20 },
      { header: '用途' },
      { header: '楼层' },
      { header: '层数' },
      { header: '高度(米)' },
      { header: '床位/座位数' },
      { header: '重点部位' },
      { header: '重点部位原因', width: 30 },
    ],
    rows: rows.map((p) => [
      p.code,
      p.name,
      PLACE_KIND_LABELS[p.kind],
      p.parentName,
      p.use ? PLACE_USE_LABELS[p.use] : '',
      p.floor,
      p.floors,
      p.height,
      p.capacity,
      yesNo(p.keyPart),
      p.keyReason,
    ]),
  };
}

export function equipmentSheet(rows: ReturnType<typeof presentEquipment>[]): WriteSheet {
  return {
    name: '设备',
    columns: [
      { header: '设备编号', text: true, width: 16 },
      { header: '名称', width: 20 },
      { header: '类型', width: 14 },
      { header: '型号规格', width: 16 },
      { header: '数量' },
      { header: '位置编号', text: true, width: 14 },
      { header: '位置', width: 20 },
      { header: '状态' },
      { header: '上次检查日期', width: 14 },
      { header: '下次检查日期', width: 14 },
      { header: '已逾期' },
      { header: '备注', width: 30 },
    ],
    rows: rows.map((e) => [
      e.code,
      e.name,
      EQUIPMENT_LABELS[e.kind],
      e.model,
      e.quantity,
      e.placeCode,
      e.placeName,
      EQUIPMENT_STATUS_LABELS[e.status],
      e.lastInspectedOn,
      e.nextInspectionDue,
      yesNo(e.overdue),
      e.notes,
    ]),
  };
}

/** Label (Chinese or the code itself) → enum value. */
function fromLabel<K extends string>(labels: Record<K, string>, v: string): K | undefined {
  const t = v.trim();
  for (const [k, label] of Object.entries(labels) as [K, string][]) if (label === t || k === t) return k;
  return undefined;
}

const CODE_RE = /^[A-Za-z0-9_.\-#]{1,40}$/;

function checkCode(column: string, v: string, issues: RowIssue[]) {
  if (!v) issues.push(issue.required(column));
  else if (!CODE_RE.test(v))
    issues.push(
      issue.custom(
        column,
        '编号只能包含字母、数字和 _ . - #，最长 40 位',
        'letters, digits, _ . - # only, up to 40',
      ),
    );
}

function checkInt(column: string, v: string, min: number, max: number, issues: RowIssue[]): number | null {
  if (!v) return null;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    issues.push(
      issue.custom(column, `应为 ${min} 到 ${max} 之间的整数`, `a whole number from ${min} to ${max}`),
    );
    return null;
  }
  return n;
}

function checkYesNo(column: string, v: string, issues: RowIssue[]): boolean {
  if (!v || v === '否' || v.toLowerCase() === 'no' || v === '0') return false;
  if (v === '是' || v.toLowerCase() === 'yes' || v === '1') return true;
  issues.push(issue.oneOf(column, ['是', '否']));
  return false;
}

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

interface EquipmentRowIn {
  code: string;
  name: string;
  kind: EquipmentKind;
  model: string | null;
  quantity: number;
  placeId: string | null;
  status: EquipmentStatus;
  lastInspectedOn: string | null;
  nextInspectionDue: string | null;
  notes: string | null;
}
interface EquipmentPrep {
  places: Map<string, PlaceRow>;
  existing: Map<string, repo.EquipmentRow>;
}

export const equipmentImporter: Importer<EquipmentPrep, EquipmentRowIn> = {
  kind: 'equipment',
  tables: ['equipment'],
  title: { zh: '设备', en: 'Equipment' },
  permission: 'place.manage',
  keyColumn: 'code',
  columns: [
    { key: 'code', header: '设备编号', headerEn: 'Code', required: true, note: '全校唯一，如 MHQ-S3-0201' },
    { key: 'name', header: '名称', headerEn: 'Name', required: true, example: '干粉灭火器' },
    {
      key: 'kind',
      header: '类型',
      headerEn: 'Kind',
      required: true,
      note: Object.values(EQUIPMENT_LABELS).join('、'),
    },
    { key: 'model', header: '型号规格', headerEn: 'Model', note: '如 干粉4kg、钢叉' },
    { key: 'quantity', header: '数量', headerEn: 'Quantity', note: '不填为 1', example: '2' },
    { key: 'place', header: '位置编号', headerEn: 'Place code', note: '房间或楼栋编号', example: 'S3-0201' },
    {
      key: 'status',
      header: '状态',
      headerEn: 'Status',
      note: Object.values(EQUIPMENT_STATUS_LABELS).join('、') + '；不填为正常',
    },
    { key: 'lastInspectedOn', header: '上次检查日期', headerEn: 'Last inspected', note: '如 2026-03-01' },
    {
      key: 'nextInspectionDue',
      header: '下次检查日期',
      headerEn: 'Next inspection due',
      note: '如 2026-04-01',
    },
    { key: 'notes', header: '备注', headerEn: 'Notes' },
  ],
  async prepare(ex, ctx) {
    const [ps, es] = await Promise.all([
      repo.placesOfSchool(ex, ctx.school.id),
      repo.equipmentOfSchool(ex, ctx.school.id),
    ]);
    return { places: new Map(ps.map((p) => [p.code, p])), existing: new Map(es.map((e) => [e.code, e])) };
  },
  parse(c, prep) {
    const issues: RowIssue[] = [];
    checkCode('code', c.code!, issues);
    if (!c.name) issues.push(issue.required('name'));
    else if (c.name.length > 100) issues.push(issue.tooLong('name', 100));
    const kind = c.kind ? fromLabel(EQUIPMENT_LABELS, c.kind) : undefined;
    if (!c.kind) issues.push(issue.required('kind'));
    else if (!kind) issues.push(issue.oneOf('kind', Object.values(EQUIPMENT_LABELS)));
    const quantity = checkInt('quantity', c.quantity!, 1, 100_000, issues) ?? 1;
    const place = c.place ? prep.places.get(c.place) : undefined;
    if (c.place && !place) issues.push(issue.notFound('place', { zh: '位置', en: 'place' }, c.place));
    const status = c.status ? fromLabel(EQUIPMENT_STATUS_LABELS, c.status) : 'normal';
    if (!status) issues.push(issue.oneOf('status', Object.values(EQUIPMENT_STATUS_LABELS)));
    const dates: Record<string, string | null> = {};
    for (const k of ['lastInspectedOn', 'nextInspectionDue'] as const) {
      dates[k] = c[k] ? parseDay(c[k]) : null;
      if (c[k] && !dates[k])
        issues.push(issue.custom(k, '日期格式应为 2026-03-01', 'a date such as 2026-03-01'));
    }
    if (issues.length) return { ok: false, issues };
    return {
      ok: true,
      key: c.code!,
      value: {
        code: c.code!,
        name: c.name!,
        kind: kind!,
        model: c.model || null,
        quantity,
        placeId: place?.id ?? null,
        status: status!,
        lastInspectedOn: dates['lastInspectedOn'] ?? null,
        nextInspectionDue: dates['nextInspectionDue'] ?? null,
        notes: c.notes || null,
      },
    };
  },
  compare(v, prep) {
    const e = prep.existing.get(v.code);
    if (!e) return 'create';
    const same =
      e.name === v.name &&
      e.kind === v.kind &&
      e.model === v.model &&
      e.quantity === v.quantity &&
      e.placeId === v.placeId &&
      e.status === v.status &&
      e.lastInspectedOn === v.lastInspectedOn &&
      e.nextInspectionDue === v.nextInspectionDue &&
      e.notes === v.notes;
    return same ? 'unchanged' : 'update';
  },
  async apply(tx, ctx, values) {
    await repo.upsertEquipment(
      tx,
      values.map((v) => ({
        id: newId(),
        orgId: ctx.school.id,
        schoolId: ctx.school.id,
        ...v,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })),
    );
  },
};
