import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { queryKeys } from '../../api/keys';
import type { Me } from '../../api/types';
import { errorMessage, useI18n } from '../../i18n/I18nProvider';
import { go } from '../../router';
import {
  DESCRIPTION_MAX,
  attemptFailed,
  check,
  edit,
  isPassing,
  pendingPhotos,
  photoUploaded,
  questionsOf,
  removePhoto,
  requestBody,
  startAttempt,
  toggleChoice,
  withAnswer,
  withPlace,
  withQrPlace,
  type Problems,
} from '../../requests/draft';
import { dropPhotosExcept } from '../../requests/photoStore';
import { PhotoLost, failureOf, fileRequest, uploadPhoto } from '../../requests/send';
import { rememberFiled } from '../../requests/trackedStore';
import { useDraft } from '../../requests/useDraft';
import { useCatalogue } from '../../requests/useRequests';
import { ContactField } from '../ContactField';
import type { FiledView } from '../ReportScreen';
import { categoryName, failureText, ProblemText, Progress, QrPlaceBanner } from './parts';
import { CategoryField, QuestionField } from './CategoryField';
import { PlaceField } from './PlaceField';
import { PhotoField } from './PhotoField';
import { IdentityField } from './IdentityField';
import { useReportPhotos } from './useReportPhotos';

/** How long "use my location" waits for the phone at most. */
export const LOCATE_TIMEOUT_MS = 5_000;

export type Busy = { stage: 'photos'; done: number; total: number } | { stage: 'sending' };

