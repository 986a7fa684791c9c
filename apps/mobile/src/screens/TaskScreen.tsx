import { ApiError } from '@anxiao/web-core';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Icon } from '../components/Icon';
import { PhotoPicker, usePhotoIntake, type TakenPhoto } from '../components/PhotoPicker';
import { SignaturePad } from '../components/SignaturePad';
import { TopBar } from '../components/TopBar';
import { locate } from '../geo';
import { errorMessage, useI18n, type MessageKey } from '../i18n/I18nProvider';
import { useOffline } from '../offline/online';
import { formatChinaTime } from '../requests/format';
import type { CachedUser } from '../tasks/cache';
import {
  ITEM_PHOTO_MAX,
  NOTE_MAX,
  TEXT_MAX,
  addPhoto,
  draftFromOutbox,
  judgeDraft,
  outboxAnswers,
  removePhoto,
  setNote,
  setSignature,
  setValue,
  valueOf,
  withPosition,
  type DraftAnswer,
} from '../tasks/draft';
import { clearChecklist, useChecklist } from '../tasks/draftStore';
import { isFailing, type AnswerValue, type ItemVerdict, type Problem } from '@anxiao/contracts';
import {
  completionOf,
  hazardOf,
  newCompletion,
  newHazard,
  resubmit,
  type CompletionEntry,
  type OutboxEntry,
} from '../tasks/outbox';
import { taskPhotos, taskQueue, useTaskOutbox } from '../tasks/sender';
import {
  HAZARD_GRADES,
  HAZARD_STATUSES,
  type ChecklistItem,
  type HazardGrade,
  type TaskDetail,
} from '../tasks/types';
import { useTask } from '../tasks/useTasks';
import { cadenceLabel, signatureName } from '../tasks/view';
import { OutboxBar, SyncBanner } from './TasksScreen';

/** How long the start of a checklist waits for the phone's position, at most. */
const LOCATE_TIMEOUT_MS = 8_000;

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

