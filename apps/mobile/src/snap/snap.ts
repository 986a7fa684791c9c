import type { TakenPhoto } from '../components/PhotoPicker';
import { isValidKey } from '../offline/key';

/**
 * 随手拍: a hazard reported by anyone from a QR code posted at the place, without an account.
 * The pure rules of the report being written; kept in the phone's storage (snapStore.ts) with its
 * idempotency key, made once per report and sent with every retry, so a retry after a lost answer
 * gets the same receipt back, never a second report.
 */

export const SNAP_PHOTO_MAX = 3;
export const DESCRIPTION_MIN = 2;
export const DESCRIPTION_MAX = 500;
const PHONE = /^[0-9+\- ]{5,20}$/;

export interface SnapDraft {
  placeId: string;
  key: string;
  description: string;
  phone: string;
  photos: TakenPhoto[];
  updatedAt: number;
}

export function newSnap(placeId: string, key: string, now: number): SnapDraft {
  return { placeId, key, description: '', phone: '', photos: [], updatedAt: now };
}

export const edit = (
  d: SnapDraft,
  change: Partial<Pick<SnapDraft, 'description' | 'phone'>>,
  now: number,
) => ({
  ...d,
  ...change,
  updatedAt: now,
});

export function addPhoto(d: SnapDraft, photo: TakenPhoto, now: number): SnapDraft {
  if (d.photos.length >= SNAP_PHOTO_MAX || d.photos.some((p) => p.localId === photo.localId)) return d;
  return { ...d, photos: [...d.photos, photo], updatedAt: now };
}

export function removePhoto(d: SnapDraft, localId: string, now: number): SnapDraft {
  if (!d.photos.some((p) => p.localId === localId)) return d;
  return { ...d, photos: d.photos.filter((p) => p.localId !== localId), updatedAt: now };
}

export type SnapProblem = 'required' | 'tooShort' | 'tooLong' | 'phone';

/** What stops the report from going, by field (the server checks the same). */
export function check(d: SnapDraft): Partial<Record<'description' | 'phone', SnapProblem>> {
  const out: Partial<Record<'description' | 'phone', SnapProblem>> = {};
  const text = d.description.trim();
  if (!text) out.description = 'required';
  else if (text.length < DESCRIPTION_MIN) out.description = 'tooShort';
  else if (text.length > DESCRIPTION_MAX) out.description = 'tooLong';
  const phone = d.phone.trim();
  if (phone && !PHONE.test(phone)) out.phone = 'phone';
  return out;
}

/** The text fields of the multipart POST /api/public/hazards (the photos go beside them). */
export function snapFields(d: SnapDraft): [string, string][] {
  const phone = d.phone.trim();
  return [
    ['placeId', d.placeId],
    ['description', d.description.trim()],
    ...(phone ? [['phone', phone] as [string, string]] : []),
    ['key', d.key],
  ];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The report as stored, for the place a QR code names now; null for another place or unreadable. */
export function parseSnap(raw: string | null, placeId: string): SnapDraft | null {
  if (!raw) return null;
  try {
    const v: unknown = JSON.parse(raw);
    if (!isRecord(v) || v['placeId'] !== placeId) return null;
    const key = v['key'];
    if (typeof key !== 'string' || !isValidKey(key)) return null;
    const photos = Array.isArray(v['photos'])
      ? v['photos'].flatMap((p) =>
          isRecord(p) && typeof p['localId'] === 'string'
            ? [
                {
                  localId: p['localId'],
                  thumb: typeof p['thumb'] === 'string' ? p['thumb'] : '',
                  bytes: typeof p['bytes'] === 'number' ? p['bytes'] : 0,
                },
              ]
            : [],
        )
      : [];
    return {
      placeId,
      key,
      description: typeof v['description'] === 'string' ? v['description'] : '',
      phone: typeof v['phone'] === 'string' ? v['phone'] : '',
      photos: photos.slice(0, SNAP_PHOTO_MAX),
      updatedAt: typeof v['updatedAt'] === 'number' ? v['updatedAt'] : 0,
    };
  } catch {
    return null;
  }
}
