import { Icon } from '../../components/Icon';
import { useI18n } from '../../i18n/I18nProvider';
import { formatChinaTime } from '../../requests/format';
import type { CachedUser } from '../../tasks/cache';
import type { CompletionEntry, OutboxEntry } from '../../tasks/outbox';
import { taskQueue } from '../../tasks/sender';
import type { TaskDetail } from '../../tasks/types';
import { cadenceLabel } from '../../tasks/view';
import { FailedItems } from './FailedItems';
import { ChecklistForm } from './ChecklistForm';

export function TaskBody({
  user,
  detail,
  entry,
  outbox,
}: {
  user: CachedUser;
  detail: TaskDetail;
  entry: CompletionEntry | undefined;
  outbox: readonly OutboxEntry[];
}) {
  const { t } = useI18n();
  const head = <TaskHead detail={detail} />;
  const failedOf = (codes: readonly string[]) => (
    <FailedItems user={user} detail={detail} entry={entry} codes={codes} outbox={outbox} />
  );

  if (entry?.state === 'pending')
    return (
      <>
        {head}
        <QueuedCard entry={entry} />
        {failedOf(entry.failed)}
      </>
    );
  if (detail.status === 'done')
    return (
      <>
        {head}
        {entry?.state === 'taken' && (
          <p className="notice" role="alert" data-testid="task-taken">
            {t('task.taken')}
          </p>
        )}
        <DoneCard detail={detail} />
        {failedOf(detail.failed)}
      </>
    );
  if (entry?.state === 'sent')
    return (
      <>
        {head}
        <DoneCard detail={detail} />
        {failedOf(entry.recordedFailed ?? entry.failed)}
      </>
    );
  if (entry?.state === 'taken')
    return (
      <>
        {head}
        <p className="notice" role="alert" data-testid="task-taken">
          {t('task.taken')}
        </p>
      </>
    );
  const refusal = entry?.state === 'failed' ? entry : undefined;
  return (
    <>
      {head}
      {refusal && (
        <div className="notice task-refused" role="alert" data-testid="task-refused">
          <p>{refusal.lastError?.message || t('error.unknown')}</p>
          <button type="button" className="button small" onClick={() => void taskQueue.remove(refusal.key)}>
            {t('task.discard')}
          </button>
        </div>
      )}
      {detail.status === 'open' && !detail.canDo && !entry ? (
        <p className="notice">{t('task.cannotDo')}</p>
      ) : (
        !refusal && (
          <ChecklistForm
            key={entry?.key ?? 'new'}
            user={user}
            detail={detail}
            rejected={entry?.state === 'rejected' ? entry : undefined}
          />
        )
      )}
    </>
  );
}

function TaskHead({ detail }: { detail: TaskDetail }) {
  const { t, lang } = useI18n();
  const late = detail.status === 'open' && detail.overdue;
  return (
    <section className="card task-head" data-testid="task-head" data-status={detail.status}>
      <p className="task-head-grid">{detail.gridName}</p>
      <p className="task-head-meta">
        <span className="tag">{cadenceLabel(t, detail)}</span>
        <span className={late ? 'task-row-late' : undefined}>
          {t('tasks.dueAt', { time: formatChinaTime(detail.dueAt, lang) })}
        </span>
        {late && <span className="status status-late">{t('tasks.status.overdue')}</span>}
      </p>
      {detail.equipment && (
        <p className="task-head-equipment">
          <span className="mono">{detail.equipment.code}</span> {detail.equipment.name}
        </p>
      )}
    </section>
  );
}

function QueuedCard({ entry }: { entry: CompletionEntry }) {
  const { t, lang } = useI18n();
  const error = entry.lastError;
  return (
    <section className="card queued-card" data-testid="task-queued" data-key={entry.key}>
      <p className="queued-title">
        <Icon name="upload" size={24} />
        {t('task.queued')}
      </p>
      <p className="hint">{t('task.queuedHint')}</p>
      <dl className="done-facts">
        <div>
          <dt>{t('task.doneAtLabel')}</dt>
          <dd>{formatChinaTime(entry.doneAt, lang)}</dd>
        </div>
        {entry.attempts > 0 && (
          <div>
            <dt>{t('task.attempts')}</dt>
            <dd>{entry.attempts}</dd>
          </div>
        )}
      </dl>
      {error && (
        <p className="hint">
          {error.status === 401
            ? t('tasks.outboxSignedOut')
            : t('task.lastError', { message: error.message || t('error.network') })}
        </p>
      )}
      <button type="button" className="button" onClick={() => void taskQueue.wakeAll()}>
        {t('tasks.sendNow')}
      </button>
    </section>
  );
}

function DoneCard({ detail }: { detail: TaskDetail }) {
  const { t, lang } = useI18n();
  const failed = detail.failed.length;
  return (
    <section className="card done-card" data-testid="task-done" data-failed={failed}>
      <p className="done-title">
        <span className="done-check" aria-hidden="true">
          ✓
        </span>
        {t('task.done')}
      </p>
      <dl className="done-facts">
        {detail.completedByName && (
          <div>
            <dt>{t('task.doneBy')}</dt>
            <dd>{detail.completedByName}</dd>
          </div>
        )}
        {detail.completedAt && (
          <div>
            <dt>{t('task.doneAtLabel')}</dt>
            <dd>{formatChinaTime(detail.completedAt, lang)}</dd>
          </div>
        )}
        {detail.score?.percent !== null && detail.score?.percent !== undefined && (
          <div>
            <dt>{t('task.score')}</dt>
            <dd>{Math.round(detail.score.percent)}%</dd>
          </div>
        )}
      </dl>
      <p className={failed ? 'task-failed-summary' : 'success'}>
        {failed ? t('tasks.failedCount', { n: failed }) : t('task.allPassed')}
      </p>
    </section>
  );
}

// ── failed items and their hazards ───────────────────────────────────────────────────────────
