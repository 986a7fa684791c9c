import { ApiError } from '@anxiao/web-core';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryStore } from '../offline/idb';
import { photoStore } from '../offline/photos';
import { PhotoLost } from '../offline/upload';
import {
  RETRY_MS,
  hazardKey,
  newCompletion,
  newHazard,
  resubmit,
  type CompletionEntry,
  type OutboxEntry,
} from './outbox';
import { TaskQueue, type QueuePorts } from './queue';
import type { CompleteBody, FromItemBody, TaskDetail } from './types';

const T0 = Date.parse('2026-11-30T09:00:00+08:00');
const USER = '01a22bb6-c299-7567-b8d9-272a784a7a1b';
const TASK = '01a22bb6-ce12-7529-9501-d20308f33f25';
const KEY = '6f1c2a8e-7d3b-4c1a-9e2f-0a1b2c3d4e5f';
const PHOTO = 'b3c1d2e4-0000-4000-8000-000000000001';
const FILE = '01a22bb6-0000-7000-8000-0000000000f1';

const offline = () => new ApiError(0, 'network', '');

/** A phone and a server, both fakes: what was called, and what the server answers. */
function world() {
  const entries = memoryStore<OutboxEntry>();
  const photoKv = memoryStore<Blob>();
  const calls = { upload: [] as string[], complete: [] as CompleteBody[], hazard: [] as FromItemBody[] };
  const server = {
    online: false,
    user: USER as string | null,
    /** what POST /complete answers next (after the network) */
    complete: null as ApiError | null,
    recorded: null as CompleteBody | null,
    failed: ['APPLIANCE'],
  };
  let clock = T0;
  /** photos of the checklist being filled in (kept when the outbox tidies its store) */
  const drafts = new Set<string>();
  const ports: QueuePorts = {
    draftPhotos: () => [...drafts],
    entries,
    photos: photoStore('test', photoKv),
    async upload(localId) {
      calls.upload.push(localId);
      if (!server.online) throw offline();
      if (!photoKv.map.has(localId)) throw new PhotoLost();
      return FILE;
    },
    async complete(taskId, body) {
      calls.complete.push(body);
      if (!server.online) throw offline();
      if (server.complete) throw server.complete;
      // The server's replay: the same key answers the task as recorded; another is a conflict.
      if (server.recorded && server.recorded.key !== body.key)
        throw new ApiError(409, 'tasks.already_done', '该任务已由他人完成');
      server.recorded ??= body;
      return { id: taskId, status: 'done', failed: server.failed } as TaskDetail;
    },
    async hazard(taskId, body) {
      calls.hazard.push(body);
      if (!server.online) throw offline();
      return {
        created: true,
        hazard: { id: 'h1', no: 'YH202611300001', status: 'open', itemCode: body.itemCode },
      } as never;
    },
    async currentUser() {
      if (!server.online) throw offline();
      return server.user;
    },
    now: () => clock,
  };
  const queue = new TaskQueue(ports);
  queues.push(queue);
  return {
    queue,
    entries,
    photoKv,
    calls,
    server,
    ports,
    drafts,
    tick: (ms: number) => (clock += ms),
    entry: (key = KEY) => queue.get(key),
  };
}

const queues: TaskQueue[] = [];
afterEach(() => {
  for (const q of queues.splice(0)) q.stop();
});

function checklist(over: Partial<CompletionEntry> = {}): CompletionEntry {
  return {
    ...newCompletion(
      {
        key: KEY,
        userId: USER,
        taskId: TASK,
        templateName: '宿舍安全检查表',
        gridName: '学生公寓3号楼网格',
        answers: [
          {
            code: 'APPLIANCE',
            value: 'no',
            note: '302 室热得快',
            photos: [{ localId: PHOTO, thumb: '', fileId: null }],
          },
          { code: 'SIGN', value: '赵磊', note: null, photos: [] },
        ],
        location: { lat: 39.9, lng: 116.3, accuracy: 12 },
        failed: ['APPLIANCE'],
      },
      T0,
    ),
    ...over,
  };
}

/** The photo taken while filling the checklist in: kept on the phone, the draft's until submitted. */
async function withPhoto(w: ReturnType<typeof world>) {
  w.drafts.add(PHOTO);
  await w.ports.photos.keep(PHOTO, new Blob(['jpeg'], { type: 'image/jpeg' }));
}

