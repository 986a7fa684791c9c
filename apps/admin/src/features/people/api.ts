import type { paths } from '@anxiao/api-client';
import { api, bodyOf, downloadFile } from '@anxiao/web-core';
import type { Staff, Student } from '../../api/types';
import type { JsonBody, QueryOf } from '../../lib/apiTypes';

export type StudentQuery = QueryOf<paths['/api/students']['get']>;
export type StaffQuery = QueryOf<paths['/api/staff']['get']>;
/** The list filters of a page: the query without the school and the paging. */
export type StudentFilters = Omit<StudentQuery, 'schoolId' | 'page' | 'pageSize'>;
export type StaffFilters = Omit<StaffQuery, 'schoolId' | 'page' | 'pageSize'>;

export type CreateStudentInput = JsonBody<paths['/api/students']['post']['requestBody']>;
export type UpdateStudentInput = JsonBody<paths['/api/students/{id}']['patch']['requestBody']>;
export type CreateStaffInput = JsonBody<paths['/api/staff']['post']['requestBody']>;
export type UpdateStaffInput = JsonBody<paths['/api/staff/{id}']['patch']['requestBody']>;

export type Gender = NonNullable<Student['gender']>;
export type StudentStatus = Student['status'];
export type StaffKind = Staff['kind'];
export type StaffStatus = Staff['status'];
export type StudentGroupList = Awaited<ReturnType<typeof listStudentGroups>>;
export type StudentGroup = StudentGroupList['items'][number];
export type GroupKind = StudentGroup['kind'];

export const GENDERS: readonly Gender[] = ['male', 'female'];
export const STUDENT_STATUSES: readonly StudentStatus[] = ['enrolled', 'suspended', 'graduated', 'withdrawn'];
export const STAFF_KINDS: readonly StaffKind[] = ['teacher', 'staff', 'guard', 'volunteer'];
export const STAFF_STATUSES: readonly StaffStatus[] = ['active', 'left'];
/** Where a staff member belongs: the school itself, a campus, a college or a department. */
export const STAFF_ORG_KINDS = ['school', 'campus', 'college', 'department'] as const;

/** The server's rules (people.schemas.ts), so that a form says what is wrong before sending. */
export const NUMBER_PATTERN = /^[A-Za-z0-9-]{1,30}$/;
export const PHONE_PATTERN = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;
export const NATIONAL_ID_PATTERN = /^\d{17}[\dXx]$/;

/** GB 11643 check digit (ISO 7064 MOD 11-2), as the server checks it. */
export function validNationalId(value: string): boolean {
  const id = value.toUpperCase();
  if (!NATIONAL_ID_PATTERN.test(id)) return false;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = w.reduce((s, wi, i) => s + wi * Number(id[i]), 0);
  return '10X98765432'[sum % 11] === id[17];
}

export function listStudents(schoolId: string, filters: StudentFilters, page: number, pageSize: number) {
  return bodyOf(api.GET('/api/students', { params: { query: { ...filters, schoolId, page, pageSize } } }));
}

export function exportStudents(schoolId: string, filters: StudentFilters) {
  return downloadFile('/api/students/export.xlsx', { ...filters, schoolId }, 'students.xlsx');
}

export function createStudent(input: CreateStudentInput) {
  return bodyOf(api.POST('/api/students', { body: input }));
}

export function updateStudent(id: string, patch: UpdateStudentInput) {
  return bodyOf(api.PATCH('/api/students/{id}', { params: { path: { id } }, body: patch }));
}

export function revealNationalId(id: string) {
  return bodyOf(api.POST('/api/students/{id}/national-id', { params: { path: { id } } }));
}

/** A masked phone in full (audited on the server). */
export function revealPhone(kind: 'student' | 'staff', id: string) {
  return kind === 'student'
    ? bodyOf(api.POST('/api/students/{id}/phone', { params: { path: { id } } }))
    : bodyOf(api.POST('/api/staff/{id}/phone', { params: { path: { id } } }));
}

export function listStaff(schoolId: string, filters: StaffFilters, page: number, pageSize: number) {
  return bodyOf(api.GET('/api/staff', { params: { query: { ...filters, schoolId, page, pageSize } } }));
}

export function exportStaff(schoolId: string, filters: StaffFilters) {
  return downloadFile('/api/staff/export.xlsx', { ...filters, schoolId }, 'staff.xlsx');
}

export function createStaff(input: CreateStaffInput) {
  return bodyOf(api.POST('/api/staff', { body: input }));
}

export function updateStaff(id: string, patch: UpdateStaffInput) {
  return bodyOf(api.PATCH('/api/staff/{id}', { params: { path: { id } }, body: patch }));
}

export function listStudentGroups(schoolId: string) {
  return bodyOf(api.GET('/api/student-groups', { params: { query: { schoolId } } }));
}

export function listGroupMembers(groupId: string) {
  return bodyOf(api.GET('/api/student-groups/{id}/members', { params: { path: { id: groupId } } }));
}

export function exportStudentGroups(schoolId: string) {
  return downloadFile('/api/student-groups/export.xlsx', { schoolId }, '学生组织.xlsx');
}