function TaskBody({
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

function FailedItems({
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

function ChecklistForm({
  user,
  detail,
  rejected,
}: {
  user: CachedUser;
  detail: TaskDetail;
  rejected: CompletionEntry | undefined;
}) {
  const { t } = useI18n();
  const offline = useOffline();
  const { draft, change } = useChecklist(user.id, detail.id, () =>
    rejected ? draftFromOutbox(rejected, null, Date.now()) : null,
  );
  const items = detail.items;
  const verdict = useMemo(() => judgeDraft(items, draft), [items, draft]);
  const [showProblems, setShowProblems] = useState(!!rejected);
  const [preparing, setPreparing] = useState<Record<string, number>>({});
  const busyPhotos = Object.values(preparing).some((n) => n > 0);
  const [sending, setSending] = useState(false);
  const cards = useRef<(HTMLElement | null)[]>([]);

  // Where the checklist is done: asked once when it is begun, never waited for.
  const hasPosition = !!draft.position;
  useEffect(() => {
    if (hasPosition) return;
    let live = true;
    void locate(LOCATE_TIMEOUT_MS).then((position) => {
      if (live) change((d, now) => withPosition(d, position, now));
    });
    return () => {
      live = false;
    };
  }, [hasPosition, change]);

  const answered = items.filter((i) => {
    const a = draft.answers[i.code];
    return valueOf(i, a) !== null || (a?.photos.length ?? 0) > 0;
  }).length;

  /** An item answered the passing way: the next one comes up, for a thumb that stays put. */
  const next = (index: number) => {
    const card = cards.current[index + 1];
    if (!card) return;
    const rect = card.getBoundingClientRect();
    if (rect.top > window.innerHeight * 0.6)
      card.scrollIntoView({
        block: 'center',
        behavior: window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth',
      });
  };

  const submit = async () => {
    if (sending || busyPhotos) return;
    const v = judgeDraft(items, draft);
    if (v.invalid.length) {
      setShowProblems(true);
      requestAnimationFrame(() =>
        document.querySelector('.task-card[data-problem="true"]')?.scrollIntoView({ block: 'center' }),
      );
      return;
    }
    setSending(true);
    try {
      const answers = outboxAnswers(items, draft);
      const existing = taskQueue.get(draft.key);
      if (existing?.kind === 'complete' && existing.state === 'rejected') {
        await taskQueue.update(existing.key, (e) =>
          e.kind === 'complete' ? resubmit(e, { answers, failed: v.failed }, Date.now()) : e,
        );
        void taskQueue.pump();
      } else {
        const p = draft.position;
        await taskQueue.add(
          newCompletion(
            {
              key: draft.key,
              userId: user.id,
              taskId: detail.id,
              templateName: detail.templateName,
              gridName: detail.gridName,
              answers,
              location: p ? { lat: p.lat, lng: p.lon, accuracy: p.accuracy } : null,
              failed: v.failed,
            },
            Date.now(),
          ),
        );
      }
      clearChecklist(user.id, detail.id);
    } finally {
      setSending(false);
    }
  };

  return (
    <>
      {rejected && (
        <p className="notice" role="alert" data-testid="task-rejected">
          {rejected.lastError?.message || t('task.rejected')}
        </p>
      )}
      <ol className="task-items">
        {items.map((item, index) => (
          <ItemCard
            key={item.code}
            ref={(el) => {
              cards.current[index] = el;
            }}
            index={index}
            total={items.length}
            item={item}
            answer={draft.answers[item.code]}
            verdict={verdict.verdicts[index]!}
            showProblem={showProblems}
            signName={signatureName(user.displayName)}
            onValue={(value) => {
              change((d, now) => setValue(d, item.code, value, now));
              if (
                value !== null &&
                !isFailing(item, value) &&
                (item.type === 'yes_no' || item.type === 'choice')
              )
                next(index);
            }}
            onNote={(note) => change((d, now) => setNote(d, item.code, note, now))}
            onPhoto={(photo) => change((d, now) => addPhoto(d, item.code, photo, now))}
            onRemovePhoto={(localId) => {
              change((d, now) => removePhoto(d, item.code, localId, now));
              void taskPhotos.drop(localId);
            }}
            onSignature={(drawn) => {
              const before = draft.answers[item.code]?.photos ?? [];
              change((d, now) => setSignature(d, item.code, drawn, now));
              for (const p of before) if (p.localId !== drawn?.localId) void taskPhotos.drop(p.localId);
            }}
            onPreparing={(n) => setPreparing((p) => (p[item.code] === n ? p : { ...p, [item.code]: n }))}
          />
        ))}
      </ol>
      <div className="task-submit-bar">
        <p className="task-progress">
          <span>{t('task.progress', { done: answered, total: items.length })}</span>
          {verdict.failed.length > 0 && (
            <span className="task-failed-summary">
              {t('tasks.failedCount', { n: verdict.failed.length })}
            </span>
          )}
        </p>
        <button
          type="button"
          className="button primary task-submit"
          data-testid="task-submit"
          disabled={sending || busyPhotos}
          onClick={() => void submit()}
        >
          {busyPhotos ? t('photo.preparing') : t('task.submit')}
        </button>
        {offline && <p className="hint">{t('task.offlineSubmit')}</p>}
        {showProblems && verdict.invalid.length > 0 && (
          <p className="field-error">{t('task.problems', { n: verdict.invalid.length })}</p>
        )}
      </div>
    </>
  );
}

// ── one item ─────────────────────────────────────────────────────────────────────────────────

interface ItemCardProps {
  ref: (el: HTMLElement | null) => void;
  index: number;
  total: number;
  item: ChecklistItem;
  answer: DraftAnswer | undefined;
  verdict: ItemVerdict;
  showProblem: boolean;
  signName: string;
  onValue: (value: string | null) => void;
  onNote: (note: string) => void;
  onPhoto: (photo: TakenPhoto) => void;
  onRemovePhoto: (localId: string) => void;
  /** a signature drawn on the pad (null: cleared) */
  onSignature: (drawn: TakenPhoto | null) => void;
  onPreparing: (n: number) => void;
}

type Shown = { tone: 'pass' | 'fail' | 'na' | 'problem' | 'none'; text: MessageKey | null };

function shownVerdict(
  item: ChecklistItem,
  v: ItemVerdict,
  failing: boolean,
  showProblem: boolean,
  hasValue: boolean,
): Shown {
  switch (v.state) {
    case 'pass':
      return {
        tone: 'pass',
        text:
          item.type === 'yes_no' || item.type === 'number' || item.type === 'choice'
            ? 'task.verdict.pass'
            : 'task.verdict.filled',
      };
    case 'fail':
      return { tone: 'fail', text: 'task.verdict.fail' };
    case 'na':
      return { tone: 'na', text: 'task.verdict.na' };
    case 'unanswered':
      return { tone: 'none', text: null };
    case 'invalid':
      if (failing) return { tone: 'fail', text: 'task.verdict.failPhoto' };
      if (!showProblem && !hasValue) return { tone: 'none', text: null };
      // A photo item without its photo has no value either: what it needs is the photo.
      return {
        tone: 'problem',
        text:
          item.type === 'photo'
            ? 'task.problem.photo_required'
            : (`task.problem.${v.problem}` satisfies `task.problem.${Problem}`),
      };
  }
}

function ItemCard({
  ref,
  index,
  total,
  item,
  answer,
  verdict,
  showProblem,
  signName,
  onValue,
  onNote,
  onPhoto,
  onRemovePhoto,
  onSignature,
  onPreparing,
}: ItemCardProps) {
  const { t } = useI18n();
  const intake = usePhotoIntake(taskPhotos);
  const reportPreparing = useRef(onPreparing);
  reportPreparing.current = onPreparing;
  useEffect(() => reportPreparing.current(intake.preparing), [intake.preparing]);
  const value = answer?.value ?? null;
  const typed = valueOf(item, answer);
  const failing = typed !== null && isFailing(item, typed);
  const photos = answer?.photos ?? [];
  const needsPhoto =
    verdict.state === 'invalid' &&
    (verdict.problem === 'photo_required' || (item.type === 'photo' && showProblem));
  const shown = shownVerdict(item, verdict, failing, showProblem, value !== null && value !== '');
  const problem = verdict.state === 'invalid' && (showProblem || failing || (value !== null && value !== ''));
  const code = item.code;

  let control;
  switch (item.type) {
    case 'yes_no': {
      const options = item.allowNa ? (['yes', 'no', 'na'] as const) : (['yes', 'no'] as const);
      control = (
        <div className={`answers answers-${options.length}`} role="radiogroup" aria-label={item.prompt}>
          {options.map((o) => {
            const bad = o !== 'na' && o === (item.failOn ?? 'no');
            return (
              <button
                key={o}
                type="button"
                role="radio"
                aria-checked={value === o}
                className={bad ? 'answer answer-bad' : o === 'na' ? 'answer answer-na' : 'answer'}
                data-testid={`task-answer-${code}-${o}`}
                onClick={() => onValue(o)}
              >
                {t(`task.answer.${o}`)}
              </button>
            );
          })}
        </div>
      );
      break;
    }
    case 'choice':
      control = (
        <div className="answers answers-wrap" role="radiogroup" aria-label={item.prompt}>
          {(item.options ?? []).map((o) => (
            <button
              key={o.key}
              type="button"
              role="radio"
              aria-checked={value === o.key}
              className={o.fails ? 'answer answer-bad' : 'answer'}
              data-testid={`task-answer-${code}-${o.key}`}
              onClick={() => onValue(o.key)}
            >
              {o.label}
            </button>
          ))}
        </div>
      );
      break;
    case 'number':
      control = (
        <label className="field">
          <input
            type="text"
            inputMode="decimal"
            enterKeyHint="next"
            autoComplete="off"
            aria-label={item.prompt}
            value={value ?? ''}
            maxLength={30}
            data-testid={`task-number-${code}`}
            onChange={(e) => onValue(e.target.value === '' ? null : e.target.value)}
          />
          {(item.min !== undefined || item.max !== undefined) && (
            <small>
              {item.min !== undefined && item.max !== undefined
                ? t('task.range', { min: item.min, max: item.max })
                : item.min !== undefined
                  ? t('task.rangeMin', { min: item.min })
                  : t('task.rangeMax', { max: item.max! })}
            </small>
          )}
        </label>
      );
      break;
    case 'text':
      control = (
        <label className="field">
          <textarea
            rows={3}
            aria-label={item.prompt}
            maxLength={TEXT_MAX}
            value={value ?? ''}
            data-testid={`task-text-${code}`}
            onChange={(e) => onValue(e.target.value === '' ? null : e.target.value)}
          />
        </label>
      );
      break;
    case 'signature':
      control = (
        <div className="signature">
          <SignaturePad
            drawn={photos[0]?.thumb || null}
            store={taskPhotos}
            onChange={onSignature}
            label={item.prompt}
            testId={`task-sign-pad-${code}`}
          />
          <span className="field-label">{t('task.signTypedFallback')}</span>
          <label className="field">
            <input
              type="text"
              autoComplete="name"
              aria-label={item.prompt}
              placeholder={t('task.signPlaceholder')}
              maxLength={40}
              value={value ?? ''}
              data-testid={`task-text-${code}`}
              onChange={(e) => onValue(e.target.value === '' ? null : e.target.value)}
            />
          </label>
          {signName && value !== signName && (
            <button type="button" className="button small" onClick={() => onValue(signName)}>
              {t('task.signAs', { name: signName })}
            </button>
          )}
        </div>
      );
      break;
    case 'photo':
      control = null;
      break;
  }

  // A signature's one "photo" is its drawing, shown on its pad.
  const showPhotos = item.type !== 'signature' && (item.type === 'photo' || failing || photos.length > 0);

  return (
    <li
      ref={ref}
      className={`card task-card task-card-${shown.tone}`}
      data-testid={`task-card-${code}`}
      data-verdict={verdict.state}
      data-problem={problem}
    >
      <div className="task-card-head">
        <span className="task-card-no">
          {index + 1}/{total}
        </span>
        {shown.text && <span className={`verdict verdict-${shown.tone}`}>{t(shown.text)}</span>}
      </div>
      <p className="task-card-prompt">
        {item.prompt}
        {item.required && <span className="required"> *</span>}
      </p>
      {control}
      {showPhotos && (
        <div className={needsPhoto ? 'task-photos task-photos-needed' : 'task-photos'}>
          <p className="field-label">
            {item.type === 'photo' ? t('task.photo') : t('task.photoEvidence')}
            {(item.type === 'photo' || (failing && item.photoOnFail)) && <span className="required"> *</span>}
          </p>
          <PhotoPicker
            photos={photos.map((p) => ({ localId: p.localId, thumb: p.thumb, state: 'kept' }))}
            preparing={intake.preparing}
            max={ITEM_PHOTO_MAX}
            notice={intake.notice}
            onAdd={(files) => void intake.add(files, photos.length, ITEM_PHOTO_MAX, onPhoto)}
            onRemove={onRemovePhoto}
            cameraTestId={`task-photo-${code}`}
            thumbTestId={`task-photo-thumb-${code}`}
            required={needsPhoto}
          />
        </div>
      )}
      {failing && (
        <label className="field task-note">
          <span className="field-label">{t('task.note')}</span>
          <input
            type="text"
            maxLength={NOTE_MAX}
            value={answer?.note ?? ''}
            placeholder={t('task.notePlaceholder')}
            data-testid={`task-note-${code}`}
            onChange={(e) => onNote(e.target.value)}
          />
        </label>
      )}
    </li>
  );
}