describe('a checklist submitted offline', () => {
  it('is stored before anything is sent, and waits with its key while the network is gone', async () => {
    const w = world();
    await withPhoto(w);
    await w.queue.add(checklist());
    expect(w.entries.map.get(KEY)).toMatchObject({ key: KEY, state: 'pending' });
    await w.queue.pump();
    expect(w.entry()).toMatchObject({ state: 'pending', nextAttemptAt: T0 + RETRY_MS, attempts: 0 });
    expect(w.entry()?.lastError).toMatchObject({ status: 0, code: 'network' });
    expect(w.calls.complete).toEqual([]);
  });

  it('goes when the network is back: each photo uploaded once, then the checklist with the same key', async () => {
    const w = world();
    await withPhoto(w);
    await w.queue.add(checklist());
    await w.queue.pump();
    w.server.online = true;
    await w.queue.wakeAll();
    expect(w.calls.upload).toEqual([PHOTO]);
    expect(w.calls.complete).toHaveLength(1);
    expect(w.calls.complete[0]).toEqual({
      key: KEY,
      answers: [
        { code: 'APPLIANCE', value: 'no', photoIds: [FILE], note: '302 室热得快' },
        { code: 'SIGN', value: '赵磊', photoIds: [] },
      ],
      doneAt: new Date(T0).toISOString(),
      location: { lat: 39.9, lng: 116.3, accuracy: 12 },
    });
    expect(w.entry()).toMatchObject({ state: 'sent', recordedFailed: ['APPLIANCE'], lastError: null });
    // The photo is on the server now: no longer kept on the phone.
    expect(w.photoKv.map.has(PHOTO)).toBe(false);
  });

  it('never uploads a photo twice: a retry after the checklist itself failed sends only the checklist', async () => {
    const w = world();
    await withPhoto(w);
    w.server.online = true;
    w.server.complete = new ApiError(503, 'http', '');
    await w.queue.add(checklist());
    await w.queue.pump();
    expect(w.entry()).toMatchObject({ state: 'pending', attempts: 1 });
    const kept = w.entries.map.get(KEY) as CompletionEntry;
    expect(kept.answers[0]?.photos[0]?.fileId).toBe(FILE);
    w.server.complete = null;
    w.tick(RETRY_MS);
    await w.queue.pump();
    expect(w.calls.upload).toEqual([PHOTO]);
    expect(w.calls.complete.map((b) => b.key)).toEqual([KEY, KEY]);
    expect(w.entry()?.state).toBe('sent');
  });

  it('makes no second entry, and sends nothing again, when it is submitted again or replayed', async () => {
    const w = world();
    await withPhoto(w);
    w.server.online = true;
    await w.queue.add(checklist());
    await w.queue.pump();
    const again = await w.queue.add(checklist({ createdAt: T0 + 5 }));
    expect(again.state).toBe('sent');
    expect(w.queue.snapshot()).toHaveLength(1);
    await w.queue.wakeAll();
    expect(w.calls.upload).toHaveLength(1);
    expect(w.calls.complete).toHaveLength(1);
  });

  it('gets the same answer when the answer was lost and the same key goes again (the server replays)', async () => {
    const w = world();
    await withPhoto(w);
    w.server.online = true;
    // The server recorded it, but the phone never heard.
    w.server.recorded = { key: KEY, answers: [] };
    await w.queue.add(checklist());
    await w.queue.pump();
    expect(w.entry()?.state).toBe('sent');
  });

  it('is resumed by a page opened later, from what the phone kept', async () => {
    const w = world();
    await withPhoto(w);
    await w.queue.add(checklist());
    await w.queue.pump();
    // The page is closed; another opens on the same storage, online.
    const later = new TaskQueue({ ...w.ports });
    queues.push(later);
    w.server.online = true;
    await later.pump();
    expect(later.get(KEY)?.state).toBe('sent');
    expect(w.calls.upload).toEqual([PHOTO]);
    expect(w.calls.complete).toHaveLength(1);
  });

  it('goes without a photo the phone lost (the server says whether it needed it)', async () => {
    const w = world();
    w.server.online = true;
    await w.queue.add(checklist());
    await w.queue.pump();
    expect(w.calls.complete[0]?.answers[0]?.photoIds).toEqual([]);
  });

  it('waits for its own account: never sent under another signed in on the phone', async () => {
    const w = world();
    await withPhoto(w);
    w.server.online = true;
    w.server.user = 'someone-else';
    await w.queue.add(checklist());
    await w.queue.pump();
    expect(w.entry()).toMatchObject({ state: 'pending', attempts: 0 });
    expect(w.calls.upload).toEqual([]);
    w.server.user = USER;
    await w.queue.wakeAll();
    expect(w.entry()?.state).toBe('sent');
  });
});

