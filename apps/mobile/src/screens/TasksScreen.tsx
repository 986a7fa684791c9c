import { ApiError } from '@anxiao/web-core';
import { Icon } from '../components/Icon';
import { TopBar } from '../components/TopBar';
import { errorMessage, useI18n, type MessageKey } from '../i18n/I18nProvider';
import { useOffline } from '../offline/online';
import { formatChinaClock, formatChinaTime } from '../requests/format';
import { go } from '../router';
import type { CachedUser } from '../tasks/cache';
import { completionOf, queued, type OutboxEntry } from '../tasks/outbox';
import { taskQueue, useTaskOutbox } from '../tasks/sender';
import type { TaskBrief } from '../tasks/types';
import { useTasksToday } from '../tasks/useTasks';
import { cadenceLabel, rowStatus, type RowStatus } from '../tasks/view';

/** 今日任务: the tasks of the grids I hold, as last read when the network is gone. */
export function TasksScreen({ user }: { user: CachedUser }) {
  const { t } = useI18n();
  const today = useTasksToday(user);
  const outbox = useTaskOutbox();
  const offline = useOffline();
  const items = today.data?.items ?? [];
  const rejected = outbox.filter(
    (e) => e.userId === user.id && e.kind === 'complete' && e.state === 'rejected',
  );

  return (
    <div className="screen">
      <TopBar title={t('tasks.title')} back />
      <main className="content tasks">
        <SyncBanner
          stale={(offline || today.isError) && !!today.data}
          offline={offline || (today.error instanceof ApiError && today.error.status === 0)}
          updatedAt={today.dataUpdatedAt}
        />
        <OutboxBar userId={user.id} entries={outbox} />
        {rejected.length > 0 && (
          <p className="notice" role="alert">
            {t('tasks.rejectedCount', { n: rejected.length })}
          </p>
        )}
        {today.isPending && !offline && <p className="hint">{t('tasks.loading')}</p>}
        {today.isPending && offline && <p className="notice">{t('tasks.notCached')}</p>}
        {today.isError && !today.data && (
          <div className="inline-error card">
            <p className="error">{errorMessage(today.error, t)}</p>
            <button type="button" className="button" onClick={() => void today.refetch()}>
              {t('common.retry')}
            </button>
          </div>
        )}
        {today.data && items.length === 0 && <p className="empty card">{t('tasks.empty')}</p>}
        <ul className="task-list" data-testid="tasks-today" data-date={today.data?.date ?? ''}>
          {items.map((brief) => (
            <TaskRow
              key={brief.id}
              brief={brief}
              status={rowStatus(brief, completionOf(outbox, user.id, brief.id))}
            />
          ))}
        </ul>
      </main>
    </div>
  );
}

const STATUS_TONE: Record<RowStatus, string> = {
  open: 'status-new',
  overdue: 'status-late',
  done: 'status-done',
  queued: 'status-waiting',
  rejected: 'status-warn',
};

function TaskRow({ brief, status }: { brief: TaskBrief; status: RowStatus }) {
  const { t, lang } = useI18n();
  return (
    <li>
      <button
        type="button"
        className={`task-row task-row-${status}`}
        data-testid={`task-item-${brief.id}`}
        data-status={status}
        onClick={() => go({ name: 'task', id: brief.id })}
      >
        <span className="task-row-main">
          <span className="task-row-title">{brief.templateName}</span>
          <span className={`status ${STATUS_TONE[status]}`}>{t(`tasks.status.${status}`)}</span>
        </span>
        <span className="task-row-grid">{brief.gridName}</span>
        <span className="task-row-foot">
          <span className="tag">{cadenceLabel(t, brief)}</span>
          {brief.status === 'done' && brief.completedAt ? (
            <span>{t('tasks.doneAt', { time: formatChinaTime(brief.completedAt, lang) })}</span>
          ) : (
            <span className={status === 'overdue' ? 'task-row-late' : undefined}>
              {t('tasks.dueAt', { time: formatChinaTime(brief.dueAt, lang) })}
            </span>
          )}
        </span>
        {(brief.equipment || (brief.status === 'done' && brief.failedCount > 0)) && (
          <span className="task-row-foot">
            {brief.equipment && (
              <span className="task-row-equipment">
                <span className="mono">{brief.equipment.code}</span> {brief.equipment.name}
              </span>
            )}
            {brief.status === 'done' && brief.failedCount > 0 && (
              <span className="task-row-failed">{t('tasks.failedCount', { n: brief.failedCount })}</span>
            )}
          </span>
        )}
        <span className="task-row-chevron" aria-hidden="true">
          <Icon name="chevron" size={20} />
        </span>
      </button>
    </li>
  );
}

/** "离线 · 上次更新 14:05": the page shows what the phone remembers, not the server's answer. */
export function SyncBanner({
  stale,
  offline,
  updatedAt,
}: {
  stale: boolean;
  offline: boolean;
  updatedAt: number;
}) {
  const { t, lang } = useI18n();
  if (!stale) return null;
  const time = formatChinaClock(updatedAt, lang);
  const key: MessageKey = offline ? 'tasks.offline' : 'tasks.stale';
  return (
    <p className="sync-banner" role="status" data-testid="tasks-offline" data-updated-at={updatedAt}>
      <Icon name="alert" size={20} />
      <span>{time ? t(key, { time }) : t(offline ? 'tasks.offlineNever' : 'tasks.staleNever')}</span>
    </p>
  );
}

/** How many checklists and hazards wait on the phone to be sent, and a way to send them now. */
export function OutboxBar({ userId, entries }: { userId: string; entries: readonly OutboxEntry[] }) {
  const { t } = useI18n();
  const waiting = queued(entries, userId);
  const lastError = waiting.find((e) => e.lastError)?.lastError;
  return (
    <div
      className="outbox-bar"
      data-testid="task-outbox"
      data-count={waiting.length}
      hidden={waiting.length === 0}
    >
      <Icon name="upload" size={22} />
      <span className="outbox-bar-text">
        <strong>{t('tasks.outbox', { n: waiting.length })}</strong>
        <small>
          {lastError && lastError.status !== 0 && lastError.status !== 401 && lastError.message
            ? lastError.message
            : lastError?.status === 401
              ? t('tasks.outboxSignedOut')
              : t('tasks.outboxHint')}
        </small>
      </span>
      <button type="button" className="button small" onClick={() => void taskQueue.wakeAll()}>
        {t('tasks.sendNow')}
      </button>
    </div>
  );
}
