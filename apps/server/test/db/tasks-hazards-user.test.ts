import { and, eq, like } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import { newId } from '../../src/kernel/ids.js';
import { readFirstSheet } from '../../src/kernel/sheets/index.js';
import { equipment, places } from '../../src/modules/places/index.js';
import { taskInstances, taskSchedules, taskTemplates } from '../../src/modules/tasks/index.js';
import { uploadFile } from '../support/files.js';
import { pdfText, squash } from '../support/pdf.js';
import { orgId, testRuntime, type Session, type TestRuntime } from '../support/runtime.js';

// Issue 14, items 9–11: what a hazard made from a checklist says, the drawn signature, the cadence.

// Monday 30 November 2026, 10:00 in China.
const clock = new ManualClock(new Date('2026-11-30T10:00:00+08:00'));
let rt: TestRuntime;
let school: string;
let worker: Session;
let centre: Session;
let hydrantTaskId: string;
let roomName: string;

interface Brief {
  id: string;
  gridName: string;
  templateName: string;
  periodKey: string;
  cadence: { kind: string; everyDays: number | null; weekdays: number[] };
  equipment: { id: string } | null;
}
interface HazardOut {
  id: string;
  no: string;
  placeName: string | null;
  sourceTask: string | null;
  sourceItem: string | null;
}

const upload = async (s: Session, data: Buffer, name: string, type: string) => {
  const r = await uploadFile(rt.app, s, { data, name, type });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<{ id: string }>().id;
};

