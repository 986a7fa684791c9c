import { and, eq, inArray, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { files } from '../../src/kernel/files/files.tables.js';
import { places } from '../../src/modules/places/index.js';
import { requestCategories, requests } from '../../src/modules/requests/index.js';
import { uploadFile } from '../support/files.js';
import { orgId, testRuntime, type Session, type TestRuntime } from '../support/runtime.js';

/** Issue 13, item 4: a sealed filing cannot be joined to its reporter's other rows without the key. */

let rt: TestRuntime;
let school: string;
let student: Session;
let room: string;
let categories: Record<string, string>;

beforeAll(async () => {
  rt = await testRuntime();
  school = await orgId(rt, 'DYVTC');
  student = await rt.login('student');
  const [r] = await rt.kernel.db
    .select({ id: places.id })
    .from(places)
    .where(and(eq(places.kind, 'room'), like(places.code, 'S03-%')))
    .limit(1);
  room = r!.id;
  const cats = await rt.kernel.db
    .select({ id: requestCategories.id, code: requestCategories.code })
    .from(requestCategories)
    .where(eq(requestCategories.schoolId, school));
  categories = Object.fromEntries(cats.map((c) => [c.code, c.id]));
});
afterAll(async () => rt.dispose());

async function photo() {
  const r = await uploadFile(rt.app, student, {});
  expect(r.statusCode, r.body).toBe(201);
  return r.json<{ id: string }>().id;
}

describe('a sealed request in a database dump', () => {
  it('shares no reporter key, sender prefix or photo owner with the same student’s named request', async () => {
    const namedPhoto = await photo();
    const sealedPhoto = await photo();
    const named = await student.call('POST', '/api/requests', {
      idempotencyKey: 'dump-named-0001',
      categoryId: categories['DORM'],
      description: '宿舍楼道的灯坏了，晚上很黑',
      placeId: room,
      photos: [namedPhoto],
    });
    expect(named.statusCode, named.body).toBe(201);
    const sealedBody = {
      idempotencyKey: 'dump-sealed-0001',
      categoryId: categories['DORM'],
      description: '有同学在宿舍里抽烟，不想让他知道是我说的',
      placeId: room,
      photos: [sealedPhoto],
      identity: 'sealed',
    };
    const sealed = await student.call('POST', '/api/requests', sealedBody);
    expect(sealed.statusCode, sealed.body).toBe(201);
    const namedId = named.json<{ id: string }>().id;
    const sealedId = sealed.json<{ id: string }>().id;

    const rows = await rt.kernel.db
      .select({
        id: requests.id,
        reporterKey: requests.reporterKey,
        reporterUserId: requests.reporterUserId,
        idempotencyKey: requests.idempotencyKey,
      })
      .from(requests)
      .where(inArray(requests.id, [namedId, sealedId]));
    const n = rows.find((r) => r.id === namedId)!;
    const s = rows.find((r) => r.id === sealedId)!;
    expect(n.reporterKey).toBeTruthy();
    expect(s.reporterKey).toBeTruthy();
    expect(s.reporterKey).not.toBe(n.reporterKey);
    expect(s.reporterUserId).toBeNull();
    // The stored idempotency keys hold no common part (they used to start with the sender's hash).
    expect(s.idempotencyKey.slice(0, 16)).not.toBe(n.idempotencyKey.slice(0, 16));
    const sealedRow = JSON.stringify(
      (await rt.kernel.db.select().from(requests).where(eq(requests.id, sealedId)))[0],
    );
    expect(sealedRow).not.toContain(student.userId);
    expect(sealedRow).not.toContain(n.reporterKey!);

    const owners = await rt.kernel.db
      .select({ id: files.id, ownerId: files.ownerId, orgId: files.orgId, name: files.originalName })
      .from(files)
      .where(inArray(files.id, [namedPhoto, sealedPhoto]));
    const sealedFile = owners.find((f) => f.id === sealedPhoto)!;
    const namedFile = owners.find((f) => f.id === namedPhoto)!;
    expect(sealedFile.ownerId).toBeNull();
    expect(namedFile.ownerId).toBe(student.userId);
    // Nor by the uploader's class or the phone's file name: the sealed photo is the school's.
    expect(sealedFile.orgId).toBe(school);
    expect(namedFile.orgId).not.toBe(school);
    expect(sealedFile.name).toBe('photo.png');

    // The student still has both: in their list, each one's page and its photo.
    const mine = await student.call('GET', '/api/my/requests');
    expect(mine.statusCode, mine.body).toBe(200);
    const listed = mine.json<{ items: { id: string; identity: string }[] }>().items;
    expect(listed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: namedId, identity: 'named' }),
        expect.objectContaining({ id: sealedId, identity: 'sealed' }),
      ]),
    );
    expect((await student.call('GET', `/api/my/requests/${sealedId}`)).statusCode).toBe(200);
    const p = await student.call('GET', `/api/my/requests/${sealedId}/photos/${sealedPhoto}`);
    expect(p.statusCode).toBe(200);
    expect(p.headers['content-type']).toBe('image/png');
    // The phone's retry of the sealed filing (its photo no longer the student's) is the same request.
    const retry = await student.call('POST', '/api/requests', sealedBody);
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json<{ id: string }>().id).toBe(sealedId);
    // A photo taken over by a sealed filing cannot be attached again elsewhere.
    const again = await student.call('POST', '/api/requests', {
      ...sealedBody,
      idempotencyKey: 'dump-named-0002',
      identity: 'named',
    });
    expect(again.statusCode).toBe(400);
    // Another account does not reach it as theirs.
    const other = await rt.login('grid.worker');
    expect((await other.call('GET', `/api/my/requests/${sealedId}`)).statusCode).toBe(404);
  });
});
