import { useEffect, useMemo, useRef, useState } from 'react';
import { locate } from '../../geo';
import { useI18n } from '../../i18n/I18nProvider';
import { useOffline } from '../../offline/online';
import type { CachedUser } from '../../tasks/cache';
import {
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
} from '../../tasks/draft';
import { clearChecklist, useChecklist } from '../../tasks/draftStore';
import { isFailing } from '@anxiao/contracts';
import { newCompletion, resubmit, type CompletionEntry } from '../../tasks/outbox';
import { taskPhotos, taskQueue } from '../../tasks/sender';
import type { TaskDetail } from '../../tasks/types';
import { signatureName } from '../../tasks/view';
import { ItemCard } from './ItemCard';

/** How long the start of a checklist waits for the phone's position, at most. */
const LOCATE_TIMEOUT_MS = 8_000;

export function ChecklistForm({
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
