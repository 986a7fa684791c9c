import { api, bodyOf } from '@anxiao/web-core';
import type { QueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { queryKeys } from '../api/keys';
import { within } from '../offline/failure';
import { idbStore } from '../offline/idb';
import { photoStore } from '../offline/photos';
import { uploadPhoto, withSession } from '../offline/upload';
import { currentUser, onSessionUser } from '../session/current';
import { keepDetail } from './cacheStore';
import { draftPhotos } from './draftStore';
import type { OutboxEntry } from './outbox';
import { TaskQueue } from './queue';
import type { HazardMade, TaskDetail } from './types';

/**
 * The tasks outbox of this page (queue.ts runs it): kept in IndexedDB, sent in the background
 * whatever the page shows. Started at load (main.tsx), so a checklist filled offline goes out as
 * soon as the network is back, even after the page was closed and opened again.
 */

/** One call waits this long for an answer. */
const CALL_TIMEOUT_MS = 30_000;

/** Photos of checklists being filled in and queued, by local id. */
export const taskPhotos = photoStore('anxiao-task-photos');

let onDelivered: ((entry: OutboxEntry, answer: TaskDetail | HazardMade) => void) | null = null;

export const taskQueue = new TaskQueue({
  entries: idbStore<OutboxEntry>('anxiao-task-outbox', 'entries'),
  photos: taskPhotos,
  upload: (localId) => uploadPhoto(taskPhotos, localId),
  complete: (id, body) =>
    withSession(() =>
      within(CALL_TIMEOUT_MS, (signal) =>
        bodyOf(api.POST('/api/tasks/{id}/complete', { params: { path: { id } }, body, signal })),
      ),
    ),
  hazard: (id, body) =>
    withSession(() =>
      within(CALL_TIMEOUT_MS, (signal) =>
        bodyOf(api.POST('/api/tasks/{id}/hazards', { params: { path: { id } }, body, signal })),
      ),
    ),
  currentUser,
  now: () => Date.now(),
  draftPhotos,
  delivered: (entry, answer) => onDelivered?.(entry, answer),
});

let started = false;

export function startTaskSender(queryClient: QueryClient): void {
  if (started) return;
  started = true;
  onDelivered = (entry, answer) => {
    if (entry.kind === 'complete' && 'items' in answer) {
      // The task as recorded: shown at once, and remembered for opening it offline.
      keepDetail(entry.userId, answer, Date.now());
      queryClient.setQueryData(queryKeys.task(entry.taskId), answer);
    } else void queryClient.invalidateQueries({ queryKey: queryKeys.task(entry.taskId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.tasksToday });
  };
  const wakeAll = () => void taskQueue.wakeAll();
  // The network is back, or the phone shows the page again (timers sleep in the background).
  window.addEventListener('online', wakeAll);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') wakeAll();
  });
  // Signed in (or the session read): what waited for it goes now.
  onSessionUser((userId) => {
    if (userId) wakeAll();
  });
  void taskQueue.pump();
}

/** Every entry of the outbox, newest first. */
export function useTaskOutbox(): readonly OutboxEntry[] {
  return useSyncExternalStore(taskQueue.subscribe, taskQueue.snapshot);
}
