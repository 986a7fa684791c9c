import { index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../identity/index.js';
import { orgs } from '../orgs/index.js';
import { places } from '../places/index.js';

export const GENDERS = ['male', 'female'] as const;
export const STUDENT_STATUSES = ['enrolled', 'suspended', 'graduated', 'withdrawn'] as const;

/**
 * The student registry. `orgId` is the class; the national ID is stored encrypted (FieldCrypto)
 * with a keyed hash for lookups and a masked copy for display.
 */
export const students = pgTable(
  'students',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => orgs.id),
    studentNo: text('student_no').notNull(),
    name: text('name').notNull(),
    gender: text('gender', { enum: GENDERS }),
    phone: text('phone'),
    nationalIdEnc: text('national_id_enc'),
    nationalIdHash: text('national_id_hash'),
    nationalIdMasked: text('national_id_masked'),
    /** dormitory room (a place of kind room) and bed number */
    bedPlaceId: uuid('bed_place_id').references(() => places.id),
    bedNo: text('bed_no'),
    userId: uuid('user_id').references(() => users.id),
    status: text('status', { enum: STUDENT_STATUSES }).notNull().default('enrolled'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('students_school_no_idx').on(t.schoolId, t.studentNo),
    index('students_org_idx').on(t.orgId),
    index('students_bed_idx').on(t.bedPlaceId),
    index('students_nid_idx').on(t.nationalIdHash),
  ],
);

export const STAFF_KINDS = ['teacher', 'staff', 'guard', 'volunteer'] as const;

/** Teachers, staff, guards (保安) and volunteers (志愿者) of a school. */
export const staff = pgTable(
  'staff',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => orgs.id),
    staffNo: text('staff_no').notNull(),
    name: text('name').notNull(),
    gender: text('gender', { enum: GENDERS }),
    phone: text('phone'),
    kind: text('kind', { enum: STAFF_KINDS }).notNull(),
    title: text('title'),
    userId: uuid('user_id').references(() => users.id),
    status: text('status', { enum: ['active', 'left'] })
      .notNull()
      .default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('staff_school_no_idx').on(t.schoolId, t.staffNo), index('staff_org_idx').on(t.orgId)],
);

export const GROUP_KINDS = ['club', 'association', 'union', 'volunteer', 'other'] as const;

/** Student organisations (学生社团/组织): the seed college counts 158 covering 43% of students. */
export const studentGroups = pgTable(
  'student_groups',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => orgs.id),
    name: text('name').notNull(),
    kind: text('kind', { enum: GROUP_KINDS }).notNull(),
    advisor: text('advisor'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('student_groups_school_name_idx').on(t.schoolId, t.name)],
);

export const studentGroupMembers = pgTable(
  'student_group_members',
  {
    groupId: uuid('group_id')
      .notNull()
      .references(() => studentGroups.id, { onDelete: 'cascade' }),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id, { onDelete: 'cascade' }),
    role: text('role'),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.studentId] }), index('sgm_student_idx').on(t.studentId)],
);
