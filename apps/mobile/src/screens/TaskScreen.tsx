import { ApiError } from '@anxiao/web-core';
import { useEffect, useLayoutEffect } from 'react';
import { TopBar } from '../components/TopBar';
import { errorMessage, useI18n } from '../i18n/I18nProvider';
import { useOffline } from '../offline/online';
import type { CachedUser } from '../tasks/cache';
import { completionOf } from '../tasks/outbox';
import { useTaskOutbox } from '../tasks/sender';
import { useTask } from '../tasks/useTasks';
import { OutboxBar, SyncBanner } from './TasksScreen';
import { TaskBody } from './task/TaskBody';

/** One task: its checklist to fill in, or what was recorded and the hazards made from it. */
export function TaskScreen({ user, id }: { user: CachedUser; id: string }) {
  const { t } = useI18n();
  const task = useTask(user.id, id);
  const outbox = useTaskOutbox();
  const offline = useOffline();
  const entry = completionOf(outbox, user.id, id);
  const detail = task.data;

  // Sent back, or done by someone else: read the task again (its checklist may have changed).
  const state = entry?.state;
  const refetch = task.refetch;
  useEffect(() => {
    if (state === 'rejected' || state === 'taken') void refetch();
  }, [state, refetch]);
  // A new view (submitted, recorded) starts at its top.
  const view = detail?.status === 'done' ? 'done' : (state ?? 'form');
  useLayoutEffect(() => {
    window.scrollTo(0, 0);
  }, [view]);

  return (
    <div className="screen">
      <TopBar title={detail?.templateName ?? entry?.templateName ?? t('task.title')} back />
      <main className="content task">
        <SyncBanner
          stale={(offline || task.isError) && !!detail}
          offline={offline || (task.error instanceof ApiError && task.error.status === 0)}
          updatedAt={task.dataUpdatedAt}
        />
        <OutboxBar userId={user.id} entries={outbox} />
        {detail ? (
          <TaskBody user={user} detail={detail} entry={entry} outbox={outbox} />
        ) : task.isPending && !offline ? (
          <p className="hint">{t('tasks.loading')}</p>
        ) : (
          <div className="inline-error card">
            <p className="error">
              {offline || (task.error instanceof ApiError && task.error.status === 0)
                ? t('task.notCached')
                : errorMessage(task.error, t)}
            </p>
            <button type="button" className="button" onClick={() => void task.refetch()}>
              {t('common.retry')}
            </button>
          </div>
        )}
      </main>
    </div>
  );
}
