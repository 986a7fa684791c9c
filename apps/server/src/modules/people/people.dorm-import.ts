import { issue, type Importer, type RowIssue } from '../../kernel/sheets/index.js';
import { placesOfSchool, type PlaceRow } from '../places/index.js';
import * as repo from './people.repository.js';

interface DormIn {
  studentNo: string;
  roomId: string;
  bedNo: string | null;
}
interface DormPrep {
  rooms: Map<string, PlaceRow>;
  students: Map<string, repo.StudentRow>;
  /** beds taken: room id → bed no → student number */
  beds: Map<string, Map<string, string>>;
  occupancy: Map<string, number>;
}

/** 住宿分配: student → room and bed; a bed holds one student, a room no more than its beds. */
export const dormImporter: Importer<DormPrep, DormIn> = {
  kind: 'dorm_assignments',
  tables: ['students'],
  title: { zh: '住宿分配', en: 'Dormitory assignments' },
  permission: 'people.manage',
  keyColumn: 'studentNo',
  columns: [
    { key: 'studentNo', header: '学号', headerEn: 'Student number', required: true, example: '2024000001' },
    { key: 'room', header: '房间编号', headerEn: 'Room code', required: true, note: '如 S03-0212' },
    { key: 'bedNo', header: '床位号', headerEn: 'Bed', note: '如 1–6', example: '1' },
  ],
  async prepare(ex, ctx) {
    const [ps, ss] = await Promise.all([
      placesOfSchool(ex, ctx.school.id),
      repo.studentsOfSchool(ex, ctx.school.id),
    ]);
    const beds = new Map<string, Map<string, string>>();
    const occupancy = new Map<string, number>();
    for (const s of ss) {
      if (!s.bedPlaceId) continue;
      occupancy.set(s.bedPlaceId, (occupancy.get(s.bedPlaceId) ?? 0) + 1);
      if (s.bedNo) {
        const m = beds.get(s.bedPlaceId) ?? new Map<string, string>();
        m.set(s.bedNo, s.studentNo);
        beds.set(s.bedPlaceId, m);
      }
    }
    return {
      rooms: new Map(ps.filter((p) => p.kind === 'room').map((p) => [p.code, p])),
      students: new Map(ss.map((s) => [s.studentNo, s])),
      beds,
      occupancy,
    };
  },
  parse(c, prep) {
    const issues: RowIssue[] = [];
    const s = c.studentNo ? prep.students.get(c.studentNo) : undefined;
    if (!c.studentNo) issues.push(issue.required('studentNo'));
    else if (!s) issues.push(issue.notFound('studentNo', { zh: '学号', en: 'student number' }, c.studentNo));
    const room = c.room ? prep.rooms.get(c.room) : undefined;
    if (!c.room) issues.push(issue.required('room'));
    else if (!room) issues.push(issue.notFound('room', { zh: '房间', en: 'room' }, c.room));
    const bedNo = c.bedNo || null;
    if (bedNo && bedNo.length > 10) issues.push(issue.tooLong('bedNo', 10));
    if (s && room && s.bedPlaceId !== room.id) {
      // A move into this room: check the bed and the room's beds, counting earlier rows of the file.
      const taken = bedNo ? prep.beds.get(room.id)?.get(bedNo) : undefined;
      if (taken && taken !== s.studentNo)
        issues.push(issue.custom('bedNo', `该床位已住学号 ${taken}`, `bed already taken by ${taken}`));
      const n = prep.occupancy.get(room.id) ?? 0;
      if (room.capacity !== null && n >= room.capacity)
        issues.push(
          issue.custom('room', `房间已满（${room.capacity} 个床位）`, `room is full (${room.capacity} beds)`),
        );
      if (!issues.length) {
        prep.occupancy.set(room.id, n + 1);
        if (s.bedPlaceId) prep.occupancy.set(s.bedPlaceId, (prep.occupancy.get(s.bedPlaceId) ?? 1) - 1);
        if (bedNo) {
          const m = prep.beds.get(room.id) ?? new Map<string, string>();
          m.set(bedNo, s.studentNo);
          prep.beds.set(room.id, m);
        }
      }
    }
    if (issues.length) return { ok: false, issues };
    return { ok: true, key: c.studentNo!, value: { studentNo: c.studentNo!, roomId: room!.id, bedNo } };
  },
  compare(v, prep) {
    const s = prep.students.get(v.studentNo)!;
    return s.bedPlaceId === v.roomId && s.bedNo === v.bedNo ? 'unchanged' : 'update';
  },
  async apply(tx, ctx, values) {
    await repo.setBeds(
      tx,
      ctx.school.id,
      values.map((v) => ({ studentNo: v.studentNo, bedPlaceId: v.roomId, bedNo: v.bedNo })),
      ctx.now,
    );
  },
};
