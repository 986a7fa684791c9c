import { describe, expect, it } from 'vitest';
import {
  KEEP_MS,
  RETRY_MS,
  classify,
  completeBody,
  hazardKey,
  isBlocked,
  isDue,
  isExpired,
  newCompletion,
  newHazard,
  nextWakeAt,
  photoUploaded,
  queued,
  readEntry,
  replaces,
  resubmit,
  settle,
  startAttempt,
  wake,
  type CompletionEntry,
} from './outbox';
import { rowStatus, periodKind, signatureName } from './view';

const T0 = Date.parse('2026-11-30T09:00:00+08:00');
const USER = 'u-1';
const TASK = '01a22bb6-ce12-7529-9501-d20308f33f25';
const KEY = '6f1c2a8e-7d3b-4c1a-9e2f-0a1b2c3d4e5f';
const network = { status: 0, code: 'network', message: '' };

const checklist = (): CompletionEntry =>
  newCompletion(
    {
      key: KEY,
      userId: USER,
      taskId: TASK,
      templateName: '消火栓检查',
      gridName: '学生公寓3号楼1层网格',
      answers: [
        { code: 'BOX', value: 'no', note: null, photos: [{ localId: 'p1', thumb: 'data:', fileId: null }] },
        { code: 'PRESSURE_MPA', value: 0.35, note: null, photos: [] },
      ],
      location: null,
      failed: ['BOX'],
    },
    T0,
  );

