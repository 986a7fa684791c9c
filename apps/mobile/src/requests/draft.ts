import { isChinesePhone } from '@anxiao/contracts';
import type { Failure } from '../offline/failure';
import { isValidKey } from '../offline/key';
import type { Category, CategoryAttribute, FileBody, Identity } from './types';

// Why an attempt failed, and whether to retry it as it is: one set of rules for every sender.
export { isPassing, type Failure } from '../offline/failure';

/**
 * The request being written on the phone: the pure rules. No I/O, no clock, no randomness of its
 * own, so every rule is unit-tested (draft.test.ts).
 *
 * The draft is kept in the phone's storage as it is written, so nothing is lost when the network
 * drops, the page is closed or the session expires. Its idempotency key is chosen when it is
 * begun and sent with every attempt until the server confirms: a retry after a lost answer gets
 * the same request back (200), never a second one. The channel (phone or QR code) is fixed at
 * the first attempt too, because the server derives the private link from key and channel.
 */

export const DESCRIPTION_MIN = 5;
export const DESCRIPTION_MAX = 2000;
export const ADDRESS_MAX = 200;
/** The server's limits on an answer to a category's question. */
export const ANSWER_MAX = 500;
export const LIST_ANSWER_MAX = 100;

export type Channel = 'phone' | 'qr';

export interface DraftPlace {
  id: string;
  label: string;
}

export interface DraftPosition {
  lon: number;
  lat: number;
  /** metres, as the phone reports it */
  accuracy: number | null;
}

export interface DraftPhoto {
  /** chosen on the phone; the compressed image waits under it until uploaded */
  localId: string;
  /** the server's file, once uploaded */
  fileId: string | null;
  /** a small JPEG data URL (empty when the phone could not draw the photo) */
  thumb: string;
  bytes: number;
}

export interface Draft {
  /** the account writing it: another account signing in on this phone does not see it */
  userId: string;
  /** the idempotency key of every attempt */
  key: string;
  categoryId: string | null;
  description: string;
  /** answers to the categories' questions, by question code */
  attributes: Record<string, string | string[]>;
  place: DraftPlace | null;
  /** the place came from a QR code posted there */
  fromQr: boolean;
  /** the place of the last QR code taken in (opening its link again does not undo a change by hand) */
  qrSeen: string | null;
  position: DraftPosition | null;
  /** a few words on where exactly (3 楼楼梯间) */
  address: string;
  identity: Identity;
  /** the contact phone to leave; null until the form offered the account's own (item 5) */
  contactPhone: string | null;
  photos: DraftPhoto[];
  /** the channel of the first attempt, kept for every retry; null until one went out */
  sentChannel: Channel | null;
  attempts: number;
  lastError: Failure | null;
  updatedAt: number;
}

export function newDraft(userId: string, key: string, now: number): Draft {
  return {
    userId,
    key,
    categoryId: null,
    description: '',
    attributes: {},
    place: null,
    fromQr: false,
    qrSeen: null,
    position: null,
    address: '',
    identity: 'named',
    contactPhone: null,
    photos: [],
    sentChannel: null,
    attempts: 0,
    lastError: null,
    updatedAt: now,
  };
}

/** Something was changed on the form. */
export function edit(draft: Draft, change: Partial<Draft>, now: number): Draft {
  return { ...draft, ...change, updatedAt: now };
}

/**
 * A QR code named the place: it is the place now (the latest thing the reporter did). The same
 * code again (the page reloaded) only fills in the label, once the server has given it.
 */
export function withQrPlace(draft: Draft, place: DraftPlace, now: number): Draft {
  if (draft.qrSeen !== place.id) return { ...draft, place, fromQr: true, qrSeen: place.id, updatedAt: now };
  if (draft.place?.id === place.id && place.label && draft.place.label !== place.label)
    return { ...draft, place, updatedAt: now };
  return draft;
}

/** The place was chosen by hand (or cleared). */
export function withPlace(draft: Draft, place: DraftPlace | null, now: number): Draft {
  return { ...draft, place, fromQr: false, updatedAt: now };
}

/** A single answer set (empty clears it). */
export function withAnswer(draft: Draft, code: string, value: string | string[], now: number): Draft {
  const attributes = { ...draft.attributes };
  if (value === '' || (Array.isArray(value) && value.length === 0)) delete attributes[code];
  else attributes[code] = value;
  return { ...draft, attributes, updatedAt: now };
}

/** A choice of a multiple-choice question ticked or unticked. */
export function toggleChoice(draft: Draft, code: string, key: string, now: number): Draft {
  const had = draft.attributes[code];
  const list = Array.isArray(had) ? had : had ? [had] : [];
  return withAnswer(draft, code, list.includes(key) ? list.filter((k) => k !== key) : [...list, key], now);
}

