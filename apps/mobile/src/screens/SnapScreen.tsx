import { ApiError, api, bodyOf } from '@anxiao/web-core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { queryKeys } from '../api/keys';
import { Icon } from '../components/Icon';
import { PhotoPicker, usePhotoIntake } from '../components/PhotoPicker';
import { TopBar } from '../components/TopBar';
import { useI18n } from '../i18n/I18nProvider';
import { failureOf, isPassing, type Failure } from '../offline/failure';
import { useOffline } from '../offline/online';
import { formatChinaTime } from '../requests/format';
import {
  DESCRIPTION_MAX,
  SNAP_PHOTO_MAX,
  addPhoto,
  check,
  edit,
  removePhoto,
  type SnapProblem,
} from '../snap/snap';
import { sendSnap, snapPhotos, useSnapDraft, type Receipt } from '../snap/snapStore';

/**
 * 随手拍: anyone who sees a hazard scans the QR code posted there and reports it, without an
 * account (the page works with no session, like a request's private link).
 */
export function SnapScreen({ placeId }: { placeId: string | null }) {
  const { t } = useI18n();
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  useLayoutEffect(() => {
    window.scrollTo(0, 0);
  }, [receipt]);

  return (
    <div className="screen">
      <TopBar title={t('snap.title')} />
      <main className="content snap">
        {!placeId ? (
          <p className="notice" role="alert" data-testid="snap-no-place">
            {t('snap.noPlace')}
          </p>
        ) : receipt ? (
          <SnapDone receipt={receipt} onNew={() => setReceipt(null)} />
        ) : (
          <SnapForm placeId={placeId} onSent={setReceipt} />
        )}
      </main>
    </div>
  );
}

function usePublicPlace(placeId: string) {
  return useQuery({
    queryKey: queryKeys.hazardPlace(placeId),
    queryFn: ({ signal }) =>
      bodyOf(api.GET('/api/public/hazard-places/{id}', { params: { path: { id: placeId } }, signal })),
    staleTime: 10 * 60_000,
  });
}

