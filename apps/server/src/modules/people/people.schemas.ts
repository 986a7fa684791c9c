import { z } from 'zod';
import { intParam } from '../../kernel/http/schemas.js';
import { GENDERS, GROUP_KINDS, STAFF_KINDS, STUDENT_STATUSES } from './people.tables.js';

export const studentSchema = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid(),
    orgId: z.uuid().describe('class'),
    className: z.string(),
    collegeName: z.string().nullable(),
    studentNo: z.string(),
    name: z.string(),
    gender: z.enum(GENDERS).nullable(),
    phone: z.string().nullable().describe('masked (138****5678) unless the actor handles the student'),
    phoneMasked: z
      .boolean()
      .describe('true when phone is masked: the full number through the audited reveal'),
    nationalIdMasked: z
      .string()
      .nullable()
      .describe('e.g. 370502********1234; the full number needs people.sensitive'),
    bedPlaceId: z.uuid().nullable(),
    roomCode: z.string().nullable(),
    roomName: z.string().nullable(),
    bedNo: z.string().nullable(),
    status: z.enum(STUDENT_STATUSES),
  })
  .meta({ id: 'Student' });

const page = {
  page: intParam(1, 100_000, 1),
  pageSize: intParam(1, 500, 20),
};

export const studentListQuery = z.object({
  schoolId: z.uuid().optional(),
  orgId: z.uuid().optional().describe('a college or class: students in its subtree'),
  within: z.uuid().optional().describe('a building, floor or room: students with a bed inside'),
  gender: z.enum(GENDERS).optional(),
  bed: z.enum(['assigned', 'none']).optional(),
  q: z.string().trim().max(50).optional().describe('name or student number contains'),
  ...page,
});
export type StudentFilter = z.infer<typeof studentListQuery>;

const phone = z
  .string()
  .trim()
  .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, 'a mobile (11 digits) or landline number');

export const createStudentBody = z.object({
  orgId: z.uuid().describe('class'),
  studentNo: z
    .string()
    .trim()
    .min(1)
    .max(30)
    .regex(/^[A-Za-z0-9-]+$/),
  name: z.string().trim().min(1).max(50),
  gender: z.enum(GENDERS).optional(),
  phone: phone.optional(),
  nationalId: z
    .string()
    .trim()
    .regex(/^\d{17}[\dXx]$/, '18 characters')
    .optional(),
  bedPlaceId: z.uuid().optional(),
  bedNo: z.string().trim().max(10).optional(),
});
export type CreateStudentInput = z.infer<typeof createStudentBody>;

export const updateStudentBody = createStudentBody
  .omit({ studentNo: true })
  .partial()
  .extend({
    bedPlaceId: z.uuid().nullable().optional(),
    bedNo: z.string().trim().max(10).nullable().optional(),
    status: z.enum(STUDENT_STATUSES).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
export type UpdateStudentInput = z.infer<typeof updateStudentBody>;

export const staffSchema = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid(),
    orgId: z.uuid(),
    orgName: z.string(),
    staffNo: z.string(),
    name: z.string(),
    gender: z.enum(GENDERS).nullable(),
    phone: z.string().nullable().describe('masked (138****5678) unless the actor handles the person'),
    phoneMasked: z
      .boolean()
      .describe('true when phone is masked: the full number through the audited reveal'),
    kind: z.enum(STAFF_KINDS),
    title: z.string().nullable(),
    userId: z.uuid().nullable(),
    status: z.enum(['active', 'left']),
  })
  .meta({ id: 'Staff' });

export const staffListQuery = z.object({
  schoolId: z.uuid().optional(),
  orgId: z.uuid().optional(),
  kind: z.enum(STAFF_KINDS).optional(),
  q: z.string().trim().max(50).optional(),
  ...page,
});
export type StaffFilter = z.infer<typeof staffListQuery>;

export const createStaffBody = z.object({
  orgId: z.uuid(),
  staffNo: z
    .string()
    .trim()
    .min(1)
    .max(30)
    .regex(/^[A-Za-z0-9-]+$/),
  name: z.string().trim().min(1).max(50),
  gender: z.enum(GENDERS).optional(),
  phone: phone.optional(),
  kind: z.enum(STAFF_KINDS),
  title: z.string().trim().max(50).optional(),
});
export type CreateStaffInput = z.infer<typeof createStaffBody>;
export const updateStaffBody = createStaffBody
  .omit({ staffNo: true })
  .partial()
  .extend({ status: z.enum(['active', 'left']).optional() })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
export type UpdateStaffInput = z.infer<typeof updateStaffBody>;

export const groupListSchema = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      kind: z.enum(GROUP_KINDS),
      orgName: z.string(),
      advisor: z.string().nullable(),
      members: z.number().int(),
    }),
  ),
  figures: z.object({
    groups: z.number().int(),
    students: z.number().int().describe('enrolled students of the school(s)'),
    studentsInGroups: z.number().int().describe('enrolled students in at least one organisation'),
    coverage: z.number().describe('studentsInGroups / students, 0..1'),
  }),
});
