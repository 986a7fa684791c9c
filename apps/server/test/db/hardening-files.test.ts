import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SWEEP_FILES_JOB } from '../../src/kernel/files/files.lifecycle.js';
import { files } from '../../src/kernel/files/files.tables.js';
import { hazards } from '../../src/modules/hazards/index.js';
import { uploadFile } from '../support/files.js';
import { orgId, testRuntime, type TestRuntime } from '../support/runtime.js';

/** Limits of the main runtime: small, so the tests reach them. */
const PLACE_PHOTOS_PER_HOUR = 4;

let rt: TestRuntime;
let school: string;
let rooms: string[];

/** A real JPEG that carries the GPS position of whoever took it, made as a phone would. */
const jpegWithGps = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestPhone', Model: 'X1' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '37/1 26/1 3000/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '118/1 40/1 1200/100',
      },
    })
    .toBuffer();

/** Random bytes behind a JPEG header: what a flood of fake photos looks like. */
const fakeJpeg = (size = 200_000) =>
  Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]),
    randomBytes(size),
  ]);

function snap(r: TestRuntime, placeId: string, photos: Buffer[], key?: string) {
  const b = '----snap';
  const field = (k: string, v: string) =>
    `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  return r.app.inject({
    method: 'POST',
    url: '/api/public/hazards',
    headers: { 'content-type': `multipart/form-data; boundary=${b}` },
    payload: Buffer.concat([
      Buffer.from(
        field('placeId', placeId) + field('description', '楼道灭火器被挪走') + (key ? field('key', key) : ''),
      ),
      ...photos.flatMap((p, i) => [
        Buffer.from(
          `--${b}\r\nContent-Disposition: form-data; name="photo"; filename="p${i}.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
        ),
        p,
        Buffer.from('\r\n'),
      ]),
      Buffer.from(`--${b}--\r\n`),
    ]),
  });
}

/** Every file the store holds on disk. */
function filesOnDisk(r: TestRuntime): string[] {
  const root = r.kernel.config.filesDir;
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => fs.statSync(path.join(root, f)).isFile());
}
const fileRows = async (r: TestRuntime) =>
  Number((await r.kernel.db.select({ n: sql<number>`count(*)::int` }).from(files))[0]!.n);

beforeAll(async () => {
  rt = await testRuntime({ env: { PUBLIC_UPLOAD_PLACE_PHOTOS_PER_HOUR: String(PLACE_PHOTOS_PER_HOUR) } });
  school = await orgId(rt, 'DYVTC');
  const admin = await rt.login('school.admin');
  rooms = (await admin.call('GET', `/api/places?schoolId=${school}&kind=room&pageSize=50`))
    .json<{ items: { id: string }[] }>()
    .items.map((p) => p.id);
  expect(rooms.length).toBeGreaterThan(10);
});
afterAll(async () => rt.dispose());

describe('随手拍 photos (issue 13, item 8)', () => {
  it('refuses random bytes behind a JPEG header, and keeps nothing of the report', async () => {
    const [rows, disk, reports] = [
      await fileRows(rt),
      filesOnDisk(rt).length,
      await rt.kernel.db.$count(hazards),
    ];
    const r = await snap(rt, rooms[0]!, [fakeJpeg()]);
    expect(r.statusCode).toBe(415);
    expect(r.json<{ error: { code: string } }>().error.code).toBe('files.not_an_image');
    expect(await fileRows(rt)).toBe(rows);
    expect(filesOnDisk(rt)).toHaveLength(disk);
    expect(await rt.kernel.db.$count(hazards)).toBe(reports);
  });

  it('keeps a real photo re-encoded, without the EXIF GPS position of whoever took it', async () => {
    const original = await jpegWithGps();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const r = await snap(rt, rooms[1]!, [original], 'gps-photo-0001');
    expect(r.statusCode).toBe(201);
    const [h] = await rt.kernel.db.select().from(hazards).where(eq(hazards.no, r.json<{ no: string }>().no));
    expect(h!.photos).toHaveLength(1);
    const { file, stream } = await rt.kernel.files.openById(h!.photos[0]!);
    expect(file.mime).toBe('image/jpeg');
    expect(file.committedAt).not.toBeNull();
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    const kept = Buffer.concat(chunks);
    expect(kept.equals(original)).toBe(false);
    const meta = await sharp(kept).metadata();
    expect(meta.exif).toBeUndefined();
    expect(kept.includes(Buffer.from('GPS'))).toBe(false);
    expect(kept.includes(Buffer.from('TestPhone'))).toBe(false);
    expect({ width: meta.width, height: meta.height }).toEqual({ width: 64, height: 48 });
  });

  it('refuses more photos than allowed, and a photo over 5 MB', async () => {
    const photo = await jpegWithGps();
    const many = await snap(rt, rooms[2]!, [photo, photo, photo, photo]);
    expect(many.statusCode).toBe(413);
    expect(many.json<{ error: { code: string } }>().error.code).toBe('files.too_many');
    const big = await snap(rt, rooms[2]!, [fakeJpeg(5 * 1024 * 1024 + 1)]);
    expect(big.statusCode).toBe(413);
    expect(big.json<{ error: { code: string; details: unknown } }>().error).toMatchObject({
      code: 'files.too_large',
      details: { maxBytes: 5 * 1024 * 1024 },
    });
    // Three of a reasonable size pass.
    expect((await snap(rt, rooms[2]!, [photo, photo, photo])).statusCode).toBe(201);
  });

  it('counts photos per place per hour in the database, and refuses past the budget', async () => {
    const photo = await jpegWithGps();
    const place = rooms[3]!;
    expect((await snap(rt, place, [photo, photo])).statusCode).toBe(201);
    expect((await snap(rt, place, [photo, photo])).statusCode).toBe(201);
    const over = await snap(rt, place, [photo]);
    expect(over.statusCode).toBe(429);
    expect(over.json<{ error: { code: string } }>().error.code).toBe('files.budget_exhausted');
    // Without photos the report still gets through; another place has its own budget.
    expect((await snap(rt, place, [])).statusCode).toBe(201);
    expect((await snap(rt, rooms[4]!, [photo])).statusCode).toBe(201);
    // The next hour starts afresh.
    rt.clock.advance(3_600_000);
    expect((await snap(rt, place, [photo])).statusCode).toBe(201);
  });

  it('refuses uploads with 507 when they would eat into the disk reserve kept for alarms', async () => {
    const full = await testRuntime({ env: { UPLOAD_DISK_RESERVE_BYTES: String(Number.MAX_SAFE_INTEGER) } });
    try {
      const admin = await full.login('school.admin');
      const room = (
        await admin.call('GET', `/api/places?schoolId=${await orgId(full, 'DYVTC')}&kind=room&pageSize=50`)
      ).json<{ items: { id: string }[] }>().items[0]!.id;
      const r = await snap(full, room, [await jpegWithGps()]);
      expect(r.statusCode).toBe(507);
      expect(r.json<{ error: { code: string; message: string } }>().error.code).toBe('files.disk_full');
      const up = await uploadFile(full.app, admin);
      expect(up.statusCode).toBe(507);
      expect(await fileRows(full)).toBe(0);
      // An alarm still goes in: it is a row, not an upload.
      const student = await full.login('student');
      const sos = await student.call('POST', '/api/alarms/sos', { idempotencyKey: 'sos-disk-full-0001' });
      expect(sos.statusCode).toBeLessThan(300);
    } finally {
      await full.dispose();
    }
  });
});