// ── photos ───────────────────────────────────────────────────────────────────────────────────

export function addPhoto(draft: Draft, photo: DraftPhoto, max: number, now: number): Draft {
  if (draft.photos.length >= max || draft.photos.some((p) => p.localId === photo.localId)) return draft;
  return { ...draft, photos: [...draft.photos, photo], updatedAt: now };
}

export function removePhoto(draft: Draft, localId: string, now: number): Draft {
  if (!draft.photos.some((p) => p.localId === localId)) return draft;
  return { ...draft, photos: draft.photos.filter((p) => p.localId !== localId), updatedAt: now };
}

/** A photo reached the server. A photo removed meanwhile stays removed. */
export function photoUploaded(draft: Draft, localId: string, fileId: string, now: number): Draft {
  if (!draft.photos.some((p) => p.localId === localId && p.fileId !== fileId)) return draft;
  return {
    ...draft,
    photos: draft.photos.map((p) => (p.localId === localId ? { ...p, fileId } : p)),
    updatedAt: now,
  };
}

/** Photos still to upload before the request can go. */
export const pendingPhotos = (draft: Draft): DraftPhoto[] => draft.photos.filter((p) => !p.fileId);

// ── checking ─────────────────────────────────────────────────────────────────────────────────

export type Problem = 'required' | 'tooShort' | 'tooLong' | 'notNumber' | 'notDateTime' | 'notPhone';
/** Problems by field: `category`, `description`, `address` or `attr.<CODE>`. */
export type Problems = Record<string, Problem>;

const isEmpty = (v: string | string[] | undefined): boolean =>
  v === undefined || (Array.isArray(v) ? v.length === 0 : v.trim() === '');

/** The questions of a category in the order it asks them. */
export function questionsOf(category: Category | null | undefined): CategoryAttribute[] {
  return [...(category?.attributes ?? [])].sort((a, b) => a.order - b.order);
}

/** What stops the draft from going, field by field (the server checks the same). */
export function check(draft: Draft, category: Category | null | undefined): Problems {
  const problems: Problems = {};
  if (!draft.categoryId || !category || category.id !== draft.categoryId) problems['category'] = 'required';
  const description = draft.description.trim();
  if (!description) problems['description'] = 'required';
  else if (description.length < DESCRIPTION_MIN) problems['description'] = 'tooShort';
  else if (description.length > DESCRIPTION_MAX) problems['description'] = 'tooLong';
  if (draft.address.trim().length > ADDRESS_MAX) problems['address'] = 'tooLong';
  const phone = contactPhoneOf(draft);
  if (phone && !isChinesePhone(phone)) problems['contactPhone'] = 'notPhone';
  for (const q of questionsOf(category)) {
    const v = draft.attributes[q.code];
    const field = `attr.${q.code}`;
    if (v === undefined || isEmpty(v)) {
      if (q.required) problems[field] = 'required';
      continue;
    }
    if (Array.isArray(v)) continue;
    if (q.datatype === 'number' && !Number.isFinite(Number(v.trim()))) problems[field] = 'notNumber';
    else if (q.datatype === 'datetime' && Number.isNaN(Date.parse(v))) problems[field] = 'notDateTime';
    else if (v.trim().length > ANSWER_MAX) problems[field] = 'tooLong';
  }
  return problems;
}

/** The answers the category asks for, in the form the server takes (others would be refused). */
export function answersFor(
  draft: Draft,
  category: Category | null | undefined,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const q of questionsOf(category)) {
    const v = draft.attributes[q.code];
    if (v === undefined || isEmpty(v)) continue;
    const keys = q.values?.map((x) => x.key) ?? [];
    if (q.datatype === 'multivaluelist') {
      const list = [v].flat().filter((k) => keys.includes(k));
      if (list.length) out[q.code] = list;
    } else if (q.datatype === 'singlevaluelist') {
      const one = Array.isArray(v) ? v[0] : v;
      if (one !== undefined && keys.includes(one)) out[q.code] = one;
    } else if (!Array.isArray(v)) {
      // datetime-local gives the phone's local time: sent as an instant, so no zone is guessed.
      const text = v.trim();
      const at = q.datatype === 'datetime' ? Date.parse(text) : NaN;
      out[q.code] = Number.isNaN(at) ? text : new Date(at).toISOString();
    }
  }
  return out;
}

// ── sending ──────────────────────────────────────────────────────────────────────────────────

/** The channel the draft goes by: the one of its first attempt, else from a QR code or not. */
export const channelOf = (draft: Draft): Channel => draft.sentChannel ?? (draft.fromQr ? 'qr' : 'phone');

