import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { queryKeys } from '../api/keys';
import type { Me } from '../api/types';
import { Icon } from '../components/Icon';
import { PhotoPicker, usePhotoIntake, type PhotoNotice } from '../components/PhotoPicker';
import { TopBar } from '../components/TopBar';
import { errorMessage, useI18n, type Translate } from '../i18n/I18nProvider';
import { go } from '../router';
import {
  DESCRIPTION_MAX,
  DESCRIPTION_MIN,
  ADDRESS_MAX,
  addPhoto,
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
  type Draft,
  type DraftPhoto,
  type Failure,
  type Problem,
  type Problems,
} from '../requests/draft';
import { PHOTO_MAX } from '../requests/photo';
import { dropPhoto, dropPhotosExcept, requestPhotos } from '../requests/photoStore';
import { PhotoLost, failureOf, fileRequest, uploadPhoto } from '../requests/send';
import { rememberFiled } from '../requests/trackedStore';
import type { Catalogue, Category, CategoryAttribute, Filed, Identity } from '../requests/types';
import { MyPlaceProposal } from '../requests/MyPlaceProposal';
import { useDraft } from '../requests/useDraft';
import { locate } from '../geo';
import { useCatalogue, useDebounced, usePlaceSearch } from '../requests/useRequests';
import { ContactField } from './ContactField';
import { ReportDone } from './ReportDone';

/** How long "use my location" waits for the phone at most. */
const LOCATE_TIMEOUT_MS = 5_000;

type Busy = { stage: 'photos'; done: number; total: number } | { stage: 'sending' };

export interface FiledView {
  filed: Filed;
  identity: Identity;
}

/** 我要报事: the request form, kept on the phone as it is written, and what was filed. */
export function ReportScreen({ me, placeId }: { me: Me; placeId: string | null }) {
  const { t } = useI18n();
  const [done, setDone] = useState<FiledView | null>(null);
  useLayoutEffect(() => {
    window.scrollTo(0, 0);
  }, [done]);

  return (
    <div className="screen">
      <TopBar title={t('report.title')} back />
      <main className="content report">
        {done ? (
          <ReportDone view={done} onNew={() => setDone(null)} />
        ) : (
          <ReportForm me={me} placeId={placeId} onFiled={setDone} />
        )}
      </main>
    </div>
  );
}