describe('an entry of the tasks outbox', () => {
  it('is due at once, and after a failure every RETRY_MS or when the phone wakes it', () => {
    const e = checklist();
    expect(isDue(e, T0)).toBe(true);
    const failed = settle(startAttempt(e), { kind: 'retry', error: network }, T0 + 100);
    expect(failed).toMatchObject({ state: 'pending', attempts: 1, nextAttemptAt: T0 + 100 + RETRY_MS });
    expect(isDue(failed, T0 + 200)).toBe(false);
    expect(isDue(wake(failed, T0 + 200), T0 + 200)).toBe(true);
    expect(nextWakeAt([failed])).toBe(T0 + 100 + RETRY_MS);
  });

  it('tells what a refusal means', () => {
    const e = checklist();
    const h = newHazard({ userId: USER, taskId: TASK, itemCode: 'BOX', grade: 'general' }, T0);
    for (const status of [0, 408, 429, 500, 503])
      expect(classify(e, { status, code: 'x', message: '' }).kind, String(status)).toBe('retry');
    // Signed out meanwhile, or a stale token: it waits and goes again.
    expect(classify(e, { status: 401, code: 'auth.unauthenticated', message: '' }).kind).toBe('retry');
    expect(classify(e, { status: 403, code: 'auth.csrf', message: '' }).kind).toBe('retry');
    expect(classify(e, { status: 409, code: 'tasks.already_done', message: '' }).kind).toBe('taken');
    expect(classify(e, { status: 400, code: 'tasks.bad_answers', message: '' }).kind).toBe('rejected');
    expect(classify(e, { status: 403, code: 'common.forbidden', message: '' }).kind).toBe('failed');
    expect(classify(h, { status: 400, code: 'tasks.not_failed', message: '' }).kind).toBe('failed');
  });

  it('sends the same key on every attempt, with the photos uploaded so far', () => {
    const e = photoUploaded(checklist(), 'p1', 'file-1');
    expect(completeBody(e)).toEqual({
      key: KEY,
      answers: [
        { code: 'BOX', value: 'no', photoIds: ['file-1'] },
        { code: 'PRESSURE_MPA', value: 0.35, photoIds: [] },
      ],
      doneAt: new Date(T0).toISOString(),
    });
    expect(photoUploaded(e, 'p1', 'file-1')).toBe(e);
  });

  it('stays one entry under its key; only a failed hazard may be asked for again', () => {
    const e = checklist();
    expect(replaces(undefined, e)).toBe(true);
    expect(replaces(e, checklist())).toBe(false);
    const h = newHazard({ userId: USER, taskId: TASK, itemCode: 'BOX', grade: 'general' }, T0);
    expect(h.key).toBe(hazardKey(TASK, 'BOX'));
    expect(replaces(h, h)).toBe(false);
    const refused = settle(h, { kind: 'failed', error: { status: 403, code: 'x', message: '' } }, T0);
    expect(replaces(refused, h)).toBe(true);
  });

  it('lets a hazard go only once its checklist is no longer on its way', () => {
    const e = checklist();
    const h = newHazard({ userId: USER, taskId: TASK, itemCode: 'BOX', grade: 'major' }, T0);
    expect(isBlocked(h, [e, h])).toBe(true);
    expect(nextWakeAt([e, h])).toBe(T0);
    const sent = settle(startAttempt(e), { kind: 'recorded', failed: ['BOX'] }, T0);
    expect(isBlocked(h, [sent, h])).toBe(false);
    expect(isBlocked(e, [e, h])).toBe(false);
  });

  it('is corrected after a 400 and goes again with its key, keeping the photos already uploaded', () => {
    const rejected = settle(
      startAttempt(photoUploaded(checklist(), 'p1', 'file-1')),
      { kind: 'rejected', error: { status: 400, code: 'tasks.bad_answers', message: '' } },
      T0,
    );
    expect(isDue(rejected, T0 + 1e9)).toBe(false);
    const again = resubmit(
      rejected,
      {
        answers: [
          {
            code: 'BOX',
            value: 'no',
            note: '箱门锁死',
            photos: [{ localId: 'p1', thumb: '', fileId: null }],
          },
        ],
        failed: ['BOX'],
      },
      T0 + 60_000,
    );
    expect(again).toMatchObject({ key: KEY, state: 'pending', lastError: null, nextAttemptAt: T0 + 60_000 });
    expect(again.answers[0]?.photos[0]?.fileId).toBe('file-1');
    expect(again.doneAt).toBe(new Date(T0 + 60_000).toISOString());
  });

  it('is read back from storage; what does not read is dropped, and old settled entries expire', () => {
    const e = checklist();
    const h = newHazard({ userId: USER, taskId: TASK, itemCode: 'BOX', grade: 'serious' }, T0);
    expect(readEntry(JSON.parse(JSON.stringify(e)))).toEqual(e);
    expect(readEntry(JSON.parse(JSON.stringify(h)))).toEqual(h);
    expect(readEntry({ ...e, key: 'bad key!' })).toBeNull();
    expect(readEntry({ ...h, key: 'hazard:other' })).toBeNull();
    expect(readEntry({ ...e, kind: 'other' })).toBeNull();
    expect(readEntry(null)).toBeNull();
    // A pending entry closed mid-attempt has no next attempt stored: it goes at once.
    expect(readEntry({ ...e, nextAttemptAt: null })?.nextAttemptAt).toBe(T0);
    const sent = settle(startAttempt(e), { kind: 'recorded', failed: [] }, T0);
    expect(isExpired(sent, T0 + KEEP_MS + 1)).toBe(true);
    expect(isExpired(e, T0 + KEEP_MS * 10)).toBe(false);
  });

  it('counts what waits to be sent, per account', () => {
    const e = checklist();
    const other = { ...checklist(), key: 'another-key-1', userId: 'u-2' };
    const sent = settle(
      startAttempt({ ...checklist(), key: 'third-key-12' }),
      { kind: 'recorded', failed: [] },
      T0,
    );
    expect(queued([e, other, sent], USER).map((x) => x.key)).toEqual([KEY]);
  });
});

describe('how a task shows in the list', () => {
  const brief = { status: 'open', overdue: false } as Parameters<typeof rowStatus>[0];
  it('shows what the phone holds over what the list last said', () => {
    const e = checklist();
    expect(rowStatus(brief, undefined)).toBe('open');
    expect(rowStatus({ ...brief, overdue: true }, undefined)).toBe('overdue');
    expect(rowStatus(brief, e)).toBe('queued');
    expect(rowStatus(brief, settle(e, { kind: 'rejected', error: network }, T0))).toBe('rejected');
    expect(rowStatus(brief, settle(e, { kind: 'recorded', failed: [] }, T0))).toBe('done');
    expect(rowStatus({ ...brief, status: 'done' }, e)).toBe('done');
  });
  it('names the rhythm and the signature', () => {
    expect(['2026-11-30', '2026-W49', '2026-11', '01a22bb6-cd07'].map(periodKind)).toEqual([
      'daily',
      'weekly',
      'monthly',
      'once',
    ]);
    expect(signatureName('赵磊（楼长）')).toBe('赵磊');
    expect(signatureName('Zhao Lei (floor lead)')).toBe('Zhao Lei');
  });
});
