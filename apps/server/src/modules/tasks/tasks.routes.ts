import { z } from 'zod';
import { isoDay } from '../../kernel/http/schemas.js';
import { actorOf, type ZodApp } from '../../kernel/http/http.js';
import {
  boardRowSchema,
  completeBody,
  listQuery,
  scheduleBody,
  scheduleSchema,
  scheduleUpdateBody,
  taskBriefSchema,
  taskDetailSchema,
  templateBody,
  templateSchema,
  templateUpdateBody,
  todaySchema,
} from './tasks.schemas.js';
import type { TasksService } from './tasks.service.js';

const idParams = z.object({ id: z.uuid() });

export function tasksRoutes(app: ZodApp, svc: TasksService): void {
  const tags = ['tasks'];

  // ---- the grid worker --------------------------------------------------------------------------
  app.get(
    '/api/tasks/today',
    {
      schema: {
        tags,
        summary: "Today's list of the grids I hold: open tasks (the late ones first) and those done today",
        response: { 200: todaySchema },
      },
    },
    async (req) => svc.today(actorOf(req)),
  );
  app.get(
    '/api/tasks/:id',
    {
      schema: {
        tags,
        summary: 'A task with its checklist, answers and the hazards made from it',
        params: idParams,
        response: { 200: taskDetailSchema },
      },
    },
    async (req) => svc.detail(actorOf(req), req.params.id),
  );
  app.post(
    '/api/tasks/:id/complete',
    {
      schema: {
        tags,
        summary:
          'Send a filled checklist (from the phone, maybe long after it was filled offline): a replay with the same key answers the same',
        params: idParams,
        body: completeBody,
        response: { 200: taskDetailSchema },
      },
    },
    async (req) => svc.complete(actorOf(req), req.params.id, req.body),
  );

  // ---- the office -------------------------------------------------------------------------------
  app.get(
    '/api/tasks',
    {
      schema: {
        tags,
        summary: 'Tasks in my scope, newest period first',
        querystring: listQuery,
        response: { 200: z.object({ items: z.array(taskBriefSchema), total: z.number().int() }) },
      },
    },
    async (req) => svc.list(actorOf(req), req.query),
  );
  app.get(
    '/api/task-board',
    {
      schema: {
        tags,
        summary: "A day's tasks per grid: due, done, overdue and failed items",
        querystring: z.object({ schoolId: z.uuid(), date: isoDay().optional() }),
        response: { 200: z.object({ date: z.string(), rows: z.array(boardRowSchema) }) },
      },
    },
    async (req) => svc.board(actorOf(req), req.query.schoolId, req.query.date),
  );
  app.get(
    '/api/task-templates',
    {
      schema: {
        tags,
        summary: "A school's task templates and checklists",
        querystring: z.object({ schoolId: z.uuid() }),
        response: { 200: z.array(templateSchema) },
      },
    },
    async (req) => svc.templates(actorOf(req), req.query.schoolId),
  );
  app.post(
    '/api/task-templates',
    {
      schema: {
        tags,
        summary: 'Add a task template (a copy of a library checklist, or a new one)',
        body: templateBody,
        response: { 201: templateSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.addTemplate(actorOf(req), req.body)),
  );
  app.patch(
    '/api/task-templates/:id',
    {
      schema: {
        tags,
        summary: 'Edit a template (version-checked); tasks not yet done use the new checklist',
        params: idParams,
        body: templateUpdateBody,
        response: { 200: templateSchema },
      },
    },
    async (req) => svc.updateTemplate(actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/task-schedules',
    {
      schema: {
        tags,
        summary: "A school's schedules",
        querystring: z.object({ schoolId: z.uuid() }),
        response: { 200: z.array(scheduleSchema) },
      },
    },
    async (req) => svc.schedules(actorOf(req), req.query.schoolId),
  );
  app.post(
    '/api/task-schedules',
    {
      schema: {
        tags,
        summary:
          'Assign a template to grids with a recurrence, or to the equipment of a kind by its due dates; the first tasks are made at once',
        body: scheduleBody,
        response: { 201: scheduleSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.createSchedule(actorOf(req), req.body)),
  );
  app.patch(
    '/api/task-schedules/:id',
    {
      schema: {
        tags,
        summary: 'Pause or resume a schedule',
        params: idParams,
        body: scheduleUpdateBody,
        response: { 200: scheduleSchema },
      },
    },
    async (req) => svc.updateSchedule(actorOf(req), req.params.id, req.body),
  );
}