/** An attempt begins: the channel is fixed from now on, with the key. */
export function startAttempt(draft: Draft, now: number): Draft {
  return {
    ...draft,
    sentChannel: channelOf(draft),
    attempts: draft.attempts + 1,
    lastError: null,
    updatedAt: now,
  };
}

/** The attempt failed: the draft stays, with the same key, for the next one. */
export function attemptFailed(draft: Draft, error: Failure, now: number): Draft {
  return { ...draft, lastError: error, updatedAt: now };
}

/** The phone the request leaves: none when anonymous (the server would not keep it anyway). */
export function contactPhoneOf(draft: Draft): string | null {
  return draft.identity === 'anonymous' || draft.contactPhone === null ? null : draft.contactPhone.trim();
}

/** The body of POST /api/requests: every photo must be uploaded (pendingPhotos empty). */
export function requestBody(draft: Draft, category: Category | null | undefined): FileBody {
  const address = draft.address.trim();
  return {
    idempotencyKey: draft.key,
    categoryId: draft.categoryId ?? '',
    description: draft.description.trim(),
    ...(draft.place ? { placeId: draft.place.id } : {}),
    ...(draft.position ? { lon: draft.position.lon, lat: draft.position.lat } : {}),
    ...(address ? { address } : {}),
    photos: draft.photos.flatMap((p) => (p.fileId ? [p.fileId] : [])),
    attributes: answersFor(draft, category),
    identity: draft.identity,
    channel: channelOf(draft),
    ...(contactPhoneOf(draft) !== null ? { contactPhone: contactPhoneOf(draft)! } : {}),
  };
}

/** Whether the draft holds anything worth keeping. */
export function hasContent(draft: Draft): boolean {
  return (
    draft.description.trim() !== '' ||
    draft.photos.length > 0 ||
    draft.categoryId !== null ||
    draft.address.trim() !== '' ||
    Object.keys(draft.attributes).length > 0
  );
}

// ── storage ──────────────────────────────────────────────────────────────────────────────────

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export { isValidKey };

function readPlace(v: unknown): DraftPlace | null {
  if (!isRecord(v)) return null;
  const id = str(v['id']);
  const label = str(v['label']);
  return id && label !== null ? { id, label } : null;
}

function readPosition(v: unknown): DraftPosition | null {
  if (!isRecord(v)) return null;
  const lon = num(v['lon']);
  const lat = num(v['lat']);
  if (lon === null || lat === null) return null;
  return { lon, lat, accuracy: num(v['accuracy']) };
}

function readPhoto(v: unknown): DraftPhoto | null {
  if (!isRecord(v)) return null;
  const localId = str(v['localId']);
  if (!localId) return null;
  return {
    localId,
    fileId: str(v['fileId']),
    thumb: str(v['thumb']) ?? '',
    bytes: num(v['bytes']) ?? 0,
  };
}

function readAnswers(v: unknown): Record<string, string | string[]> {
  if (!isRecord(v)) return {};
  const out: Record<string, string | string[]> = {};
  for (const [k, a] of Object.entries(v)) {
    if (typeof a === 'string') out[k] = a;
    else if (Array.isArray(a)) out[k] = a.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

function readFailure(v: unknown): Failure | null {
  if (!isRecord(v)) return null;
  return { status: num(v['status']) ?? 0, code: str(v['code']) ?? '', message: str(v['message']) ?? '' };
}

/**
 * The draft as stored, read back for `userId`: null when there is none, it is unreadable, or
 * another account wrote it. Parts that do not read are dropped, never the whole draft for one.
 */
export function parseDraft(raw: string | null, userId: string): Draft | null {
  if (!raw) return null;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isRecord(v) || v['userId'] !== userId) return null;
  const key = str(v['key']);
  if (!key || !isValidKey(key)) return null;
  const identity = (['named', 'anonymous', 'sealed'] as const).find((i) => i === v['identity']) ?? 'named';
  const sentChannel = (['phone', 'qr'] as const).find((c) => c === v['sentChannel']) ?? null;
  return {
    userId,
    key,
    categoryId: str(v['categoryId']),
    description: str(v['description']) ?? '',
    attributes: readAnswers(v['attributes']),
    place: readPlace(v['place']),
    fromQr: v['fromQr'] === true,
    qrSeen: str(v['qrSeen']),
    position: readPosition(v['position']),
    address: str(v['address']) ?? '',
    identity,
    contactPhone: str(v['contactPhone']),
    photos: Array.isArray(v['photos'])
      ? v['photos'].map(readPhoto).filter((p): p is DraftPhoto => p !== null)
      : [],
    sentChannel,
    attempts: num(v['attempts']) ?? 0,
    lastError: readFailure(v['lastError']),
    updatedAt: num(v['updatedAt']) ?? 0,
  };
}
