import { newIdempotencyKey } from '@anxiao/web-core';
import { useCallback, useEffect, useState } from 'react';
import { storageSlot } from '../offline/slot';
import {
  draftOf,
  newChecklist,
  parseDrafts,
  photosOf,
  withDraft,
  type ChecklistDraft,
  type Drafts,
} from './draft';

/** Checklists being filled in, kept in the phone's storage (draft.ts has the rules). */
const slot = storageSlot<Drafts>('anxiao.tasks.drafts');
let drafts: Drafts | undefined;

const all = (): Drafts => (drafts ??= slot.load(parseDrafts) ?? {});

export const loadChecklist = (userId: string, taskId: string): ChecklistDraft | null =>
  draftOf(all(), userId, taskId);

export function saveChecklist(draft: ChecklistDraft): void {
  drafts = withDraft(all(), draft.userId, draft.taskId, draft);
  slot.save(drafts);
}

/** Forget a task's checklist (it went into the outbox). */
export function clearChecklist(userId: string, taskId: string): void {
  drafts = withDraft(all(), userId, taskId, null);
  slot.save(drafts);
  slot.flush();
}

/** Every photo of a checklist being filled in, whoever fills it: kept when the outbox tidies up. */
export const draftPhotos = (): string[] => Object.values(all()).flatMap(photosOf);

/**
 * The checklist of a task as it is filled in, kept on every change (`begin` gives the first one
 * when none is kept: a sent-back checklist opened again). `change` applies a rule to the latest.
 */
export function useChecklist(userId: string, taskId: string, begin?: () => ChecklistDraft | null) {
  const [draft, setDraft] = useState<ChecklistDraft>(
    () =>
      loadChecklist(userId, taskId) ??
      begin?.() ??
      newChecklist(userId, taskId, newIdempotencyKey(), Date.now()),
  );
  useEffect(() => {
    // A checklist only looked at is not kept (nor its key: the next look begins afresh).
    if (Object.keys(draft.answers).length > 0 || loadChecklist(draft.userId, draft.taskId))
      saveChecklist(draft);
  }, [draft]);
  const change = useCallback((rule: (d: ChecklistDraft, now: number) => ChecklistDraft) => {
    setDraft((d) => rule(d, Date.now()));
  }, []);
  return { draft, change };
}
