import { newIdempotencyKey, postForm } from '@anxiao/web-core';
import type { components } from '@anxiao/api-client';
import { useCallback, useEffect, useState } from 'react';
import { within } from '../offline/failure';
import { photoStore } from '../offline/photos';
import { storageSlot } from '../offline/slot';
import { newSnap, parseSnap, snapFields, type SnapDraft } from './snap';

export type Receipt = components['schemas']['HazardPublicReceipt'];

/** The 随手拍 being written (one per phone) and its photos, kept on the phone until it is received. */
const slot = storageSlot<SnapDraft>('anxiao.snap.draft');
export const snapPhotos = photoStore('anxiao-snap-photos');

const SEND_TIMEOUT_MS = 90_000;

const fresh = (placeId: string) => newSnap(placeId, newIdempotencyKey(), Date.now());

/** The report for `placeId`, kept on every change; `reset` begins a new one with a new key. */
export function useSnapDraft(placeId: string) {
  const [draft, setDraft] = useState<SnapDraft>(
    () => slot.load((raw) => parseSnap(raw, placeId)) ?? fresh(placeId),
  );
  useEffect(() => slot.save(draft), [draft]);
  const change = useCallback((rule: (d: SnapDraft, now: number) => SnapDraft) => {
    setDraft((d) => rule(d, Date.now()));
  }, []);
  const reset = useCallback(() => {
    slot.clear();
    void snapPhotos.dropExcept([]);
    setDraft(fresh(placeId));
  }, [placeId]);
  return { draft, change, reset };
}

/**
 * Send the report (multipart: its fields and photos, at most 3). The same key on every retry: the
 * server answers a repeat with the receipt it gave the first time.
 */
export async function sendSnap(draft: SnapDraft): Promise<Receipt> {
  const form = new FormData();
  for (const [name, value] of snapFields(draft)) form.append(name, value);
  for (const p of draft.photos) {
    const blob = await snapPhotos.blob(p.localId);
    // A photo gone from the phone (storage cleared) is left out rather than holding the report.
    if (blob) form.append('file', blob, `${p.localId}.${blob.type === 'image/png' ? 'png' : 'jpg'}`);
  }
  const receipt = await within(SEND_TIMEOUT_MS, () => postForm<Receipt>('/api/public/hazards', form));
  // A captive portal answers 200 too: only an answer with a number in it counts.
  if (!receipt?.no) throw new Error('not the answer of the API');
  return receipt;
}
