import { authorize, pathInScope, scopeFor, type Actor, type Scope } from '../../kernel/access/index.js';
import { audit, type AuditAction, type AuditTargetType } from '../../kernel/audit/audit.js';
import type { Executor } from '../../kernel/db.js';
import { defineError, errors } from '../../kernel/errors.js';
import { appendEvent } from '../../kernel/events/index.js';
import { newId } from '../../kernel/ids.js';
import type { Kernel } from '../../kernel/kernel.js';
import { findOrgById, schoolOf } from '../orgs/index.js';
import { EXPORT_LIMIT, placesByIds } from '../places/index.js';
import { maskNationalId, phoneAs, validNationalId } from './people.model.js';
import * as repo from './people.repository.js';
import type {
  CreateStaffInput,
  CreateStudentInput,
  StaffFilter,
  StudentFilter,
  UpdateStaffInput,
  UpdateStudentInput,
} from './people.schemas.js';

export const PEOPLE_EVENTS = { changed: 'people.changed' } as const;

export const peopleErrors = {
  numberTaken: defineError('people.number_taken', 409, {
    zh: '该学号/工号在本校已存在',
    en: 'This student or staff number already exists in the school',
  }),
  badNationalId: defineError('people.bad_national_id', 400, {
    zh: '身份证号不正确（18 位，校验位不符）',
    en: 'The national ID number is not valid (18 characters, check digit)',
  }),
  notAClass: defineError('people.not_a_class', 400, {
    zh: '学生必须归属到一个班级',
    en: 'A student must belong to a class',
  }),
  notARoom: defineError('people.not_a_room', 400, {
    zh: '床位必须在本校的房间内',
    en: 'A bed must be in a room of the same school',
  }),
};

/** Does the actor see a person's phone in full? Only where they handle people directly (grid.contacts). */
export type PhoneView = (orgPath: string) => boolean;

export function phoneView(actor: Actor): PhoneView {
  const contacts = scopeFor(actor, 'grid.contacts');
  return (orgPath) => !!contacts && pathInScope(contacts, orgPath);
}

export function presentStudent(r: repo.StudentListItem, shows: PhoneView) {
  const s = r.student;
  return {
    id: s.id,
    schoolId: s.schoolId,
    orgId: s.orgId,
    className: r.className,
    collegeName: r.collegeName,
    studentNo: s.studentNo,
    name: s.name,
    gender: s.gender,
    ...phoneAs(s.phone, shows(r.orgPath)),
    nationalIdMasked: s.nationalIdMasked,
    bedPlaceId: s.bedPlaceId,
    roomCode: r.roomCode,
    roomName: r.roomName,
    bedNo: s.bedNo,
    status: s.status,
  };
}

function presentStaff(r: { staff: repo.StaffRow; orgName: string; orgPath: string }, shows: PhoneView) {
  const s = r.staff;
  return {
    id: s.id,
    schoolId: s.schoolId,
    orgId: s.orgId,
    orgName: r.orgName,
    staffNo: s.staffNo,
    name: s.name,
    gender: s.gender,
    ...phoneAs(s.phone, shows(r.orgPath)),
    kind: s.kind,
    title: s.title,
    userId: s.userId,
    status: s.status,
  };
}

export class PeopleService {
  constructor(private readonly k: Kernel) {}

  async listStudents(actor: Actor, f: StudentFilter) {
    const scope = authorize(actor, 'people.read');
    const { items, total } = await repo.listStudents(
      this.k.db,
      repo.studentWhere(scope, f),
      f.page,
      f.pageSize,
    );
    return { items: items.map((i) => presentStudent(i, phoneView(actor))), total };
  }

  async exportStudents(actor: Actor, f: StudentFilter) {
    const scope = authorize(actor, 'people.read');
    const { items } = await repo.listStudents(this.k.db, repo.studentWhere(scope, f), 1, EXPORT_LIMIT);
    await audit(this.k.db, this.k.clock, actor, {
      action: 'people.export_students',
      targetType: 'student',
      details: { filter: f, rows: items.length },
    });
    return items.map((i) => presentStudent(i, phoneView(actor)));
  }

  async getStudent(actor: Actor, id: string) {
    const scope = authorize(actor, 'people.read');
    const r = await repo.findStudentInScope(this.k.db, scope, id);
    if (!r) throw errors.notFound({ id });
    return presentStudent(r, phoneView(actor));
  }

