import { newIdempotencyKey } from '@anxiao/web-core';
import { useCallback, useEffect, useState } from 'react';
import { newDraft, type Draft } from './draft';
import { clearDraft, loadDraft, saveDraft } from './draftStore';

const fresh = (userId: string): Draft => newDraft(userId, newIdempotencyKey(), Date.now());

/**
 * The draft of this account, kept in the phone's storage on every change (draft.ts has the
 * rules). `change` applies a rule to the latest draft; `reset` begins a new one with a new key.
 */
export function useDraft(userId: string) {
  const [draft, setDraft] = useState<Draft>(() => loadDraft(userId) ?? fresh(userId));
  useEffect(() => saveDraft(draft), [draft]);
  const change = useCallback((rule: (d: Draft, now: number) => Draft) => {
    setDraft((d) => rule(d, Date.now()));
  }, []);
  const reset = useCallback(() => {
    clearDraft();
    setDraft(fresh(userId));
  }, [userId]);
  return { draft, change, reset };
}
