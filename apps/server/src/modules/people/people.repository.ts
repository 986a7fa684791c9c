import { and, asc, count, countDistinct, eq, ilike, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import { orgScopeSql, type Scope } from '../../kernel/access/index.js';
import { escapeLike, type Executor } from '../../kernel/db.js';
import { orgs } from '../orgs/index.js';
import { places } from '../places/index.js';
import type { StaffFilter, StudentFilter } from './people.schemas.js';
import { staff, studentGroupMembers, studentGroups, students } from './people.tables.js';

export type StudentRow = typeof students.$inferSelect;
export type StaffRow = typeof staff.$inferSelect;

const collegeName = sql<
  string | null
>`(select c.name from orgs c where c.id = (select parent_id from orgs k where k.id = ${students.orgId}) and c.kind = 'college')`;

export function studentWhere(scope: Scope, f: Omit<StudentFilter, 'page' | 'pageSize'>): SQL | undefined {
  return and(
    orgScopeSql(scope, students.orgId),
    f.schoolId ? eq(students.schoolId, f.schoolId) : undefined,
    f.orgId
      ? sql`${students.orgId} in (select o.id from orgs o where o.path like (select r.path from orgs r where r.id = ${f.orgId}) || '%')`
      : undefined,
    f.within
      ? sql`${students.bedPlaceId} in (select p.id from places p where p.path like (select w.path from places w where w.id = ${f.within}) || '%')`
      : undefined,
    f.gender ? eq(students.gender, f.gender) : undefined,
    f.bed === 'assigned'
      ? isNotNull(students.bedPlaceId)
      : f.bed === 'none'
        ? isNull(students.bedPlaceId)
        : undefined,
    f.q
      ? or(ilike(students.name, `%${escapeLike(f.q)}%`), ilike(students.studentNo, `%${escapeLike(f.q)}%`))
      : undefined,
  );
}

const studentColumns = {
  student: students,
  className: orgs.name,
  orgPath: orgs.path,
  collegeName,
  roomCode: places.code,
  roomName: places.name,
};

/**
 * One page of students. The page's ids are picked first from the students table alone (its order
 * and filter need nothing else), and only those rows are joined with their class, college and room:
 * a deep page (page 900 skips 18,000 rows) then skips bare ids instead of joined rows whose college
 * name is looked up for each one. The student number orders; the id breaks ties across schools.
 */
export async function listStudents(ex: Executor, where: SQL | undefined, page: number, pageSize: number) {
  const pageIds = ex
    .select({ id: students.id })
    .from(students)
    .where(where)
    .orderBy(asc(students.studentNo), asc(students.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .as('page_ids');
  const [items, [totalRow]] = await Promise.all([
    ex
      .select(studentColumns)
      .from(pageIds)
      .innerJoin(students, eq(students.id, pageIds.id))
      .innerJoin(orgs, eq(orgs.id, students.orgId))
      .leftJoin(places, eq(places.id, students.bedPlaceId))
      .orderBy(asc(students.studentNo), asc(students.id)),
    ex.select({ n: count() }).from(students).where(where),
  ]);
  return { items, total: totalRow?.n ?? 0 };
}
export type StudentListItem = Awaited<ReturnType<typeof listStudents>>['items'][number];

export async function findStudentInScope(ex: Executor, scope: Scope, id: string) {
  const [r] = await ex
    .select(studentColumns)
    .from(students)
    .innerJoin(orgs, eq(orgs.id, students.orgId))
    .leftJoin(places, eq(places.id, students.bedPlaceId))
    .where(and(eq(students.id, id), orgScopeSql(scope, students.orgId)))
    .limit(1);
  return r;
}

/** Students of a school keyed by student number (the import's natural key). */
export async function studentsOfSchool(ex: Executor, schoolId: string): Promise<StudentRow[]> {
  return ex.select().from(students).where(eq(students.schoolId, schoolId));
}

export async function upsertStudents(ex: Executor, rows: (typeof students.$inferInsert)[]): Promise<void> {
  if (!rows.length) return;
  await ex
    .insert(students)
    .values(rows)
    .onConflictDoUpdate({
      target: [students.schoolId, students.studentNo],
      set: {
        orgId: sql`excluded.org_id`,
        name: sql`excluded.name`,
        gender: sql`excluded.gender`,
        phone: sql`excluded.phone`,
        nationalIdEnc: sql`coalesce(excluded.national_id_enc, ${students.nationalIdEnc})`,
        nationalIdHash: sql`coalesce(excluded.national_id_hash, ${students.nationalIdHash})`,
        nationalIdMasked: sql`coalesce(excluded.national_id_masked, ${students.nationalIdMasked})`,
        updatedAt: sql`excluded.updated_at`,
      },
    });
}

export async function setBeds(
  ex: Executor,
  schoolId: string,
  rows: { studentNo: string; bedPlaceId: string | null; bedNo: string | null }[],
  now: Date,
): Promise<void> {
  if (!rows.length) return;
  const values = sql.join(
    rows.map((r) => sql`(${r.studentNo}, ${r.bedPlaceId}::uuid, ${r.bedNo})`),
    sql`, `,
  );
  await ex.execute(sql`
    update students s set bed_place_id = v.place, bed_no = v.bed, updated_at = ${now.toISOString()}::timestamptz
    from (values ${values}) as v(no, place, bed)
    where s.school_id = ${schoolId} and s.student_no = v.no`);
}

export async function updateStudent(ex: Executor, id: string, patch: Partial<typeof students.$inferInsert>) {
  await ex.update(students).set(patch).where(eq(students.id, id));
}

export function staffWhere(scope: Scope, f: Omit<StaffFilter, 'page' | 'pageSize'>) {
  return and(
    orgScopeSql(scope, staff.orgId),
    f.schoolId ? eq(staff.schoolId, f.schoolId) : undefined,
    f.orgId
      ? sql`${staff.orgId} in (select o.id from orgs o where o.path like (select r.path from orgs r where r.id = ${f.orgId}) || '%')`
      : undefined,
    f.kind ? eq(staff.kind, f.kind) : undefined,
    f.q
      ? or(ilike(staff.name, `%${escapeLike(f.q)}%`), ilike(staff.staffNo, `%${escapeLike(f.q)}%`))
      : undefined,
  );
}

export async function listStaff(ex: Executor, where: SQL | undefined, page: number, pageSize: number) {
  const [items, [totalRow]] = await Promise.all([
    ex
      .select({ staff, orgName: orgs.name, orgPath: orgs.path })
      .from(staff)
      .innerJoin(orgs, eq(orgs.id, staff.orgId))
      .where(where)
      .orderBy(asc(staff.staffNo))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    ex.select({ n: count() }).from(staff).where(where),
  ]);
  return { items, total: totalRow?.n ?? 0 };
}

export async function findStaffInScope(ex: Executor, scope: Scope, id: string) {
  const [r] = await ex
    .select({ staff, orgName: orgs.name, orgPath: orgs.path })
    .from(staff)
    .innerJoin(orgs, eq(orgs.id, staff.orgId))
    .where(and(eq(staff.id, id), orgScopeSql(scope, staff.orgId)))
    .limit(1);
  return r;
}

export async function staffOfSchool(ex: Executor, schoolId: string): Promise<StaffRow[]> {
  return ex.select().from(staff).where(eq(staff.schoolId, schoolId));
}

export async function upsertStaff(ex: Executor, rows: (typeof staff.$inferInsert)[]): Promise<void> {
  if (!rows.length) return;
  await ex
    .insert(staff)
    .values(rows)
    .onConflictDoUpdate({
      target: [staff.schoolId, staff.staffNo],
      set: {
        orgId: sql`excluded.org_id`,
        name: sql`excluded.name`,
        gender: sql`excluded.gender`,
        phone: sql`excluded.phone`,
        kind: sql`excluded.kind`,
        title: sql`excluded.title`,
        updatedAt: sql`excluded.updated_at`,
      },
    });
}

export async function updateStaff(ex: Executor, id: string, patch: Partial<typeof staff.$inferInsert>) {
  await ex.update(staff).set(patch).where(eq(staff.id, id));
}

export async function listGroups(ex: Executor, scope: Scope, schoolId: string | undefined) {
  const where = and(
    orgScopeSql(scope, studentGroups.orgId),
    schoolId ? eq(studentGroups.schoolId, schoolId) : undefined,
  );
  const items = await ex
    .select({
      id: studentGroups.id,
      name: studentGroups.name,
      kind: studentGroups.kind,
      orgName: orgs.name,
      advisor: studentGroups.advisor,
      members: sql<number>`(select count(*)::int from student_group_members m where m.group_id = ${studentGroups.id})`,
    })
    .from(studentGroups)
    .innerJoin(orgs, eq(orgs.id, studentGroups.orgId))
    .where(where)
    .orderBy(asc(studentGroups.name));
  const sWhere = and(
    orgScopeSql(scope, students.orgId),
    schoolId ? eq(students.schoolId, schoolId) : undefined,
    eq(students.status, 'enrolled'),
  );
  const [[all], [inGroups]] = await Promise.all([
    ex.select({ n: count() }).from(students).where(sWhere),
    ex
      .select({ n: countDistinct(studentGroupMembers.studentId) })
      .from(studentGroupMembers)
      .innerJoin(students, eq(students.id, studentGroupMembers.studentId))
      .where(sWhere),
  ]);
  return { items, students: all?.n ?? 0, studentsInGroups: inGroups?.n ?? 0 };
}

export async function findGroupInScope(ex: Executor, scope: Scope, id: string) {
  const [r] = await ex
    .select({ id: studentGroups.id, name: studentGroups.name })
    .from(studentGroups)
    .where(and(eq(studentGroups.id, id), orgScopeSql(scope, studentGroups.orgId)))
    .limit(1);
  return r;
}

/** The members of a student organisation the scope reaches, with their role in it. */
export async function groupMembers(ex: Executor, scope: Scope, groupId: string) {
  return ex
    .select({ ...studentColumns, role: studentGroupMembers.role })
    .from(studentGroupMembers)
    .innerJoin(students, eq(students.id, studentGroupMembers.studentId))
    .innerJoin(orgs, eq(orgs.id, students.orgId))
    .leftJoin(places, eq(places.id, students.bedPlaceId))
    .where(and(eq(studentGroupMembers.groupId, groupId), orgScopeSql(scope, students.orgId)))
    .orderBy(asc(students.studentNo))
    .limit(2000);
}

/** Is a student number already used in the school? */
export async function studentNoTaken(ex: Executor, schoolId: string, studentNo: string): Promise<boolean> {
  const r = await ex
    .select({ id: students.id })
    .from(students)
    .where(and(eq(students.schoolId, schoolId), eq(students.studentNo, studentNo)))
    .limit(1);
  return r.length > 0;
}

/** Is a staff number already used in the school? */
export async function staffNoTaken(ex: Executor, schoolId: string, staffNo: string): Promise<boolean> {
  const r = await ex
    .select({ id: staff.id })
    .from(staff)
    .where(and(eq(staff.schoolId, schoolId), eq(staff.staffNo, staffNo)))
    .limit(1);
  return r.length > 0;
}