describe('a refused write leaves nothing behind (issue 13, item 13a)', () => {
  it('a public report whose second photo is refused keeps neither photo', async () => {
    const [rows, disk] = [await fileRows(rt), filesOnDisk(rt).length];
    const r = await snap(rt, rooms[5]!, [await jpegWithGps(), fakeJpeg()]);
    expect(r.statusCode).toBe(415);
    expect(await fileRows(rt)).toBe(rows);
    expect(filesOnDisk(rt)).toHaveLength(disk);
  });

  it('an upload no record took is swept after a day by the job; one a hazard took is kept', async () => {
    const worker = await rt.login('grid.worker');
    const up = async () => {
      const r = await uploadFile(rt.app, worker, {
        data: await jpegWithGps(),
        name: 'a.jpg',
        type: 'image/jpeg',
      });
      expect(r.statusCode).toBe(201);
      return r.json<{ id: string }>().id;
    };
    const orphan = await up();
    const used = await up();
    const reported = await worker.call('POST', '/api/hazards', {
      key: 'sweep-test-0001',
      domain: 'fire',
      grade: 'general',
      title: '灭火器过期',
      placeId: rooms[6],
      photos: [used],
    });
    expect(reported.statusCode).toBe(201);
    const row = async (id: string) => (await rt.kernel.db.select().from(files).where(eq(files.id, id)))[0];
    expect((await row(orphan))!.committedAt).toBeNull();
    expect((await row(used))!.committedAt).not.toBeNull();
    const orphanPath = path.join(rt.kernel.config.filesDir, (await row(orphan))!.storageKey);
    const usedPath = path.join(rt.kernel.config.filesDir, (await row(used))!.storageKey);
    expect(fs.existsSync(orphanPath)).toBe(true);

    // Within the day it stays: the form may still be sent.
    rt.clock.advance(23 * 3_600_000);
    await rt.kernel.jobs.enqueue(rt.kernel.db, SWEEP_FILES_JOB, {});
    while ((await rt.kernel.jobs.tick()) > 0);
    expect(await row(orphan)).toBeDefined();

    rt.clock.advance(2 * 3_600_000);
    await rt.kernel.jobs.enqueue(rt.kernel.db, SWEEP_FILES_JOB, {});
    while ((await rt.kernel.jobs.tick()) > 0);
    expect(await row(orphan)).toBeUndefined();
    expect(fs.existsSync(orphanPath)).toBe(false);
    expect(await row(used)).toBeDefined();
    expect(fs.existsSync(usedPath)).toBe(true);
    // Attaching the swept upload now fails with a clear error instead of pointing at nothing.
    const late = await (
      await rt.login('grid.worker')
    ).call('POST', '/api/hazards', {
      key: 'sweep-test-0002',
      domain: 'fire',
      grade: 'general',
      title: '迟到的照片',
      placeId: rooms[6],
      photos: [orphan],
    });
    expect(late.statusCode).toBe(400);
  });
});
