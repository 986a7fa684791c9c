import { useState } from 'react';
import { Icon } from '../../components/Icon';
import { useI18n, type MessageKey } from '../../i18n/I18nProvider';
import type { CachedUser } from '../../tasks/cache';
import type { AnswerValue } from '@anxiao/contracts';
import { hazardOf, newHazard, type CompletionEntry, type OutboxEntry } from '../../tasks/outbox';
import { taskQueue } from '../../tasks/sender';
import {
  HAZARD_GRADES,
  HAZARD_STATUSES,
  type ChecklistItem,
  type HazardGrade,
  type TaskDetail,
} from '../../tasks/types';

export function FailedItems({
  user,
  detail,
  entry,
  codes,
  outbox,
}: {
  user: CachedUser;
  detail: TaskDetail;
  entry: CompletionEntry | undefined;
  codes: readonly string[];
  outbox: readonly OutboxEntry[];
}) {
  const { t } = useI18n();
  if (codes.length === 0) return null;
  return (
    <section className="card form-section failed-items">
      <h2 className="card-title">{t('task.failedTitle')}</h2>
      <p className="hint">{t('task.failedHint')}</p>
      <ul className="failed-list">
        {codes.map((code) => {
          const item = detail.items.find((i) => i.code === code);
          const value =
            detail.answers.find((a) => a.code === code)?.value ??
            entry?.answers.find((a) => a.code === code)?.value ??
            null;
          return (
            <li key={code} className="failed-item" data-testid={`task-failed-${code}`}>
              <p className="failed-prompt">{item?.prompt ?? code}</p>
              {item && value !== null && (
                <p className="failed-answer">{t('task.answered', { value: answerText(item, value, t) })}</p>
              )}
              <HazardAction user={user} detail={detail} code={code} outbox={outbox} />
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function answerText(item: ChecklistItem, value: AnswerValue, t: (k: MessageKey) => string): string {
  if (item.type === 'yes_no' && (value === 'yes' || value === 'no' || value === 'na'))
    return t(`task.answer.${value}`);
  if (item.type === 'choice') return item.options?.find((o) => o.key === value)?.label ?? String(value);
  return String(value);
}

/** A hazard's status in words (the task's detail gives it as plain text). */
function hazardStatusText(status: string, t: (k: MessageKey) => string): string {
  const known = HAZARD_STATUSES.find((s) => s === status);
  return known ? t(`hazard.status.${known}`) : status;
}

function HazardAction({
  user,
  detail,
  code,
  outbox,
}: {
  user: CachedUser;
  detail: TaskDetail;
  code: string;
  outbox: readonly OutboxEntry[];
}) {
  const { t } = useI18n();
  const [grade, setGrade] = useState<HazardGrade>('general');
  const made = detail.hazards.find((h) => h.itemCode === code);
  const queued = hazardOf(outbox, detail.id, code);
  const known = made ?? (queued?.state === 'sent' ? queued.hazard : null);

  if (known)
    return (
      <p className="hazard-made" data-testid={`task-hazard-no-${code}`} data-no={known.no}>
        <Icon name="alert" size={20} />
        <span>
          {t('task.hazardNo')} <strong className="mono">{known.no}</strong>
        </span>
        <span className="status status-waiting">{hazardStatusText(known.status, t)}</span>
      </p>
    );
  if (queued?.state === 'pending')
    return (
      <p className="hazard-queued" data-testid={`task-hazard-queued-${code}`}>
        <Icon name="upload" size={20} />
        {t('task.hazardQueued', { grade: t(`hazard.grade.${queued.grade}`) })}
      </p>
    );

  const ask = () =>
    void taskQueue.add(newHazard({ userId: user.id, taskId: detail.id, itemCode: code, grade }, Date.now()));
  return (
    <div className="hazard-action">
      <div className="grades" role="radiogroup" aria-label={t('task.grade')}>
        {HAZARD_GRADES.map((g) => (
          <button
            key={g}
            type="button"
            role="radio"
            aria-checked={grade === g}
            className={`choice grade grade-${g}`}
            data-testid={`task-grade-${code}-${g}`}
            onClick={() => setGrade(g)}
          >
            {t(`hazard.grade.${g}`)}
          </button>
        ))}
      </div>
      <button
        type="button"
        className="button danger hazard-button"
        data-testid={`task-hazard-${code}`}
        onClick={ask}
      >
        <Icon name="alert" size={22} />
        {t('task.toHazard')}
      </button>
      {queued?.state === 'failed' && (
        <p className="error">{queued.lastError?.message || t('error.unknown')}</p>
      )}
    </div>
  );
}

// ── the checklist ────────────────────────────────────────────────────────────────────────────
