import { pngSize } from '../../kernel/files/files.images.js';
import type { FilesService } from '../../kernel/files/files.service.js';
import type { ChecklistItem } from './tasks.model.js';
import type { StoredAnswer } from './tasks.tables.js';

/**
 * A checklist's signature (检查人签名): drawn on the phone's pad it is one PNG, uploaded like a
 * photo and kept with the answers as the signature item's one photo; the typed name is the
 * fallback (or goes with it). Here: what the server accepts as a drawn signature, and reading it
 * back for the documents that show it.
 */

/** A drawn signature is a PNG of at most this many bytes (a phone's pad makes some 10–60 KB) … */
export const SIGNATURE_MAX_BYTES = 256 * 1024;
/** … and at most this many pixels once decoded (a 3× phone's pad is about 1,000 × 500). */
export const SIGNATURE_MAX_PIXELS = 4_000_000;

const signatureItems = (items: readonly ChecklistItem[]) => items.filter((i) => i.type === 'signature');

/**
 * The images given as drawn signatures that are not fit to keep: more than one for an item, not
 * a PNG, too large, or not decoding as one. (That they are the signer's own images is checked
 * with every other photo.)
 */
export async function badSignatures(
  files: FilesService,
  items: readonly ChecklistItem[],
  answers: readonly { code: string; photoIds: readonly string[] }[],
): Promise<string[]> {
  const bad: string[] = [];
  for (const item of signatureItems(items)) {
    const ids = answers.find((a) => a.code === item.code)?.photoIds ?? [];
    if (ids.length > 1) {
      bad.push(...ids);
      continue;
    }
    for (const id of ids) {
      const f = await files.bytesOf(id, SIGNATURE_MAX_BYTES);
      if (!f || f.mime !== 'image/png' || !(await pngSize(f.data, SIGNATURE_MAX_PIXELS))) bad.push(id);
    }
  }
  return bad;
}

export interface Signature {
  /** the typed name, when one was given */
  name: string | null;
  /** the drawn signature's file, when one was drawn */
  fileId: string | null;
}

/** The signature of a recorded checklist (its first signature item answered), or null. */
export function signatureOf(
  items: readonly ChecklistItem[],
  answers: readonly StoredAnswer[],
): Signature | null {
  for (const item of signatureItems(items)) {
    const a = answers.find((x) => x.code === item.code);
    const name = typeof a?.value === 'string' && a.value.trim() ? a.value.trim() : null;
    const fileId = a?.photoIds?.[0] ?? null;
    if (name || fileId) return { name, fileId };
  }
  return null;
}

/** A recorded checklist's signature with its image's bytes, for a document to draw. */
export async function signatureWithImage(
  files: FilesService,
  items: readonly ChecklistItem[],
  answers: readonly StoredAnswer[],
): Promise<{ name: string | null; png: Buffer | null } | null> {
  const s = signatureOf(items, answers);
  if (!s) return null;
  const f = s.fileId ? await files.bytesOf(s.fileId, SIGNATURE_MAX_BYTES) : null;
  return { name: s.name, png: f?.mime === 'image/png' ? f.data : null };
}