  /** The full national ID: only with people.sensitive, and every reveal is audited. */
  async revealNationalId(actor: Actor, id: string) {
    const scope = authorize(actor, 'people.sensitive');
    const r = await repo.findStudentInScope(this.k.db, scope, id);
    if (!r) throw errors.notFound({ id });
    await audit(this.k.db, this.k.clock, actor, {
      action: 'people.reveal_national_id',
      targetType: 'student',
      targetId: id,
      orgId: r.student.orgId,
      sensitive: true,
    });
    return { nationalId: r.student.nationalIdEnc ? this.k.crypto.decrypt(r.student.nationalIdEnc) : null };
  }

  /**
   * A student's or staff member's full phone for someone who sees it masked (a supervisor):
   * anyone who may read the person may ask, and every reveal is audited as sensitive.
   */
  async revealPhone(actor: Actor, kind: 'student' | 'staff', id: string) {
    const scope = authorize(actor, 'people.read');
    const r =
      kind === 'student'
        ? (await repo.findStudentInScope(this.k.db, scope, id))?.student
        : (await repo.findStaffInScope(this.k.db, scope, id))?.staff;
    if (!r) throw errors.notFound({ id });
    await audit(this.k.db, this.k.clock, actor, {
      action: 'people.reveal_phone',
      targetType: kind,
      targetId: id,
      orgId: r.orgId,
      sensitive: true,
    });
    return { phone: r.phone };
  }

  private async classIn(ex: Executor, scope: Scope, orgId: string) {
    const cls = await findOrgById(ex, orgId);
    if (!cls || !pathInScope(scope, cls.path)) throw errors.notFound({ orgId });
    if (cls.kind !== 'class') throw peopleErrors.notAClass();
    const school = await schoolOf(ex, cls.id);
    if (!school) throw peopleErrors.notAClass();
    return { cls, school };
  }

  private nationalIdFields(nationalId: string | undefined) {
    if (!nationalId) return {};
    const id = nationalId.toUpperCase();
    if (!validNationalId(id)) throw peopleErrors.badNationalId();
    return {
      nationalIdEnc: this.k.crypto.encrypt(id),
      nationalIdHash: this.k.crypto.lookupHash(id),
      nationalIdMasked: maskNationalId(id),
    };
  }

  private async bedIn(ex: Executor, schoolId: string, placeId: string) {
    const [room] = await placesByIds(ex, [placeId]);
    if (!room || room.kind !== 'room' || room.schoolId !== schoolId) throw peopleErrors.notARoom();
    return room;
  }

  async createStudent(actor: Actor, input: CreateStudentInput) {
    const scope = authorize(actor, 'people.manage');
    return this.k.transaction(async (tx) => {
      const { school } = await this.classIn(tx, scope, input.orgId);
      if (await repo.studentNoTaken(tx, school.id, input.studentNo))
        throw peopleErrors.numberTaken({ studentNo: input.studentNo });
      if (input.bedPlaceId) await this.bedIn(tx, school.id, input.bedPlaceId);
      const id = newId();
      const now = this.k.clock.now();
      await repo.upsertStudents(tx, [
        {
          id,
          orgId: input.orgId,
          schoolId: school.id,
          studentNo: input.studentNo,
          name: input.name,
          gender: input.gender ?? null,
          phone: input.phone ?? null,
          ...this.nationalIdFields(input.nationalId),
          createdAt: now,
          updatedAt: now,
        },
      ]);
      if (input.bedPlaceId)
        await repo.updateStudent(tx, id, { bedPlaceId: input.bedPlaceId, bedNo: input.bedNo ?? null });
      await this.changed(tx, actor, 'student.create', 'student', id, input.orgId, {
        studentNo: input.studentNo,
      });
      return presentStudent((await repo.findStudentInScope(tx, scope, id))!, phoneView(actor));
    });
  }

  async updateStudent(actor: Actor, id: string, patch: UpdateStudentInput) {
    const scope = authorize(actor, 'people.manage');
    return this.k.transaction(async (tx) => {
      const cur = await repo.findStudentInScope(tx, scope, id);
      if (!cur) throw errors.notFound({ id });
      if (patch.orgId) {
        const { school } = await this.classIn(tx, scope, patch.orgId);
        if (school.id !== cur.student.schoolId) throw errors.notFound({ orgId: patch.orgId });
      }
      if (patch.bedPlaceId) await this.bedIn(tx, cur.student.schoolId, patch.bedPlaceId);
      const { nationalId, ...rest } = patch;
      await repo.updateStudent(tx, id, {
        ...rest,
        ...this.nationalIdFields(nationalId),
        updatedAt: this.k.clock.now(),
      });
      await this.changed(tx, actor, 'student.update', 'student', id, patch.orgId ?? cur.student.orgId, {
        changes: { ...rest, nationalId: nationalId ? 'changed' : undefined },
      });
      return presentStudent((await repo.findStudentInScope(tx, scope, id))!, phoneView(actor));
    });
  }

