import { newId } from '../../kernel/ids.js';
import { issue, type Importer, type RowIssue } from '../../kernel/sheets/index.js';
import { checkCode, checkInt, fromLabel } from './places.import-checks.js';
import { parseDay } from './places.model.js';
import * as repo from './places.repository.js';
import { EQUIPMENT_LABELS, EQUIPMENT_STATUS_LABELS } from './places.sheets.js';
import type { EQUIPMENT_STATUSES, EquipmentKind } from './places.tables.js';

type PlaceRow = repo.PlaceRow;

type EquipmentStatus = (typeof EQUIPMENT_STATUSES)[number];

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