function SnapForm({ placeId, onSent }: { placeId: string; onSent: (r: Receipt) => void }) {
  const { t } = useI18n();
  const place = usePublicPlace(placeId);
  const { draft, change, reset } = useSnapDraft(placeId);
  const intake = usePhotoIntake(snapPhotos);
  const [tried, setTried] = useState(false);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const offline = useOffline();
  const gone = place.error instanceof ApiError && place.error.status === 404;
  const problems = tried ? check(draft) : {};

  const send = async () => {
    if (sending || intake.preparing > 0 || gone) return;
    setTried(true);
    if (Object.keys(check(draft)).length) {
      requestAnimationFrame(() =>
        document.querySelector('.snap [data-problem="true"]')?.scrollIntoView({ block: 'center' }),
      );
      return;
    }
    setSending(true);
    setFailure(null);
    try {
      const receipt = await sendSnap(draft);
      reset();
      onSent(receipt);
    } catch (err) {
      setFailure(failureOf(err));
    } finally {
      setSending(false);
    }
  };

  // The network is back after a failed attempt: the report goes again by itself, with its key.
  const sendRef = useRef(send);
  useEffect(() => {
    sendRef.current = send;
  });
  const retryable = !!failure && isPassing(failure);
  useEffect(() => {
    if (!retryable) return;
    const again = () => void sendRef.current();
    window.addEventListener('online', again);
    return () => window.removeEventListener('online', again);
  }, [retryable]);

  return (
    <>
      <section className="card snap-place" data-testid="snap-place">
        <Icon name="pin" size={24} />
        <span>
          {place.data ? (
            <>
              <strong>{place.data.placeName}</strong>
              <small>{place.data.schoolName}</small>
            </>
          ) : gone ? (
            <span className="error">{t('snap.placeGone')}</span>
          ) : place.isError ? (
            <small>{t('snap.placeUnknown')}</small>
          ) : (
            <small>{t('snap.placeLoading')}</small>
          )}
        </span>
      </section>
      <p className="hint">{t('snap.intro')}</p>

      <fieldset className="report-form" disabled={sending || gone}>
        <section className="card form-section" data-problem={!!problems.description}>
          <label className="field">
            <span className="field-label">
              {t('snap.description')} <span className="required">*</span>
            </span>
            <textarea
              rows={4}
              maxLength={DESCRIPTION_MAX}
              value={draft.description}
              placeholder={t('snap.descriptionPlaceholder')}
              data-testid="snap-description"
              onChange={(e) => {
                const description = e.target.value;
                change((d, now) => edit(d, { description }, now));
              }}
            />
            <span className="field-foot">
              {problems.description && <SnapProblemText problem={problems.description} />}
              <span className="counter">
                {draft.description.trim().length}/{DESCRIPTION_MAX}
              </span>
            </span>
          </label>
        </section>

        <section className="card form-section">
          <h2 className="card-title">
            {t('snap.photos')} <small className="hint">{t('snap.photosHint', { max: SNAP_PHOTO_MAX })}</small>
          </h2>
          <PhotoPicker
            photos={draft.photos.map((p) => ({ localId: p.localId, thumb: p.thumb, state: 'kept' }))}
            preparing={intake.preparing}
            max={SNAP_PHOTO_MAX}
            notice={intake.notice}
            onAdd={(files) =>
              void intake.add(files, draft.photos.length, SNAP_PHOTO_MAX, (photo) =>
                change((d, now) => addPhoto(d, photo, now)),
              )
            }
            onRemove={(localId) => {
              change((d, now) => removePhoto(d, localId, now));
              void snapPhotos.drop(localId);
            }}
            cameraTestId="snap-photo"
            galleryTestId="snap-photo-pick"
            thumbTestId="snap-photo-thumb"
          />
        </section>

        <section className="card form-section" data-problem={!!problems.phone}>
          <label className="field">
            <span className="field-label">{t('snap.phone')}</span>
            <input
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              maxLength={20}
              value={draft.phone}
              placeholder={t('snap.phonePlaceholder')}
              data-testid="snap-phone"
              onChange={(e) => {
                const phone = e.target.value;
                change((d, now) => edit(d, { phone }, now));
              }}
            />
            {problems.phone && <SnapProblemText problem={problems.phone} />}
            <small>{t('snap.phoneHint')}</small>
          </label>
        </section>
      </fieldset>

      <div className="report-send">
        {failure && (
          <p className="notice" role="alert" data-testid="snap-error">
            {isPassing(failure)
              ? t('snap.failedNetwork')
              : t('snap.failed', { message: failure.message || t('error.unknown') })}
          </p>
        )}
        {offline && !failure && <p className="hint">{t('snap.offline')}</p>}
        <button
          type="button"
          className="button primary report-submit"
          data-testid="snap-submit"
          disabled={sending || intake.preparing > 0 || gone}
          onClick={() => void send()}
        >
          {sending ? t('snap.sending') : intake.preparing > 0 ? t('photo.preparing') : t('snap.submit')}
        </button>
      </div>
    </>
  );
}

function SnapProblemText({ problem }: { problem: SnapProblem }) {
  const { t } = useI18n();
  return <span className="field-error">{t(`snap.problem.${problem}`)}</span>;
}

function SnapDone({ receipt, onNew }: { receipt: Receipt; onNew: () => void }) {
  const { t, lang } = useI18n();
  return (
    <section className="report-done" data-testid="snap-done" data-no={receipt.no}>
      <div className="card done-card">
        <p className="done-title">
          <span className="done-check" aria-hidden="true">
            ✓
          </span>
          {t('snap.done')}
        </p>
        <dl className="done-facts">
          <div>
            <dt>{t('snap.no')}</dt>
            <dd className="mono done-no">{receipt.no}</dd>
          </div>
          <div>
            <dt>{t('snap.receivedAt')}</dt>
            <dd>{formatChinaTime(receipt.receivedAt, lang)}</dd>
          </div>
        </dl>
        <p className="hint">{t('snap.doneHint')}</p>
      </div>
      <button type="button" className="button" onClick={onNew}>
        {t('snap.new')}
      </button>
    </section>
  );
}
