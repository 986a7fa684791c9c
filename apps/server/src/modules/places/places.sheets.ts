import type { WriteSheet } from '../../kernel/sheets/index.js';
import type { presentEquipment, presentPlace } from './places.service.js';
import type { EQUIPMENT_STATUSES, EquipmentKind, PlaceKind, PlaceUse } from './places.tables.js';

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