describe('what the server refuses', () => {
  it('keeps a checklist it sends back (400) for correcting; corrected, it goes with the same key', async () => {
    const w = world();
    await withPhoto(w);
    w.server.online = true;
    w.server.complete = new ApiError(400, 'tasks.bad_answers', '检查表填写不完整或有误，请检查标红的项目');
    await w.queue.add(checklist());
    await w.queue.pump();
    expect(w.entry()).toMatchObject({
      state: 'rejected',
      lastError: {
        status: 400,
        code: 'tasks.bad_answers',
        message: '检查表填写不完整或有误，请检查标红的项目',
      },
    });
    expect(w.entries.map.get(KEY)?.state).toBe('rejected');
    // Nothing is sent again by itself.
    w.tick(RETRY_MS * 10);
    await w.queue.wakeAll();
    expect(w.calls.complete).toHaveLength(1);
    // Corrected on the phone, sent again: the photo already uploaded is not uploaded again.
    w.server.complete = null;
    const answers = (w.entry() as CompletionEntry).answers.map((a) => ({
      ...a,
      photos: a.photos.map((p) => ({ ...p, fileId: null })),
    }));
    await w.queue.update(KEY, (e) =>
      e.kind === 'complete' ? resubmit(e, { answers, failed: [] }, T0 + 1) : e,
    );
    await w.queue.pump();
    expect(w.calls.upload).toEqual([PHOTO]);
    expect(w.calls.complete.map((b) => b.key)).toEqual([KEY, KEY]);
    expect(w.entry()?.state).toBe('sent');
  });

  it('marks a task someone else did (409) as taken, and the hazards waiting on it as failed', async () => {
    const w = world();
    await withPhoto(w);
    w.server.recorded = { key: 'someone-elses-key', answers: [] };
    await w.queue.add(checklist());
    await w.queue.add(newHazard({ userId: USER, taskId: TASK, itemCode: 'APPLIANCE', grade: 'general' }, T0));
    await w.queue.pump();
    w.server.online = true;
    await w.queue.wakeAll();
    expect(w.entry()).toMatchObject({
      state: 'taken',
      lastError: { status: 409, code: 'tasks.already_done' },
    });
    expect(w.entry(hazardKey(TASK, 'APPLIANCE'))?.state).toBe('failed');
    expect(w.calls.hazard).toEqual([]);
    // Its photos are of no use any more.
    expect(w.photoKv.map.has(PHOTO)).toBe(false);
  });
});

describe('a failed item turned into a hazard', () => {
  it('waits for its checklist, then goes once; asking again makes no second', async () => {
    const w = world();
    await withPhoto(w);
    await w.queue.add(checklist());
    await w.queue.add(
      newHazard({ userId: USER, taskId: TASK, itemCode: 'APPLIANCE', grade: 'serious' }, T0 + 1),
    );
    await w.queue.pump();
    expect(w.calls.hazard).toEqual([]);
    w.server.online = true;
    await w.queue.wakeAll();
    // The checklist went first; the hazard follows at once.
    await w.queue.pump();
    expect(w.calls.complete).toHaveLength(1);
    expect(w.calls.hazard).toEqual([{ itemCode: 'APPLIANCE', grade: 'serious' }]);
    expect(w.entry(hazardKey(TASK, 'APPLIANCE'))).toMatchObject({
      state: 'sent',
      hazard: { no: 'YH202611300001', status: 'open' },
    });
    await w.queue.add(
      newHazard({ userId: USER, taskId: TASK, itemCode: 'APPLIANCE', grade: 'major' }, T0 + 2),
    );
    await w.queue.wakeAll();
    expect(w.calls.hazard).toHaveLength(1);
    expect(w.queue.snapshot()).toHaveLength(2);
  });
});
