import { newId } from '../kernel/ids.js';
import { memberships, users } from '../modules/identity/index.js';
import { makeNationalId, maskNationalId, type staff, students } from '../modules/people/index.js';
import { chineseName } from './random.js';
import { type CampusSeedInput, type Id, type OrgRef, type Seeding } from './campus-seed.types.js';
import type { seedPlaces } from './campus-seed.places.js';

/**
 * Staff, with accounts for those who lead or work in grids. Their staff rows are returned, not
 * written: the caller writes them after the students, as the seed always has.
 */
export async function seedStaff(s: Seeding) {
  const { tx, input, layout, base } = s;
  const { rnd, now } = input;
  const staffRows: (typeof staff.$inferInsert)[] = [];
  const newUsers: (typeof users.$inferInsert)[] = [];
  const newMemberships: (typeof memberships.$inferInsert)[] = [];
  let staffSeq = 0;
  const addStaff = (
    org: OrgRef,
    kind: 'teacher' | 'staff' | 'guard' | 'volunteer',
    title: string,
    withAccount: boolean,
    role?: 'grid_leader' | 'grid_worker' | 'guard' | 'counselor',
  ) => {
    staffSeq++;
    const { name, gender } = chineseName(rnd);
    const staffNo = `T${String(staffSeq).padStart(4, '0')}`;
    const phone = `13${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}`;
    let userId: Id | null = null;
    if (withAccount) {
      userId = newId();
      newUsers.push({
        id: userId,
        username: staffNo.toLowerCase(),
        displayName: name,
        phone,
        orgId: org.id,
        createdAt: now,
        updatedAt: now,
      });
      if (role) newMemberships.push({ id: newId(), userId, orgId: org.id, role, createdAt: now });
    }
    staffRows.push({
      id: newId(),
      ...base,
      orgId: org.id,
      staffNo,
      name,
      gender: gender === 'M' ? 'male' : 'female',
      phone,
      kind,
      title,
      userId,
    });
    return { userId: userId!, name };
  };
  const d = input.departments;
  const zoneHeads = new Map(
    layout.zones.map((z) => [z.code, addStaff(d.BWC, 'staff', `${z.name}片区长`, true, 'grid_leader')]),
  );
  const buildingHeads = new Map(
    layout.buildings.map(
      (b) =>
        [
          b.code,
          addStaff(
            b.use === 'dormitory' ? d.HQ : d.BWC,
            'staff',
            b.use === 'dormitory' ? '楼长' : '楼宇管理员',
            true,
            'grid_leader',
          ),
        ] as const,
    ),
  );
  const collegeHeads = new Map(
    input.colleges.map((c) => [c.id, addStaff(c, 'teacher', '学院安全工作负责人', true, 'grid_leader')]),
  );
  const counsellors = new Map(
    input.colleges.map((c) => [c.id, addStaff(c, 'teacher', '辅导员', true, 'counselor')]),
  );
  for (let i = 0; i < 12; i++) addStaff(d.BWC, 'guard', i === 0 ? '保安班长' : '保安员', false);
  for (let i = 0; i < 6; i++) addStaff(d.XLZX, 'teacher', '心理咨询师', false);
  for (let i = 0; i < 4; i++) addStaff(d.XGC, 'volunteer', '安全志愿者', false);
  if (newUsers.length) await tx.insert(users).values(newUsers);
  if (newMemberships.length) await tx.insert(memberships).values(newMemberships);
  return { staffRows, zoneHeads, buildingHeads, collegeHeads, counsellors };
}

/** Students: registry rows and beds, class by class, women and men in separate buildings. */
export async function seedStudents(s: Seeding, rooms: Awaited<ReturnType<typeof seedPlaces>>['rooms']) {
  const { tx, input, layout, base } = s;
  const { rnd } = input;
  const dorms = layout.buildings.filter((b) => b.use === 'dormitory').map((b) => b.code);
  const femaleDorms = new Set(dorms.slice(0, Math.ceil(dorms.length / 2)));
  // The featured dormitory (学生公寓3号楼, the demo's grid leader's) is filled first: it has residents.
  const featured = (r: { building: string }) => (r.building === (dorms[2] ?? dorms[0]) ? 0 : 1);
  const freeRooms = {
    F: rooms
      .filter((r) => r.use === 'dormitory' && femaleDorms.has(r.building))
      .sort((a, b) => featured(a) - featured(b)),
    M: rooms
      .filter((r) => r.use === 'dormitory' && !femaleDorms.has(r.building))
      .sort((a, b) => featured(a) - featured(b)),
  };
  const byClass = new Map<Id, CampusSeedInput['studentUsers']>();
  for (const s of input.studentUsers) byClass.set(s.classId, [...(byClass.get(s.classId) ?? []), s]);
  const studentRows: (typeof students.$inferInsert)[] = [];
  const roomOccupants = new Map<Id, { classId: Id; userIds: Id[] }>();
  let dayStudent = 0;
  for (const [classId, list] of byClass) {
    for (const gender of ['F', 'M'] as const) {
      let room: (typeof rooms)[number] | undefined;
      let bed = 0;
      for (const s of list.filter((x) => x.gender === gender)) {
        // About one in thirty is a day student (走读) without a bed.
        const day = ++dayStudent % 30 === 0;
        if (!day && (!room || bed >= room.capacity)) {
          room = freeRooms[gender].shift();
          bed = 0;
        }
        const birth = `${2003 + Math.floor(rnd() * 4)}${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
        const nid = makeNationalId(`370502${birth}${String(Math.floor(rnd() * 1000)).padStart(3, '0')}`);
        const hasBed = !day && !!room;
        if (hasBed) {
          bed++;
          const occ = roomOccupants.get(room!.id) ?? { classId, userIds: [] };
          occ.userIds.push(s.id);
          roomOccupants.set(room!.id, occ);
        }
        studentRows.push({
          id: newId(),
          ...base,
          orgId: classId,
          studentNo: s.username,
          name: s.name,
          gender: s.gender === 'M' ? 'male' : 'female',
          phone: `15${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}`,
          nationalIdEnc: input.crypto.encrypt(nid),
          nationalIdHash: input.crypto.lookupHash(nid),
          nationalIdMasked: maskNationalId(nid),
          bedPlaceId: hasBed ? room!.id : null,
          bedNo: hasBed ? String(bed) : null,
          userId: s.id,
        });
      }
    }
  }
  for (let i = 0; i < studentRows.length; i += 1000)
    await tx.insert(students).values(studentRows.slice(i, i + 1000));
  return { studentRows, roomOccupants, dorms };
}