/** A signature as the phone's pad makes it: a stroke on a transparent 720 × 280 PNG. */
const drawnSignature = () =>
  sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="720" height="280"><path d="M40 200 C 160 20, 260 260, 380 120 S 600 60, 680 200" stroke="#1f2329" stroke-width="6" fill="none"/></svg>`,
    ),
  )
    .png()
    .toBuffer();

const today = async () => {
  const r = await worker.call('GET', '/api/tasks/today');
  expect(r.statusCode).toBe(200);
  return r.json<{ items: Brief[] }>().items;
};

const dormTask = async () =>
  (await today()).find((i) => i.templateName === '宿舍安全检查表' && i.gridName === '学生公寓3号楼网格')!;

const passingDorm = [
  { code: 'SMOKE', value: 'yes' },
  { code: 'EXIT', value: 'yes' },
  { code: 'NIGHT', value: 'yes' },
  { code: 'DUTY', value: 'yes' },
  { code: 'HYGIENE', value: 'good' },
];

beforeAll(async () => {
  rt = await testRuntime({ clock });
  school = await orgId(rt, 'DYVTC');
  // A hydrant in a room of 学生公寓3号楼, checked once a year, due tomorrow.
  const [building] = await rt.kernel.db
    .select({ path: places.path })
    .from(places)
    .where(and(eq(places.schoolId, school), eq(places.name, '学生公寓3号楼')));
  const [room] = await rt.kernel.db
    .select({ id: places.id, name: places.name })
    .from(places)
    .where(and(like(places.path, `${building!.path}%`), eq(places.kind, 'room')))
    .limit(1);
  roomName = room!.name;
  const now = clock.now();
  await rt.kernel.transaction(async (tx) => {
    await tx.update(taskSchedules).set({ active: false }).where(eq(taskSchedules.equipmentKind, 'hydrant'));
    await tx.insert(equipment).values({
      id: newId(),
      orgId: school,
      schoolId: school,
      placeId: room!.id,
      kind: 'hydrant',
      code: 'T14-HYD-01',
      name: '室内消火栓（测试）',
      nextInspectionDue: '2026-12-01',
      createdAt: now,
      updatedAt: now,
    });
    await rt.services.tasks.addSchedule(tx, {
      schoolId: school,
      templateCode: 'EQ-HYDRANT',
      recurrence: 'once',
      equipmentKind: 'hydrant',
      leadDays: 3,
      intervalDays: 365,
    });
  });
  await rt.services.tasks.generate();
  worker = await rt.login('grid.worker');
  centre = await rt.login('grid.center');
});
afterAll(async () => rt.dispose());

describe('a task is labelled by its real cadence (item 11)', () => {
  it('says yearly for a due-date hydrant check and daily for the daily dormitory check', async () => {
    const items = await today();
    const hydrant = items.find((i) => i.templateName === '消火栓检查');
    expect(hydrant, 'the hydrant check in today’s list').toBeDefined();
    hydrantTaskId = hydrant!.id;
    // Its period key is its due date, which reads like a day: the cadence says what it is.
    expect(hydrant!.periodKey).toBe('2026-12-01');
    expect(hydrant!.cadence).toEqual({ kind: 'interval', everyDays: 365, weekdays: [] });
    expect((await dormTask()).cadence).toEqual({ kind: 'daily', everyDays: null, weekdays: [] });
    const detail = await worker.call('GET', `/api/tasks/${hydrantTaskId}`);
    expect(detail.json<Brief>().cadence.kind).toBe('interval');
  });
});

describe('a hazard from a checklist item (item 9) and the drawn signature (item 10)', () => {
  let dormHazard: HazardOut;

  it('refuses a drawn signature that is not one small PNG, and nothing is recorded', async () => {
    const t = await dormTask();
    const evidence = await upload(worker, await drawnSignature(), 'heater.png', 'image/png');
    const jpeg = await sharp({ create: { width: 200, height: 80, channels: 3, background: '#fff' } })
      .jpeg()
      .toBuffer();
    const noise = await sharp(
      Buffer.from(Array.from({ length: 500 * 500 * 3 }, () => (Math.random() * 256) | 0)),
      {
        raw: { width: 500, height: 500, channels: 3 },
      },
    )
      .png({ compressionLevel: 0 })
      .toBuffer();
    expect(noise.length).toBeGreaterThan(256 * 1024);
    const bad = [
      [await upload(worker, jpeg, 'sign.jpg', 'image/jpeg')],
      [await upload(worker, noise, 'sign.png', 'image/png')],
      [await upload(worker, await drawnSignature(), 'a.png', 'image/png'), evidence],
    ];
    for (const photoIds of bad) {
      const r = await worker.call('POST', `/api/tasks/${t.id}/complete`, {
        key: `bad-signature-${photoIds.length}-${photoIds[0]!.slice(0, 8)}`,
        answers: [
          { code: 'APPLIANCE', value: 'no', photoIds: [evidence] },
          ...passingDorm,
          { code: 'SIGN', value: null, photoIds },
        ],
      });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().error.code).toBe('tasks.bad_signature');
    }
    const [row] = await rt.kernel.db.select().from(taskInstances).where(eq(taskInstances.id, t.id));
    expect(row!.status).toBe('open');
  });

  it('records a checklist signed by hand only, and shows the signature on the task record', async () => {
    const t = await dormTask();
    const evidence = await upload(worker, await drawnSignature(), 'heater.png', 'image/png');
    const signature = await upload(worker, await drawnSignature(), 'signature.png', 'image/png');
    const r = await worker.call('POST', `/api/tasks/${t.id}/complete`, {
      key: 'signed-by-hand-0001',
      answers: [
        { code: 'APPLIANCE', value: 'no', photoIds: [evidence], note: '302 室发现热得快' },
        ...passingDorm,
        { code: 'SIGN', value: null, photoIds: [signature] },
      ],
    });
    expect(r.statusCode, r.body).toBe(200);
    // The office reads the task record with the signature's image.
    const record = await centre.call('GET', `/api/tasks/${t.id}`);
    const sign = record
      .json<{ answers: { code: string; value: unknown; photoIds: string[] }[] }>()
      .answers.find((a) => a.code === 'SIGN');
    expect(sign).toEqual({ code: 'SIGN', value: null, photoIds: [signature], note: null });
    const img = await centre.call('GET', `/api/files/${signature}`);
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
  });

  it('keeps the task’s name, the item’s words and the building on the hazard, whatever the checklist becomes', async () => {
    const t = await dormTask();
    const r = await worker.call('POST', `/api/tasks/${t.id}/hazards`, {
      itemCode: 'APPLIANCE',
      grade: 'general',
    });
    expect(r.statusCode, r.body).toBe(201);
    dormHazard = r.json<{ hazard: HazardOut }>().hazard;
    // The checklist is edited afterwards: the hazard keeps what the worker answered to.
    const [tpl] = await rt.kernel.db
      .select()
      .from(taskTemplates)
      .where(and(eq(taskTemplates.schoolId, school), eq(taskTemplates.code, 'DOMAIN-DORM')));
    await rt.kernel.db
      .update(taskTemplates)
      .set({
        name: '宿舍检查（新版）',
        items: tpl!.items.map((i) => (i.code === 'APPLIANCE' ? { ...i, prompt: '改过的检查项' } : i)),
      })
      .where(eq(taskTemplates.id, tpl!.id));
    const d = await centre.call('GET', `/api/hazards/${dormHazard.id}`);
    expect(d.json<HazardOut>()).toMatchObject({
      placeName: '学生公寓3号楼',
      sourceTask: '宿舍安全检查表',
      sourceItem: '宿舍内无违规电器（热得快、电热锅、电热毯等）',
    });
  });

  it('prints the place, the source and the drawn signature on the notice', async () => {
    expect((await centre.call('POST', `/api/hazards/${dormHazard.id}/notice`)).statusCode).toBe(200);
    const pdf = await centre.call('GET', `/api/hazards/${dormHazard.id}/notice.pdf`);
    expect(pdf.statusCode).toBe(200);
    const text = squash((await pdfText(pdf.rawPayload)).join(''));
    expect(text).toContain(squash('隐患位置学生公寓3号楼'));
    expect(text).toContain(squash('来源任务宿舍安全检查表 · 宿舍内无违规电器'));
    expect(text).toContain(squash('检查人（签字）'));
    // The drawn signature is an image on the page (a notice without one has none).
    expect(pdf.rawPayload.toString('latin1')).toMatch(/\/Subtype\s*\/Image/);
  });

  it('puts a room with its building, and a typed name, on the hazard of an equipment check', async () => {
    const evidence = await upload(worker, await drawnSignature(), 'box.png', 'image/png');
    const done = await worker.call('POST', `/api/tasks/${hydrantTaskId}/complete`, {
      key: 'hydrant-typed-0001',
      answers: [
        { code: 'BOX', value: 'no', photoIds: [evidence] },
        { code: 'PARTS', value: 'yes' },
        { code: 'VALVE', value: 'yes' },
        { code: 'LABEL', value: 'yes' },
        { code: 'SIGN', value: '赵磊' },
      ],
    });
    expect(done.statusCode, done.body).toBe(200);
    const r = await worker.call('POST', `/api/tasks/${hydrantTaskId}/hazards`, { itemCode: 'BOX' });
    expect(r.statusCode, r.body).toBe(201);
    const h = r.json<{ hazard: HazardOut }>().hazard;
    expect(h.placeName).toBe(`学生公寓3号楼 / ${roomName}`);
    expect(h.sourceTask).toBe('消火栓检查');
    expect(h.sourceItem).toBe('消火栓箱门可正常开启，无上锁、无遮挡');
    expect((await centre.call('POST', `/api/hazards/${h.id}/notice`)).statusCode).toBe(200);
    const pdf = await centre.call('GET', `/api/hazards/${h.id}/notice.pdf`);
    const text = squash((await pdfText(pdf.rawPayload)).join(''));
    expect(text).toContain(squash(`隐患位置学生公寓3号楼 / ${roomName}`));
    expect(text).toContain(squash('检查人（签字）：赵磊'));
    expect(pdf.rawPayload.toString('latin1')).not.toMatch(/\/Subtype\s*\/Image/);

    // The ledger: the place and the source in their columns.
    const x = await centre.call('GET', `/api/hazards/export?q=${h.no}`);
    expect(x.statusCode).toBe(200);
    const sheet = await readFirstSheet(x.rawPayload, { maxRows: 10 });
    const cell = (header: string) => sheet.rows[0]!.cells[sheet.headers.indexOf(header)];
    expect(cell('位置')).toBe(`学生公寓3号楼 / ${roomName}`);
    expect(cell('来源任务')).toBe('消火栓检查 · 消火栓箱门可正常开启，无上锁、无遮挡');
  });
});