  async listStaff(actor: Actor, f: StaffFilter) {
    const scope = authorize(actor, 'people.read');
    const { items, total } = await repo.listStaff(this.k.db, repo.staffWhere(scope, f), f.page, f.pageSize);
    return { items: items.map((i) => presentStaff(i, phoneView(actor))), total };
  }

  async exportStaff(actor: Actor, f: StaffFilter) {
    const scope = authorize(actor, 'people.read');
    const { items } = await repo.listStaff(this.k.db, repo.staffWhere(scope, f), 1, EXPORT_LIMIT);
    return items.map((i) => presentStaff(i, phoneView(actor)));
  }

  async createStaff(actor: Actor, input: CreateStaffInput) {
    const scope = authorize(actor, 'people.manage');
    return this.k.transaction(async (tx) => {
      const org = await findOrgById(tx, input.orgId);
      if (!org || !pathInScope(scope, org.path)) throw errors.notFound({ orgId: input.orgId });
      const school = await schoolOf(tx, org.id);
      if (!school) throw errors.notFound({ orgId: input.orgId });
      if (await repo.staffNoTaken(tx, school.id, input.staffNo))
        throw peopleErrors.numberTaken({ staffNo: input.staffNo });
      const id = newId();
      const now = this.k.clock.now();
      await repo.upsertStaff(tx, [
        {
          id,
          schoolId: school.id,
          ...input,
          gender: input.gender ?? null,
          phone: input.phone ?? null,
          title: input.title ?? null,
          createdAt: now,
          updatedAt: now,
        },
      ]);
      await this.changed(tx, actor, 'staff.create', 'staff', id, input.orgId, { staffNo: input.staffNo });
      return presentStaff((await repo.findStaffInScope(tx, scope, id))!, phoneView(actor));
    });
  }

  async updateStaff(actor: Actor, id: string, patch: UpdateStaffInput) {
    const scope = authorize(actor, 'people.manage');
    return this.k.transaction(async (tx) => {
      const cur = await repo.findStaffInScope(tx, scope, id);
      if (!cur) throw errors.notFound({ id });
      if (patch.orgId) {
        const org = await findOrgById(tx, patch.orgId);
        if (!org || !pathInScope(scope, org.path)) throw errors.notFound({ orgId: patch.orgId });
      }
      await repo.updateStaff(tx, id, { ...patch, updatedAt: this.k.clock.now() });
      await this.changed(tx, actor, 'staff.update', 'staff', id, patch.orgId ?? cur.staff.orgId, {
        changes: patch,
      });
      return presentStaff((await repo.findStaffInScope(tx, scope, id))!, phoneView(actor));
    });
  }

  async groupMembers(actor: Actor, id: string) {
    const scope = authorize(actor, 'people.read');
    const group = await repo.findGroupInScope(this.k.db, scope, id);
    if (!group) throw errors.notFound({ id });
    // Members only as far as the caller may see students (a counselor: their college's).
    const rows = await repo.groupMembers(this.k.db, scope, id);
    return {
      name: group.name,
      items: rows.map((r) => ({ ...presentStudent(r, phoneView(actor)), role: r.role })),
    };
  }

  async listGroups(actor: Actor, schoolId: string | undefined) {
    const scope = authorize(actor, 'people.read');
    const r = await repo.listGroups(this.k.db, scope, schoolId);
    return {
      items: r.items,
      figures: {
        groups: r.items.length,
        students: r.students,
        studentsInGroups: r.studentsInGroups,
        coverage: r.students ? r.studentsInGroups / r.students : 0,
      },
    };
  }

  private async changed(
    tx: Executor,
    actor: Actor,
    action: AuditAction,
    targetType: AuditTargetType,
    id: string,
    orgId: string,
    details: Record<string, unknown>,
  ) {
    await appendEvent(tx, this.k.clock, {
      type: PEOPLE_EVENTS.changed,
      payload: { id, action },
      orgId,
      actorId: actor.userId,
    });
    await audit(tx, this.k.clock, actor, { action, targetType, targetId: id, orgId, details });
  }
}
