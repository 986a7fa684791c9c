import { useEffect, useRef } from 'react';
import { PhotoPicker, usePhotoIntake, type TakenPhoto } from '../../components/PhotoPicker';
import { SignaturePad } from '../../components/SignaturePad';
import { useI18n, type MessageKey } from '../../i18n/I18nProvider';
import { ITEM_PHOTO_MAX, NOTE_MAX, TEXT_MAX, valueOf, type DraftAnswer } from '../../tasks/draft';
import { isFailing, type ItemVerdict, type Problem } from '@anxiao/contracts';
import { taskPhotos } from '../../tasks/sender';
import type { ChecklistItem } from '../../tasks/types';

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

export function ItemCard({
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
