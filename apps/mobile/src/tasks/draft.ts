import type { TakenPhoto } from '../components/PhotoPicker';
import { isValidKey } from '../offline/key';
import type { Position } from '../geo';
import { judgeChecklist, type Answer, type AnswerValue } from '@anxiao/contracts';
import type { OutboxAnswer } from './outbox';
import type { ChecklistItem } from './types';

/**
 * A checklist being filled in on the phone: the pure rules. It is kept in the phone's storage as
 * it is filled (draftStore.ts), so nothing is lost when the page is closed or the camera app
 * pushes the browser out of memory; on 提交 it becomes an outbox entry (outbox.ts).
 */

/** Photos one item may carry (the server takes 6). */
export const ITEM_PHOTO_MAX = 3;
export const NOTE_MAX = 500;
export const TEXT_MAX = 2000;

export interface DraftAnswer {
  /** as entered: yes/no/na, an option key, the number as typed, the text */
  value: string | null;
  note: string;
  photos: TakenPhoto[];
}

export interface ChecklistDraft {
  userId: string;
  taskId: string;
  /**
   * the completion's idempotency key, made when the checklist is begun: 提交 tapped twice (or in
   * two tabs) is one completion, and a checklist sent back and corrected goes with it again
   */
  key: string;
  answers: Record<string, DraftAnswer>;
  /** where the phone was when the checklist was begun (optional) */
  position: Position | null;
  updatedAt: number;
}

export function newChecklist(userId: string, taskId: string, key: string, now: number): ChecklistDraft {
  return { userId, taskId, key, answers: {}, position: null, updatedAt: now };
}

const blank: DraftAnswer = { value: null, note: '', photos: [] };

function withAnswer(
  draft: ChecklistDraft,
  code: string,
  change: (a: DraftAnswer) => DraftAnswer,
  now: number,
): ChecklistDraft {
  const before = draft.answers[code] ?? blank;
  const after = change(before);
  if (after === before) return draft;
  return { ...draft, answers: { ...draft.answers, [code]: after }, updatedAt: now };
}

/** An answer given (null clears it). */
export const setValue = (d: ChecklistDraft, code: string, value: string | null, now: number) =>
  withAnswer(d, code, (a) => (a.value === value ? a : { ...a, value }), now);

export const setNote = (d: ChecklistDraft, code: string, note: string, now: number) =>
  withAnswer(d, code, (a) => (a.note === note ? a : { ...a, note: note.slice(0, NOTE_MAX) }), now);

export const addPhoto = (d: ChecklistDraft, code: string, photo: TakenPhoto, now: number) =>
  withAnswer(
    d,
    code,
    (a) =>
      a.photos.length >= ITEM_PHOTO_MAX || a.photos.some((p) => p.localId === photo.localId)
        ? a
        : { ...a, photos: [...a.photos, photo] },
    now,
  );

export const removePhoto = (d: ChecklistDraft, code: string, localId: string, now: number) =>
  withAnswer(
    d,
    code,
    (a) =>
      a.photos.some((p) => p.localId === localId)
        ? { ...a, photos: a.photos.filter((p) => p.localId !== localId) }
        : a,
    now,
  );

/** A signature drawn on the pad (its PNG, kept like a photo), or cleared: the item's one photo. */
export const setSignature = (d: ChecklistDraft, code: string, drawn: TakenPhoto | null, now: number) =>
  withAnswer(
    d,
    code,
    (a) =>
      (a.photos[0]?.localId ?? null) === (drawn?.localId ?? null) && a.photos.length <= 1
        ? a
        : { ...a, photos: drawn ? [drawn] : [] },
    now,
  );

/** The position came (taken once, when the checklist was begun). */
export const withPosition = (d: ChecklistDraft, position: Position | null, now: number): ChecklistDraft =>
  d.position || !position ? d : { ...d, position, updatedAt: now };

/** A number as typed on a phone keyboard (a comma for the decimal point too); text when it is not one. */
export function parseNumber(raw: string): number | string | null {
  const text = raw.trim();
  if (!text) return null;
  const n = Number(text.replace(/,/g, '.'));
  return Number.isFinite(n) && /^[-+]?(\d+\.?\d*|\.\d+)$/.test(text.replace(/,/g, '.')) ? n : text;
}

/** The answer as the server takes it: typed, trimmed, and a photo item answered by its photos. */
export function valueOf(item: ChecklistItem, a: DraftAnswer | undefined): AnswerValue {
  if (!a) return null;
  switch (item.type) {
    case 'number':
      return a.value === null ? null : parseNumber(a.value);
    case 'text':
    case 'signature': {
      const text = a.value?.trim().slice(0, TEXT_MAX) ?? '';
      return text || null;
    }
    case 'photo':
      // Judged by its photos; the count goes along as the value for the record.
      return a.photos.length > 0 ? a.photos.length : null;
    case 'yes_no':
    case 'choice':
      return a.value;
  }
}

