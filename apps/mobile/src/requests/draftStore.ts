import { storageSlot } from '../offline/slot';
import { parseDraft, type Draft } from './draft';

/** The draft in the phone's storage (one per phone, marked with its account; offline/slot.ts). */
const slot = storageSlot<Draft>('anxiao.request.draft');

export function loadDraft(userId: string): Draft | null {
  const draft = slot.load((raw) => parseDraft(raw, userId));
  return draft?.userId === userId ? draft : null;
}

/** Keep the draft (soon). */
export const saveDraft = (draft: Draft): void => slot.save(draft);

/** Forget the draft (it was filed). */
export const clearDraft = (): void => slot.clear();

/** Write now: the page is going away or being hidden. */
export const flushDraft = (): void => slot.flush();