export function ReportForm({
  me,
  placeId,
  onFiled,
}: {
  me: Me;
  placeId: string | null;
  onFiled: (view: FiledView) => void;
}) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const catalogue = useCatalogue(me.id, placeId);
  const { draft, change, reset } = useDraft(me.id);
  const [busy, setBusy] = useState<Busy | null>(null);
  const [problems, setProblems] = useState<Problems | null>(null);
  const [failKind, setFailKind] = useState<'photo' | 'request'>('request');
  const photos = useReportPhotos(draft, change);
  const { preparing, notice: photoNotice, setNotice: setPhotoNotice } = photos.intake;

  const categories = catalogue.data?.categories ?? [];
  const category = categories.find((c) => c.id === draft.categoryId) ?? null;
  // The categories may come from the phone's memory until the server answers (never a place).
  const fromServer = catalogue.dataUpdatedAt > 0;
  const qrPlace = fromServer ? catalogue.data?.place : undefined;

  // A QR code names the place: taken into the draft at once, its label when the server gives it.
  useEffect(() => {
    if (!placeId) return;
    change((d, now) =>
      withQrPlace(d, { id: placeId, label: qrPlace?.id === placeId ? qrPlace.label : '' }, now),
    );
  }, [placeId, qrPlace, change]);
  const qrInvalid = !!placeId && fromServer && !catalogue.isFetching && !qrPlace;
  // The server does not know the place: it is taken off the form rather than refused at sending.
  useEffect(() => {
    if (qrInvalid) change((d, now) => (d.place?.id === placeId ? withPlace(d, null, now) : d));
  }, [qrInvalid, placeId, change]);

  // The account's own phone is offered once, as soon as the server (or the phone's copy) gives it.
  const accountPhone = catalogue.data?.contactPhone;
  useEffect(() => {
    if (accountPhone !== undefined)
      change((d, now) => (d.contactPhone === null ? edit(d, { contactPhone: accountPhone ?? '' }, now) : d));
  }, [accountPhone, change]);

  // Problems are shown once the reporter tried to send; they follow the form as it is corrected.
  const shown = problems ? check(draft, category) : {};

  const { uploads, setUploads, addFiles, removePhoto: onRemovePhoto } = photos;

  // ── sending ───────────────────────────────────────────────────────────────────────────────
  const submit = async () => {
    if (busy || preparing > 0) return;
    const found = check(draft, category);
    setProblems(found);
    if (Object.keys(found).length) {
      requestAnimationFrame(() =>
        document.querySelector('[data-problem="true"]')?.scrollIntoView({ block: 'center' }),
      );
      return;
    }
    let d = startAttempt(draft, Date.now());
    change((cur, now) => startAttempt(cur, now));
    setPhotoNotice(null);
    let stage: 'photo' | 'request' = 'photo';
    try {
      const waiting = pendingPhotos(d);
      for (const [i, p] of waiting.entries()) {
        setBusy({ stage: 'photos', done: i, total: waiting.length });
        setUploads((u) => ({ ...u, [p.localId]: 'uploading' }));
        try {
          const fileId = await uploadPhoto(p.localId);
          d = photoUploaded(d, p.localId, fileId, Date.now());
          change((cur, now) => photoUploaded(cur, p.localId, fileId, now));
          setUploads(({ [p.localId]: _, ...rest }) => rest);
        } catch (err) {
          if (!(err instanceof PhotoLost)) {
            setUploads((u) => ({ ...u, [p.localId]: 'failed' }));
            throw err;
          }
          // Gone from the phone (storage cleared): the request goes without it, and says so.
          d = removePhoto(d, p.localId, Date.now());
          change((cur, now) => removePhoto(cur, p.localId, now));
          setUploads(({ [p.localId]: _, ...rest }) => rest);
          setPhotoNotice('photo.lost');
        }
      }
      stage = 'request';
      setBusy({ stage: 'sending' });
      const filed = await fileRequest(requestBody(d, category));
      // A captive portal answers 200 too: only an answer with the request in it counts.
      if (!filed?.id || !filed.no) throw new Error('not the answer of the API');
      rememberFiled({
        userId: me.id,
        id: filed.id,
        no: filed.no,
        token: filed.trackToken,
        identity: d.identity,
        categoryName: category ? categoryName(category, lang) : '',
        receivedAt: new Date().toISOString(),
      });
      void queryClient.invalidateQueries({ queryKey: queryKeys.myRequests });
      void dropPhotosExcept([]);
      reset();
      setProblems(null);
      onFiled({ filed, identity: d.identity });
    } catch (err) {
      const failure = failureOf(err);
      setFailKind(stage);
      change((cur, now) => attemptFailed(cur, failure, now));
    } finally {
      setBusy(null);
    }
  };

  // The network is back after a failed attempt: try again by itself, with the same key.
  const submitRef = useRef(submit);
  useEffect(() => {
    submitRef.current = submit;
  });
  const retryable = !!draft.lastError && isPassing(draft.lastError);
  useEffect(() => {
    if (!retryable) return;
    const again = () => void submitRef.current();
    window.addEventListener('online', again);
    return () => window.removeEventListener('online', again);
  }, [retryable]);

  const discard = () => {
    if (!window.confirm(t('report.discardConfirm'))) return;
    void dropPhotosExcept([]);
    setUploads({});
    setProblems(null);
    reset();
  };

  const hasProblems = Object.keys(shown).length > 0;

  return (
    <>
      <p className="report-emergency">
        <span>{t('report.emergency')}</span>
        <button type="button" className="button small sos-link" onClick={() => go('sos')}>
          {t('report.emergencyLink')}
        </button>
      </p>

      {placeId && (
        <QrPlaceBanner
          label={draft.place?.id === placeId ? draft.place.label : ''}
          invalid={qrInvalid}
          loading={catalogue.isFetching && !qrPlace}
        />
      )}

      <fieldset className="report-form" disabled={!!busy}>
        <CategoryField
          catalogue={catalogue.data}
          loading={catalogue.isPending}
          error={catalogue.error && !catalogue.data ? errorMessage(catalogue.error, t) : null}
          onRetry={() => void catalogue.refetch()}
          selected={draft.categoryId}
          onSelect={(categoryId) => change((d, now) => edit(d, { categoryId }, now))}
          problem={shown['category']}
        />

        <section className="card form-section" data-problem={!!shown['description']}>
          <label className="field">
            <span className="field-label">
              {t('report.description')} <span className="required">*</span>
            </span>
            <textarea
              data-testid="report-description"
              value={draft.description}
              rows={4}
              maxLength={DESCRIPTION_MAX}
              placeholder={t('report.descriptionPlaceholder')}
              onChange={(e) => {
                const description = e.target.value;
                change((d, now) => edit(d, { description }, now));
              }}
            />
            <span className="field-foot">
              <ProblemText problem={shown['description']} t={t} />
              <span className="counter">
                {draft.description.trim().length}/{DESCRIPTION_MAX}
              </span>
            </span>
          </label>
        </section>

        {category && questionsOf(category).length > 0 && (
          <section className="card form-section">
            <h2 className="card-title">{t('report.questions')}</h2>
            {questionsOf(category).map((q) => (
              <QuestionField
                key={q.code}
                question={q}
                value={draft.attributes[q.code]}
                problem={shown[`attr.${q.code}`]}
                onSet={(value) => change((d, now) => withAnswer(d, q.code, value, now))}
                onToggle={(key) => change((d, now) => toggleChoice(d, q.code, key, now))}
              />
            ))}
          </section>
        )}

        <PhotoField
          photos={draft.photos}
          uploads={uploads}
          preparing={preparing}
          notice={photoNotice}
          onAdd={(files) => void addFiles(files)}
          onRemove={onRemovePhoto}
        />

        <PlaceField draft={draft} change={change} problem={shown['address']} />

        <IdentityField
          value={draft.identity}
          onChange={(identity) => change((d, now) => edit(d, { identity }, now))}
        />

        <ContactField
          value={draft.contactPhone ?? ''}
          identity={draft.identity}
          problem={shown['contactPhone']}
          onChange={(contactPhone) => change((d, now) => edit(d, { contactPhone }, now))}
        />
      </fieldset>

      <section className="report-send" aria-live="polite">
        {hasProblems && (
          <p className="error" role="alert">
            {t('report.fix')}
          </p>
        )}
        {!busy && draft.lastError && (
          <p className={retryable ? 'notice' : 'error'} role="alert" data-testid="report-failed">
            {failKind === 'photo' && retryable
              ? t('report.failedPhoto', { message: failureText(draft.lastError, t) })
              : retryable
                ? t('report.failedNetwork')
                : t('report.failedServer', { message: failureText(draft.lastError, t) })}
          </p>
        )}
        {busy && <Progress busy={busy} />}
        <button
          type="button"
          className="button primary report-submit"
          data-testid="report-submit"
          disabled={!!busy || preparing > 0}
          aria-busy={!!busy}
          onClick={() => void submit()}
        >
          {preparing > 0 && !busy
            ? t('report.preparing')
            : busy
              ? busy.stage === 'photos'
                ? t('report.uploading', { done: busy.done, total: busy.total })
                : t('report.submitting')
              : draft.attempts > 0
                ? t('report.resubmit')
                : t('report.submit')}
        </button>
        <p className="hint report-saved">{t('report.draftSaved')}</p>
        {!busy && (
          <button type="button" className="link-button report-discard" onClick={discard}>
            {t('report.discard')}
          </button>
        )}
      </section>
    </>
  );
}