export const answerOf = (item: ChecklistItem, a: DraftAnswer | undefined): Answer => ({
  code: item.code,
  value: valueOf(item, a),
  photos: a?.photos.length ?? 0,
});

/** The checklist judged as it stands (packages/contracts, checklist.ts). */
export const judgeDraft = (items: readonly ChecklistItem[], d: ChecklistDraft) =>
  judgeChecklist(
    items,
    items.map((i) => answerOf(i, d.answers[i.code])),
  );

/** Every photo the draft holds, by local id. */
export const photosOf = (d: ChecklistDraft): string[] =>
  Object.values(d.answers).flatMap((a) => a.photos.map((p) => p.localId));

/** The answers as they go into the outbox: items answered or with photos, in checklist order. */
export function outboxAnswers(items: readonly ChecklistItem[], d: ChecklistDraft): OutboxAnswer[] {
  const out: OutboxAnswer[] = [];
  for (const item of items) {
    const a = d.answers[item.code];
    const value = valueOf(item, a);
    if (value === null && !a?.photos.length) continue;
    const note = a?.note.trim().slice(0, NOTE_MAX) ?? '';
    out.push({
      code: item.code,
      value,
      note: note || null,
      photos: (a?.photos ?? []).map((p) => ({ localId: p.localId, thumb: p.thumb, fileId: null })),
    });
  }
  return out;
}

/** A checklist sent back by the server (400), opened again for correcting. */
export function draftFromOutbox(
  entry: { userId: string; taskId: string; key: string; answers: readonly OutboxAnswer[] },
  position: Position | null,
  now: number,
): ChecklistDraft {
  const { userId, taskId, key, answers } = entry;
  const out: Record<string, DraftAnswer> = {};
  for (const a of answers)
    out[a.code] = {
      value: a.value === null ? null : String(a.value),
      note: a.note ?? '',
      photos: a.photos.map((p) => ({ localId: p.localId, thumb: p.thumb, bytes: 0 })),
    };
  return { userId, taskId, key, answers: out, position, updatedAt: now };
}

// ── storage ──────────────────────────────────────────────────────────────────────────────────

/** Drafts kept at most (one per task begun and not sent, whoever began it on this phone). */
export const DRAFTS_MAX = 20;

/** The drafts on this phone, by account and task. */
export type Drafts = Readonly<Record<string, ChecklistDraft>>;

const slotOf = (userId: string, taskId: string) => `${userId}:${taskId}`;

export const draftOf = (all: Drafts, userId: string, taskId: string): ChecklistDraft | null =>
  all[slotOf(userId, taskId)] ?? null;

/** Keep `draft` beside the others (the oldest dropped beyond DRAFTS_MAX); null forgets the task's. */
export function withDraft(all: Drafts, userId: string, taskId: string, draft: ChecklistDraft | null): Drafts {
  const { [slotOf(userId, taskId)]: _, ...rest } = all;
  if (!draft) return rest;
  const kept = Object.values(rest)
    .sort((a, b) => b.updatedAt - a.updatedAt)
    .slice(0, DRAFTS_MAX - 1);
  return Object.fromEntries([...kept, draft].map((d) => [slotOf(d.userId, d.taskId), d]));
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function readPhoto(v: unknown): TakenPhoto | null {
  if (!isRecord(v) || !str(v['localId'])) return null;
  return { localId: str(v['localId'])!, thumb: str(v['thumb']) ?? '', bytes: num(v['bytes']) ?? 0 };
}

function readDraft(v: unknown): ChecklistDraft | null {
  if (!isRecord(v)) return null;
  const taskId = str(v['taskId']);
  const key = str(v['key']);
  const owner = str(v['userId']);
  if (!taskId || !key || !isValidKey(key) || !owner || !isRecord(v['answers'])) return null;
  const answers: Record<string, DraftAnswer> = {};
  for (const [code, a] of Object.entries(v['answers'])) {
    if (!isRecord(a)) continue;
    answers[code] = {
      value: str(a['value']),
      note: str(a['note']) ?? '',
      photos: Array.isArray(a['photos'])
        ? a['photos'].map(readPhoto).filter((p): p is TakenPhoto => p !== null)
        : [],
    };
  }
  const p = v['position'];
  const position =
    isRecord(p) && num(p['lon']) !== null && num(p['lat']) !== null
      ? { lon: num(p['lon'])!, lat: num(p['lat'])!, accuracy: num(p['accuracy']) }
      : null;
  return { userId: owner, taskId, key, answers, position, updatedAt: num(v['updatedAt']) ?? 0 };
}

/** The drafts as stored; unreadable ones are left out. */
export function parseDrafts(raw: string | null): Drafts {
  if (!raw) return {};
  try {
    const v: unknown = JSON.parse(raw);
    if (!isRecord(v)) return {};
    const out: Record<string, ChecklistDraft> = {};
    for (const d of Object.values(v)) {
      const draft = readDraft(d);
      if (draft) out[slotOf(draft.userId, draft.taskId)] = draft;
    }
    return out;
  } catch {
    return {};
  }
}
