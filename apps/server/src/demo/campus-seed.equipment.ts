import { randomBytes } from 'node:crypto';
import { newId } from '../kernel/ids.js';
import { alarmDevices } from '../modules/alarms/index.js';
import { centreOf, equipment } from '../modules/places/index.js';
import { type Id, type Seeding } from './campus-seed.types.js';
import type { seedPlaces } from './campus-seed.places.js';

type Placed = Pick<Awaited<ReturnType<typeof seedPlaces>>, 'buildingIds' | 'gateIds'>;

/** Safety equipment with inspection dates: one in twenty overdue, one in eighty faulty. */
export async function seedEquipment(s: Seeding, { buildingIds, gateIds }: Placed) {
  const { tx, input, layout, base } = s;
  const { rnd, now } = input;
  const today = now.getTime();
  const day = (offset: number) => new Date(today + offset * 86_400_000).toISOString().slice(0, 10);
  const eqRows: (typeof equipment.$inferInsert)[] = [];
  let eqSeq = 0;
  const addEq = (
    kind: (typeof equipment.$inferInsert)['kind'],
    name: string,
    model: string | null,
    placeId: Id,
    cycleDays: number,
    quantity = 1,
  ) => {
    eqSeq++;
    const last = -Math.floor(rnd() * cycleDays);
    // One in twenty is overdue, one in eighty reported faulty: something for the console to show.
    const overdue = eqSeq % 20 === 7;
    eqRows.push({
      id: newId(),
      ...base,
      placeId,
      kind,
      code: `EQ-${String(eqSeq).padStart(5, '0')}`,
      name,
      model,
      quantity,
      status: eqSeq % 80 === 13 ? 'faulty' : 'normal',
      lastInspectedOn: day(overdue ? last - cycleDays : last),
      nextInspectionDue: day(overdue ? last - 3 : last + cycleDays),
    });
  };
  for (const b of layout.buildings) {
    const info = buildingIds.get(b.code)!;
    addEq('camera', `${b.name}入口摄像头`, '海康 DS-2CD 系列', info.id, 90);
    for (const [f, floor] of info.floors) {
      addEq('fire_extinguisher', `${b.name}${f}层灭火器`, '干粉 4kg ×2', floor.id, 30, 2);
      if (b.floors > 1 || b.use !== 'utility')
        addEq('hydrant', `${b.name}${f}层消火栓`, 'SN65', floor.id, 30);
    }
  }
  for (const g of layout.gates) {
    const gid = gateIds.get(g.code)!;
    addEq('camera', `${g.name}人脸抓拍摄像头`, '海康 iDS 系列', gid, 90);
    addEq('alarm_button', `${g.name}一键报警按钮`, '联网报警 110', gid, 30);
  }
  const mainGate = gateIds.get(layout.gates[0]!.code)!;
  for (const item of ['钢叉', '盾牌', '头盔', '防刺服', '橡胶警棍', '约束叉', '防割手套', '强光手电'])
    addEq('guard_equipment', `门卫室${item}`, item, mainGate, 90, item === '钢叉' || item === '盾牌' ? 4 : 2);
  for (let i = 0; i < eqRows.length; i += 500) await tx.insert(equipment).values(eqRows.slice(i, i + 500));
  return eqRows.length;
}

/** One-click alarm devices: every gate (police alarms), the security centre and dorm duty rooms. */
export async function seedDevices(s: Seeding, { buildingIds, gateIds }: Placed) {
  const { tx, input, layout, base } = s;
  const deviceRows: (typeof alarmDevices.$inferInsert)[] = layout.gates.map((g) => ({
    id: newId(),
    ...base,
    code: `DYVTC-${g.code}-BTN`,
    name: `${g.name}一键报警`,
    kind: 'gate' as const,
    alarmClass: 'police' as const,
    placeId: gateIds.get(g.code)!,
    lon: g.lon,
    lat: g.lat,
    secretEnc: input.crypto.encrypt(randomBytes(32).toString('hex')),
  }));
  for (const b of layout.buildings.filter((x) => x.code === 'SEC' || x.use === 'dormitory').slice(0, 4)) {
    const [lon, lat] = centreOf(b.outline);
    deviceRows.push({
      id: newId(),
      ...base,
      code: `DYVTC-${b.code}-BTN`,
      name: `${b.name}${b.use === 'dormitory' ? '值班室' : ''}一键报警`,
      kind: b.use === 'dormitory' ? 'dorm_duty' : 'guard_room',
      alarmClass: 'police',
      placeId: buildingIds.get(b.code)!.id,
      lon,
      lat,
      secretEnc: input.crypto.encrypt(randomBytes(32).toString('hex')),
    });
  }
  await tx.insert(alarmDevices).values(deviceRows);
  return deviceRows.length;
}