function ReportForm({
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
  const [uploads, setUploads] = useState<Record<string, 'uploading' | 'failed'>>({});
  const [busy, setBusy] = useState<Busy | null>(null);
  const [problems, setProblems] = useState<Problems | null>(null);
  const [failKind, setFailKind] = useState<'photo' | 'request'>('request');
  const intake = usePhotoIntake(requestPhotos);
  const { preparing, notice: photoNotice, setNotice: setPhotoNotice } = intake;

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

  // ── photos ────────────────────────────────────────────────────────────────────────────────
  const startUpload = (localId: string) => {
    setUploads((u) => ({ ...u, [localId]: 'uploading' }));
    uploadPhoto(localId).then(
      (fileId) => {
        change((d, now) => photoUploaded(d, localId, fileId, now));
        setUploads(({ [localId]: _, ...rest }) => rest);
      },
      (err: unknown) => {
        if (err instanceof PhotoLost) {
          change((d, now) => removePhoto(d, localId, now));
          setPhotoNotice('photo.lost');
          setUploads(({ [localId]: _, ...rest }) => rest);
        } else setUploads((u) => ({ ...u, [localId]: 'failed' }));
      },
    );
  };

  // Opening the form: photos left from earlier drafts go; those of this one not yet sent go up.
  const firstDraft = useRef(draft);
  useEffect(() => {
    const waiting = pendingPhotos(firstDraft.current);
    void dropPhotosExcept(waiting.map((p) => p.localId));
    for (const p of waiting) startUpload(p.localId);
  }, []);

  const addFiles = (files: File[]) =>
    intake.add(files, draft.photos.length, PHOTO_MAX, (taken) => {
      const photo: DraftPhoto = { ...taken, fileId: null };
      change((d, now) => addPhoto(d, photo, PHOTO_MAX, now));
      startUpload(taken.localId);
    });

  const onRemovePhoto = (localId: string) => {
    change((d, now) => removePhoto(d, localId, now));
    setUploads(({ [localId]: _, ...rest }) => rest);
    void dropPhoto(localId);
  };

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

export function categoryName(c: Category, lang: string): string {
  return lang === 'en-US' && c.nameEn ? c.nameEn : c.name;
}

function failureText(f: Failure, t: Translate): string {
  if (f.message) return f.message;
  return f.status === 0 ? t('error.network') : t('error.unknown');
}

function ProblemText({
  problem,
  t,
  choose,
}: {
  problem: Problem | undefined;
  t: Translate;
  choose?: boolean;
}) {
  if (!problem) return null;
  const text =
    problem === 'required'
      ? t(choose ? 'report.problem.choose' : 'report.problem.required')
      : problem === 'tooShort'
        ? t('report.problem.tooShort', { min: DESCRIPTION_MIN })
        : t(`report.problem.${problem}`);
  return <span className="field-error">{text}</span>;
}

function Progress({ busy }: { busy: Busy }) {
  const pct = busy.stage === 'photos' ? Math.round((busy.done / Math.max(1, busy.total)) * 100) : null;
  return (
    <div
      className={pct === null ? 'progress progress-indeterminate' : 'progress'}
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct ?? undefined}
      data-testid="report-progress"
    >
      <div className="progress-bar" style={pct === null ? undefined : { width: `${Math.max(6, pct)}%` }} />
    </div>
  );
}

function QrPlaceBanner({ label, invalid, loading }: { label: string; invalid: boolean; loading: boolean }) {
  const { t } = useI18n();
  if (invalid)
    return (
      <p className="notice" role="alert">
        {t('report.qrPlaceInvalid')}
      </p>
    );
  return (
    <p className="qr-place" data-testid="report-qr-place">
      <Icon name="pin" size={22} />
      <span>
        <small>{t('report.qrPlace')}</small>
        <strong>{label || (loading ? t('report.qrPlaceLoading') : '—')}</strong>
      </span>
    </p>
  );
}

// ── category ─────────────────────────────────────────────────────────────────────────────────

function CategoryField({
  catalogue,
  loading,
  error,
  onRetry,
  selected,
  onSelect,
  problem,
}: {
  catalogue: Catalogue | undefined;
  loading: boolean;
  error: string | null;
  onRetry: () => void;
  selected: string | null;
  onSelect: (id: string) => void;
  problem: Problem | undefined;
}) {
  const { t, lang } = useI18n();
  const categories = catalogue?.categories ?? [];
  const groups: { name: string; items: Category[] }[] = [];
  for (const c of categories) {
    const group = groups.find((g) => g.name === c.groupName);
    if (group) group.items.push(c);
    else groups.push({ name: c.groupName, items: [c] });
  }
  const current = categories.find((c) => c.id === selected);

  return (
    <section className="card form-section" data-problem={!!problem}>
      <h2 className="card-title">
        {t('report.category')} <span className="required">*</span>
      </h2>
      {loading && <p className="hint">{t('report.catalogueLoading')}</p>}
      {error && (
        <div className="inline-error">
          <p className="error">{t('report.catalogueError', { message: error })}</p>
          <button type="button" className="button" onClick={onRetry}>
            {t('common.retry')}
          </button>
        </div>
      )}
      {catalogue && categories.length === 0 && <p className="notice">{t('report.catalogueEmpty')}</p>}
      {groups.map((g) => (
        <div key={g.name} className="category-group" role="radiogroup" aria-label={g.name}>
          <h3 className="group-name">{g.name}</h3>
          <div className="choices choices-2">
            {g.items.map((c) => (
              <button
                key={c.id}
                type="button"
                role="radio"
                aria-checked={c.id === selected}
                className="choice"
                data-testid={`report-category-${c.code}`}
                onClick={() => onSelect(c.id)}
              >
                {categoryName(c, lang)}
              </button>
            ))}
          </div>
        </div>
      ))}
      {current?.description && (
        <p className="category-description" data-testid="report-category-description">
          {current.description}
        </p>
      )}
      {problem && <span className="field-error">{t('report.problem.category')}</span>}
    </section>
  );
}

// ── a category's questions ───────────────────────────────────────────────────────────────────

function QuestionField({
  question: q,
  value,
  problem,
  onSet,
  onToggle,
}: {
  question: CategoryAttribute;
  value: string | string[] | undefined;
  problem: Problem | undefined;
  onSet: (value: string) => void;
  onToggle: (key: string) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const label = (
    <span className="field-label" id={id}>
      {q.description}
      {q.required ? (
        <>
          {' '}
          <span className="required">*</span>
        </>
      ) : null}
    </span>
  );
  const one = Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
  const many = Array.isArray(value) ? value : value ? [value] : [];
  const values = q.values ?? [];
  const isList = q.datatype === 'singlevaluelist' || q.datatype === 'multivaluelist';

  let control;
  if (q.datatype === 'singlevaluelist' && values.length > 8) {
    control = (
      <select aria-labelledby={id} value={one} onChange={(e) => onSet(e.target.value)}>
        <option value="">{t('report.choose')}</option>
        {values.map((v) => (
          <option key={v.key} value={v.key}>
            {v.name}
          </option>
        ))}
      </select>
    );
  } else if (isList) {
    const multi = q.datatype === 'multivaluelist';
    control = (
      <div className="choices choices-wrap" role={multi ? 'group' : 'radiogroup'} aria-labelledby={id}>
        {values.map((v) => {
          const on = multi ? many.includes(v.key) : one === v.key;
          return (
            <button
              key={v.key}
              type="button"
              role={multi ? 'checkbox' : 'radio'}
              aria-checked={on}
              className={multi ? 'choice choice-check' : 'choice'}
              data-testid={`attr-${q.code}-${v.key}`}
              onClick={() => (multi ? onToggle(v.key) : onSet(on && !q.required ? '' : v.key))}
            >
              {v.name}
            </button>
          );
        })}
      </div>
    );
  } else if (q.datatype === 'text') {
    control = (
      <textarea
        aria-labelledby={id}
        rows={3}
        maxLength={500}
        value={one}
        data-testid={`attr-${q.code}`}
        onChange={(e) => onSet(e.target.value)}
      />
    );
  } else {
    control = (
      <input
        aria-labelledby={id}
        type={q.datatype === 'datetime' ? 'datetime-local' : 'text'}
        inputMode={q.datatype === 'number' ? 'decimal' : undefined}
        maxLength={500}
        value={one}
        data-testid={`attr-${q.code}`}
        onChange={(e) => onSet(e.target.value)}
      />
    );
  }

  return (
    <div className="field" data-problem={!!problem}>
      {label}
      {control}
      <ProblemText problem={problem} t={t} choose={isList} />
    </div>
  );
}

// ── photos ───────────────────────────────────────────────────────────────────────────────────

function PhotoField({
  photos,
  uploads,
  preparing,
  notice,
  onAdd,
  onRemove,
}: {
  photos: DraftPhoto[];
  uploads: Record<string, 'uploading' | 'failed'>;
  preparing: number;
  notice: PhotoNotice | null;
  onAdd: (files: File[]) => void;
  onRemove: (localId: string) => void;
}) {
  const { t } = useI18n();
  return (
    <section className="card form-section">
      <h2 className="card-title">
        {t('report.photos')} <small className="hint">{t('report.photosHint', { max: PHOTO_MAX })}</small>
      </h2>
      <PhotoPicker
        photos={photos.map((p) => ({
          localId: p.localId,
          thumb: p.thumb,
          state: p.fileId ? 'done' : (uploads[p.localId] ?? 'waiting'),
        }))}
        preparing={preparing}
        max={PHOTO_MAX}
        notice={notice}
        onAdd={onAdd}
        onRemove={onRemove}
        cameraTestId="report-photo-camera"
        galleryTestId="report-photo-input"
        thumbTestId="report-photo-thumb"
      />
    </section>
  );
}

// ── place ────────────────────────────────────────────────────────────────────────────────────

function PlaceField({
  draft,
  change,
  problem,
}: {
  draft: Draft;
  change: (rule: (d: Draft, now: number) => Draft) => void;
  problem: Problem | undefined;
}) {
  const { t } = useI18n();
  const [searching, setSearching] = useState(false);
  const [q, setQ] = useState('');
  const query = useDebounced(q, 300);
  const [locating, setLocating] = useState<'idle' | 'busy' | 'failed'>('idle');
  const showSearch = searching || !draft.place;
  const places = usePlaceSearch(showSearch ? query : '');

  const useMyLocation = async () => {
    setLocating('busy');
    const position = await locate(LOCATE_TIMEOUT_MS);
    setLocating(position ? 'idle' : 'failed');
    if (position) change((d, now) => edit(d, { position }, now));
  };

  return (
    <section className="card form-section" data-problem={!!problem}>
      <h2 className="card-title">{t('report.place')}</h2>
      {draft.place && (
        <div className="place-chosen">
          <Icon name="pin" size={22} />
          <span className="place-label">
            {draft.place.label || t('report.qrPlace')}
            {draft.fromQr && <small className="tag">{t('report.qrPlace')}</small>}
          </span>
          {!searching && (
            <button type="button" className="button small" onClick={() => setSearching(true)}>
              {t('report.placeChange')}
            </button>
          )}
        </div>
      )}
      {showSearch && (
        <div className="place-search">
          <label className="search-input">
            <Icon name="search" size={20} />
            <input
              type="search"
              value={q}
              placeholder={t('report.placeSearch')}
              aria-label={t('report.placeSearch')}
              maxLength={40}
              enterKeyHint="search"
              onChange={(e) => setQ(e.target.value)}
            />
          </label>
          {query.trim() && places.isFetching && <p className="hint">{t('report.placeSearching')}</p>}
          {query.trim() && places.error && <p className="error">{errorMessage(places.error, t)}</p>}
          {query.trim() && places.data?.items.length === 0 && <p className="hint">{t('report.placeNone')}</p>}
          {query.trim() && places.data && places.data.items.length > 0 && (
            <ul className="place-results">
              {places.data.items.map((p) => (
                <li key={p.id}>
                  <button
                    type="button"
                    className="place-option"
                    data-testid={`report-place-${p.id}`}
                    onClick={() => {
                      change((d, now) => withPlace(d, { id: p.id, label: p.label }, now));
                      setSearching(false);
                      setQ('');
                    }}
                  >
                    <span>{p.label}</span>
                    <small className="mono">{p.code}</small>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {draft.place && (
            <div className="row-buttons">
              <button type="button" className="button small" onClick={() => setSearching(false)}>
                {t('common.back')}
              </button>
              <button
                type="button"
                className="button small"
                onClick={() => {
                  change((d, now) => withPlace(d, null, now));
                  setSearching(false);
                }}
              >
                {t('report.placeClear')}
              </button>
            </div>
          )}
        </div>
      )}

      <div className="locate">
        {draft.position ? (
          <p className="success locate-state">
            <span>
              {draft.position.accuracy !== null
                ? t('report.located', { meters: draft.position.accuracy })
                : t('report.locatedNoAccuracy')}
            </span>
            <button
              type="button"
              className="link-button"
              onClick={() => change((d, now) => edit(d, { position: null }, now))}
            >
              {t('report.locateClear')}
            </button>
          </p>
        ) : (
          <button
            type="button"
            className="button locate-button"
            data-testid="report-locate"
            disabled={locating === 'busy'}
            onClick={() => void useMyLocation()}
          >
            <Icon name="locate" size={22} />
            {locating === 'busy' ? t('report.locating') : t('report.locate')}
          </button>
        )}
        {locating === 'failed' && !draft.position && <p className="hint">{t('report.locateFailed')}</p>}
        <MyPlaceProposal
          position={draft.position}
          chosenId={draft.place?.id ?? null}
          onChoose={(place) => change((d, now) => withPlace(d, place, now))}
        />
      </div>

      <label className="field">
        <span className="field-label">{t('report.address')}</span>
        <input
          value={draft.address}
          maxLength={ADDRESS_MAX}
          placeholder={t('report.addressPlaceholder')}
          data-testid="report-address"
          onChange={(e) => {
            const address = e.target.value;
            change((d, now) => edit(d, { address }, now));
          }}
        />
        <ProblemText problem={problem} t={t} />
      </label>
    </section>
  );
}

// ── identity ─────────────────────────────────────────────────────────────────────────────────

const IDENTITY_ORDER: Identity[] = ['named', 'sealed', 'anonymous'];

function IdentityField({ value, onChange }: { value: Identity; onChange: (identity: Identity) => void }) {
  const { t } = useI18n();
  return (
    <section className="card form-section">
      <h2 className="card-title">{t('report.identity')}</h2>
      <div className="identities" role="radiogroup" aria-label={t('report.identity')}>
        {IDENTITY_ORDER.map((i) => (
          <button
            key={i}
            type="button"
            role="radio"
            aria-checked={value === i}
            className="choice identity"
            data-testid={`report-identity-${i}`}
            onClick={() => onChange(i)}
          >
            <strong>{t(`report.identity.${i}`)}</strong>
            <span>{t(`report.identity.${i}.hint`)}</span>
          </button>
        ))}
      </div>
    </section>
  );
}
