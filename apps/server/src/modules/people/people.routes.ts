import { z } from 'zod';
import { actorOf, type ZodApp } from '../../kernel/http/http.js';
import { sendXlsx, writeWorkbook } from '../../kernel/sheets/index.js';
import {
  createStaffBody,
  createStudentBody,
  groupListSchema,
  staffListQuery,
  staffSchema,
  studentListQuery,
  studentSchema,
  updateStaffBody,
  updateStudentBody,
} from './people.schemas.js';
import type { PeopleService } from './people.service.js';
import { groupSheet, staffSheet, studentSheet } from './people.sheets.js';

const idParams = z.object({ id: z.uuid() });

export function peopleRoutes(app: ZodApp, svc: PeopleService): void {
  const tags = ['people'];
  app.get(
    '/api/students',
    {
      schema: {
        tags,
        summary: 'Students (national ID masked)',
        querystring: studentListQuery,
        response: { 200: z.object({ items: z.array(studentSchema), total: z.number().int() }) },
      },
    },
    async (req) => svc.listStudents(actorOf(req), req.query),
  );
  app.get(
    '/api/students/export.xlsx',
    {
      schema: {
        tags,
        summary: 'The student list with the same filters, as xlsx',
        querystring: studentListQuery,
      },
    },
    async (req, reply) => {
      return sendXlsx(
        reply,
        '学生名单.xlsx',
        await writeWorkbook([studentSheet(await svc.exportStudents(actorOf(req), req.query))]),
      );
    },
  );
  app.get(
    '/api/students/:id',
    { schema: { tags, summary: 'One student', params: idParams, response: { 200: studentSchema } } },
    async (req) => svc.getStudent(actorOf(req), req.params.id),
  );
  app.post(
    '/api/students',
    { schema: { tags, summary: 'Add a student', body: createStudentBody, response: { 201: studentSchema } } },
    async (req, reply) => reply.status(201).send(await svc.createStudent(actorOf(req), req.body)),
  );
  app.patch(
    '/api/students/:id',
    {
      schema: {
        tags,
        summary: 'Change a student (class, bed, phone …)',
        params: idParams,
        body: updateStudentBody,
        response: { 200: studentSchema },
      },
    },
    async (req) => svc.updateStudent(actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/students/:id/national-id',
    {
      schema: {
        tags,
        summary: 'Reveal the full national ID (people.sensitive; audited)',
        params: idParams,
        response: { 200: z.object({ nationalId: z.string().nullable() }) },
      },
    },
    async (req) => svc.revealNationalId(actorOf(req), req.params.id),
  );
  app.post(
    '/api/students/:id/phone',
    {
      schema: {
        tags,
        summary: "Reveal a student's full phone to one who sees it masked (people.read; audited)",
        params: idParams,
        response: { 200: z.object({ phone: z.string().nullable() }) },
      },
    },
    async (req) => svc.revealPhone(actorOf(req), 'student', req.params.id),
  );
  app.post(
    '/api/staff/:id/phone',
    {
      schema: {
        tags,
        summary: "Reveal a staff member's full phone to one who sees it masked (people.read; audited)",
        params: idParams,
        response: { 200: z.object({ phone: z.string().nullable() }) },
      },
    },
    async (req) => svc.revealPhone(actorOf(req), 'staff', req.params.id),
  );
  app.get(
    '/api/staff',
    {
      schema: {
        tags,
        summary: 'Teachers, staff, guards and volunteers',
        querystring: staffListQuery,
        response: { 200: z.object({ items: z.array(staffSchema), total: z.number().int() }) },
      },
    },
    async (req) => svc.listStaff(actorOf(req), req.query),
  );
  app.get(
    '/api/staff/export.xlsx',
    {
      schema: { tags, summary: 'The staff list with the same filters, as xlsx', querystring: staffListQuery },
    },
    async (req, reply) => {
      return sendXlsx(
        reply,
        '教职工名单.xlsx',
        await writeWorkbook([staffSheet(await svc.exportStaff(actorOf(req), req.query))]),
      );
    },
  );
  app.post(
    '/api/staff',
    {
      schema: { tags, summary: 'Add a staff member', body: createStaffBody, response: { 201: staffSchema } },
    },
    async (req, reply) => reply.status(201).send(await svc.createStaff(actorOf(req), req.body)),
  );
  app.patch(
    '/api/staff/:id',
    {
      schema: {
        tags,
        summary: 'Change a staff member',
        params: idParams,
        body: updateStaffBody,
        response: { 200: staffSchema },
      },
    },
    async (req) => svc.updateStaff(actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/student-groups',
    {
      schema: {
        tags,
        summary: 'Student organisations with member counts and the share of students they cover',
        querystring: z.object({ schoolId: z.uuid().optional() }),
        response: { 200: groupListSchema },
      },
    },
    async (req) => svc.listGroups(actorOf(req), req.query.schoolId),
  );
  app.get(
    '/api/student-groups/:id/members',
    {
      schema: {
        tags,
        summary: 'Members of a student organisation (those the caller may see)',
        params: idParams,
        response: {
          200: z.object({
            name: z.string(),
            items: z.array(studentSchema.extend({ role: z.string().nullable() })),
          }),
        },
      },
    },
    async (req) => svc.groupMembers(actorOf(req), req.params.id),
  );
  app.get(
    '/api/student-groups/export.xlsx',
    {
      schema: {
        tags,
        summary: 'Student organisations with member counts, as xlsx',
        querystring: z.object({ schoolId: z.uuid().optional() }),
      },
    },
    async (req, reply) => {
      return sendXlsx(
        reply,
        '学生组织.xlsx',
        await writeWorkbook([groupSheet((await svc.listGroups(actorOf(req), req.query.schoolId)).items)]),
      );
    },
  );
}
