/**
 * Photos on a cheap phone over a slow network: the pure decisions (how large, how compressed).
 * The drawing itself is in compress.ts. A 12-megapixel camera photo of 4–6 MB becomes a JPEG of
 * at most 1600 px on its longest side, a few hundred KB.
 */

/** Photos one request may carry (the server takes 6). */
export const PHOTO_MAX = 6;
/** The longest side a photo is sent at. */
export const MAX_SIDE = 1600;
/** The JPEG quality of the first encoding. */
export const QUALITY = 0.8;
/** A second, lower quality when the first result is still this large. */
export const SECOND_QUALITY = 0.6;
export const TARGET_BYTES = 900_000;
/** A photo already this small, within MAX_SIDE and of a type the server takes, is sent as it is. */
export const KEEP_BYTES = 500_000;
/** The thumbnail kept with the draft (a few KB), so the form shows it after a reload. */
export const THUMB_SIDE = 160;
export const THUMB_QUALITY = 0.6;
/** What the server takes at most (UPLOAD_MAX_BYTES, 15 MB by default). */
export const UPLOAD_MAX_BYTES = 15 * 1024 * 1024;

/** Types the server stores, judged from the content; anything else must be re-encoded. */
const SENDABLE = ['image/jpeg', 'image/png', 'image/webp'];
/** Types the server takes but the page may be unable to draw (HEIC on Chrome). */
const SERVER_TAKES = [...SENDABLE, 'image/heic', 'image/heif'];

export interface Size {
  width: number;
  height: number;
}

/** The size to draw at: the longest side at most `max`, the proportions kept, never enlarged. */
export function fitWithin({ width, height }: Size, max = MAX_SIDE): Size {
  const w = Math.max(1, Math.round(width));
  const h = Math.max(1, Math.round(height));
  const scale = Math.min(1, max / Math.max(w, h));
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

export type PhotoPlan = { kind: 'keep' } | { kind: 'encode'; width: number; height: number; quality: number };

/**
 * What to do with a photo the page could read: send it as it is when it is already small, of a
 * type the server takes and within the size; else draw it smaller and encode a JPEG.
 */
export function planPhoto(input: { type: string; bytes: number; width: number; height: number }): PhotoPlan {
  const size = fitWithin(input);
  const fits = size.width === Math.round(input.width) && size.height === Math.round(input.height);
  if (fits && input.bytes <= KEEP_BYTES && SENDABLE.includes(input.type.toLowerCase()))
    return { kind: 'keep' };
  return { kind: 'encode', ...size, quality: QUALITY };
}

/** After an encoding of `bytes` at `quality`: the quality to try again at, or null to keep it. */
export function retryQuality(bytes: number, quality: number): number | null {
  return bytes > TARGET_BYTES && quality > SECOND_QUALITY ? SECOND_QUALITY : null;
}

/**
 * A photo the page could not draw (a format the browser cannot decode): it may still go as it is
 * when the server takes its type and it is not too large.
 */
export function canSendUndecoded(type: string, bytes: number): boolean {
  return SERVER_TAKES.includes(type.toLowerCase()) && bytes <= UPLOAD_MAX_BYTES;
}

/** How many of `picked` photos fit beside the `have` already on the form. */
export function roomFor(have: number, picked: number, max = PHOTO_MAX): number {
  return Math.max(0, Math.min(picked, max - have));
}
