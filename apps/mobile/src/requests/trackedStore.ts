import { useSyncExternalStore } from 'react';
import { entriesOf, parseTracked, remember, type TrackedEntry } from './tracked';

/** The requests filed from this phone (tracked.ts has the rules), in the phone's storage. */

const STORAGE_KEY = 'anxiao.request.tracked';

let list: TrackedEntry[] = read();
const listeners = new Set<() => void>();

function read(): TrackedEntry[] {
  try {
    return parseTracked(localStorage.getItem(STORAGE_KEY));
  } catch {
    return [];
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function rememberFiled(entry: TrackedEntry): void {
  list = remember(list, entry);
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(list));
  } catch {
    // Storage disabled or full: the done page still shows the link to keep.
  }
  for (const l of listeners) l();
}

/** This account's requests filed from this phone. */
export function useTrackedEntries(userId: string): TrackedEntry[] {
  const all = useSyncExternalStore(subscribe, () => list);
  return entriesOf(all, userId);
}

if (typeof window !== 'undefined') {
  window.addEventListener('storage', (e) => {
    if (e.key !== STORAGE_KEY && e.key !== null) return;
    list = read();
    for (const l of listeners) l();
  });
}
