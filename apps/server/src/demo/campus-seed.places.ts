import { newId } from '../kernel/ids.js';
import { centreOf, placePath, places, type PlaceUse } from '../modules/places/index.js';
import { BEDS, type Id, type Seeding } from './campus-seed.types.js';

const STAFF_ROOMS_PER_FLOOR: Partial<Record<PlaceUse, string[]>> = {
  office: ['办公室', '会议室', '档案室', '接待室'],
  library: ['阅览室', '书库', '自习室', '电子阅览室'],
  canteen: ['餐厅', '操作间', '库房'],
  medical: ['诊室', '观察室', '药房', '注射室'],
  sports: ['场馆', '器材室', '更衣室'],
};

/** Buildings with their floors and rooms, gates and areas, from the layout. */
export async function seedPlaces(s: Seeding) {
  const { tx, layout, base } = s;
  const placeRows: (typeof places.$inferInsert)[] = [];
  const buildingIds = new Map<
    string,
    { id: Id; path: string; floors: Map<number, { id: Id; path: string }> }
  >();
  const rooms: {
    id: Id;
    path: string;
    code: string;
    building: string;
    use: PlaceUse;
    floor: number;
    capacity: number;
  }[] = [];
  for (const b of layout.buildings) {
    const id = newId();
    const path = placePath(null, id);
    const [lon, lat] = centreOf(b.outline);
    placeRows.push({
      ...base,
      id,
      path,
      kind: 'building',
      code: b.code,
      name: b.name,
      use: b.use,
      floors: b.floors,
      height: b.height,
      outline: b.outline,
      lon,
      lat,
      keyPart: !!b.keyPart,
      keyReason: b.keyPart ?? null,
    });
    const floors = new Map<number, { id: Id; path: string }>();
    buildingIds.set(b.code, { id, path, floors });
    for (let f = 1; f <= b.floors; f++) {
      const fid = newId();
      const fpath = placePath(path, fid);
      floors.set(f, { id: fid, path: fpath });
      placeRows.push({
        ...base,
        id: fid,
        parentId: id,
        path: fpath,
        kind: 'floor',
        code: `${b.code}-F${f}`,
        name: `${b.name}${f}层`,
        use: b.use,
        floor: f,
      });
      const names = STAFF_ROOMS_PER_FLOOR[b.use];
      for (let r = 1; r <= b.roomsPerFloor; r++) {
        const rid = newId();
        const code = `${b.code}-${String(f).padStart(2, '0')}${String(r).padStart(2, '0')}`;
        const capacity =
          b.use === 'dormitory'
            ? (b.roomCapacity ?? BEDS)
            : b.use === 'teaching'
              ? 60
              : (b.roomCapacity ?? 0);
        const keyPart =
          (b.code === 'ADM' && f === 1 && r === 1) ||
          (b.use === 'lab' && f === 1 && r === 2) ||
          (b.use !== 'dormitory' && f === 1 && r === b.roomsPerFloor && b.roomsPerFloor > 2);
        const name = keyPart
          ? b.code === 'ADM' && r === 1
            ? '视频监控中心'
            : b.use === 'lab' && r === 2
              ? '危化品暂存间'
              : '配电间'
          : names
            ? `${f}${String(r).padStart(2, '0')} ${names[(r - 1) % names.length]}`
            : `${f}${String(r).padStart(2, '0')}`;
        placeRows.push({
          ...base,
          id: rid,
          parentId: fid,
          path: placePath(fpath, rid),
          kind: 'room',
          code,
          name,
          use: b.use,
          floor: f,
          capacity,
          keyPart,
          keyReason: keyPart
            ? name === '视频监控中心'
              ? '全校视频监控汇聚，24 小时值守'
              : name === '危化品暂存间'
                ? '存放实训用危险化学品，双人双锁'
                : '高低压配电设备，严禁无关人员进入'
            : null,
        });
        rooms.push({
          id: rid,
          path: placePath(fpath, rid),
          code,
          building: b.code,
          use: b.use,
          floor: f,
          capacity,
        });
      }
    }
  }
  const gateIds = new Map<string, Id>();
  for (const g of layout.gates) {
    const id = newId();
    gateIds.set(g.code, id);
    placeRows.push({
      ...base,
      id,
      path: placePath(null, id),
      kind: 'gate',
      code: g.code,
      name: g.name,
      outline: g.outline,
      lon: g.lon,
      lat: g.lat,
      height: 4,
      keyPart: true,
      keyReason: '出入口，门卫 24 小时值守',
    });
  }
  for (const a of layout.areas) {
    const id = newId();
    const [lon, lat] = centreOf(a.outline);
    placeRows.push({
      ...base,
      id,
      path: placePath(null, id),
      kind: 'area',
      code: a.code,
      name: a.name,
      use: a.use,
      outline: a.outline,
      height: a.height,
      lon,
      lat,
    });
  }
  for (let i = 0; i < placeRows.length; i += 500) await tx.insert(places).values(placeRows.slice(i, i + 500));
  return { places: placeRows.length, buildingIds, rooms, gateIds };
}
