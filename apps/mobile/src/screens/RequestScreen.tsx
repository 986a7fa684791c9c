import { api, bodyOf } from '@anxiao/web-core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { queryKeys } from '../api/keys';
import { Icon } from '../components/Icon';
import { StatusTag } from '../components/StatusTag';
import { TopBar } from '../components/TopBar';
import { errorMessage, useI18n, type MessageKey } from '../i18n/I18nProvider';
import { formatChinaTime, isLate } from '../requests/format';
import type { ThreadEntry, Tracked } from '../requests/types';
import { isGone, photoUrl, useTracked, type RequestLoc } from '../requests/useRequests';

const MESSAGE_MAX = 2000;
const COMMENT_MAX = 500;

/**
 * One request as its reporter sees it: by id when signed in (#/requests/<id>), or by its private
 * link without signing in (#/r/<token>): status, deadlines, the thread, a message box, and the
 * return visit when it is asked for.
 */
export function RequestScreen({ loc }: { loc: RequestLoc }) {
  const { t } = useI18n();
  const query = useTracked(loc);
  const r = query.data;
  const [rated, setRated] = useState(false);

  return (
    <div className="screen">
      <TopBar title={r ? r.no : t('request.title')} back />
      <main className="content request">
        {!r && query.isPending && <p className="hint">{t('request.loading')}</p>}
        {!r && query.error && (
          <div className="inline-error">
            <p className="error" role="alert">
              {isGone(query.error)
                ? t('request.notFound')
                : t('request.error', { message: errorMessage(query.error, t) })}
            </p>
            {!isGone(query.error) && (
              <button type="button" className="button small" onClick={() => void query.refetch()}>
                {t('common.retry')}
              </button>
            )}
          </div>
        )}
        {r && (
          <>
            {query.error && (
              <p className="hint">{t('request.error', { message: errorMessage(query.error, t) })}</p>
            )}
            <Summary r={r} loc={loc} />
            {rated && !r.canRate && (
              <p className="success" role="status">
                {t('rate.thanks')}
              </p>
            )}
            {r.canRate && <RateForm loc={loc} onRated={() => setRated(true)} />}
            <Thread r={r} loc={loc} />
            <MessageBox loc={loc} closed={r.status === 'closed'} />
          </>
        )}
      </main>
    </div>
  );
}

function Summary({ r, loc }: { r: Tracked; loc: RequestLoc }) {
  const { t, lang } = useI18n();
  const now = Date.now();
  const late = isLate(r.resolveBy, r.status, now);
  return (
    <>
      {r.mergedInto && (
        <div className="notice merged" data-testid="request-merged">
          <p>{t('request.merged', { no: r.mergedInto.no })}</p>
          <p className="merged-status">
            {t('request.mergedStatus', { no: r.mergedInto.no })}
            <StatusTag status={r.mergedInto.status} testId="request-merged-status" />
          </p>
        </div>
      )}
      {r.status === 'reopened' && (
        <p className="notice" data-testid="request-reopened" role="status">
          {t('request.reopened')}
        </p>
      )}
      <section className="card request-summary">
        <div className="request-head">
          <StatusTag status={r.status} testId="request-status" />
          {late && <span className="status status-late">{t('request.late')}</span>}
          <span className="tag">{t(`report.identity.${r.identity}`)}</span>
        </div>
        {r.status === 'closed' && r.closeKind && (
          <p className="success">{t('request.closed', { kind: t(`request.closeKind.${r.closeKind}`) })}</p>
        )}
        <dl className="card-rows">
          <Row label={t('request.category')} value={r.categoryName} />
          {r.placeName && <Row label={t('request.place')} value={r.placeName} />}
          {r.unitName ? (
            <Row label={t('request.unit')} value={r.unitName} />
          ) : (
            (r.status === 'received' || r.status === 'triage') && (
              <Row label={t('request.unit')} value={t('request.unitPending')} />
            )
          )}
          <Row label={t('request.receivedAt')} value={formatChinaTime(r.receivedAt, lang, now)} />
          {r.status !== 'closed' && (
            <>
              <Row label={t('request.respondBy')} value={formatChinaTime(r.respondBy, lang, now)} />
              <Row label={t('request.resolveBy')} value={formatChinaTime(r.resolveBy, lang, now)} />
            </>
          )}
        </dl>
        <h2 className="card-subtitle">{t('request.description')}</h2>
        <p className="request-description">{r.description}</p>
        {r.photos.length > 0 && (
          <>
            <h2 className="card-subtitle">{t('request.photos')}</h2>
            <Thumbs loc={loc} ids={r.photos} />
          </>
        )}
        {r.visit && (
          <p className="visit" data-testid="request-visit">
            <span className="visit-label">{t('request.visit')}</span>
            <span>
              {[
                t(r.visit.contacted ? 'request.visit.contacted' : 'request.visit.notContacted'),
                t(r.visit.solved ? 'request.visit.solved' : 'request.visit.notSolved'),
                t('request.visit.satisfaction', { n: r.visit.satisfaction }),
              ].join(' · ')}
            </span>
          </p>
        )}
      </section>
    </>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <div className="card-row">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

const KIND_LABELS: Partial<Record<string, MessageKey>> = {
  received: 'request.kind.received',
  dispatch: 'request.kind.dispatch',
  transfer: 'request.kind.transfer',
  sign: 'request.kind.sign',
  return: 'request.kind.return',
  contact: 'request.kind.contact',
  progress: 'request.kind.progress',
  extend: 'request.kind.extend',
  park: 'request.kind.park',
  resume: 'request.kind.resume',
  reply: 'request.kind.reply',
  answer_directly: 'request.kind.answer_directly',
  audit_pass: 'request.kind.audit_pass',
  audit_fail: 'request.kind.audit_fail',
  visit: 'request.kind.visit',
  message: 'request.kind.message',
  close_no_action: 'request.kind.close_no_action',
  close_not_ours: 'request.kind.close_not_ours',
  merge: 'request.kind.merge',
  refer: 'request.kind.refer',
};

/** A request's photos as thumbnails, each opening the full image. */
function Thumbs({ loc, ids, testId }: { loc: RequestLoc; ids: readonly string[]; testId?: string }) {
  return (
    <ul className="thumbs" data-testid={testId}>
      {ids.map((fileId) => (
        <li key={fileId} className="thumb">
          <a href={photoUrl(loc, fileId)} target="_blank" rel="noreferrer">
            <img src={photoUrl(loc, fileId)} alt="" loading="lazy" />
          </a>
        </li>
      ))}
    </ul>
  );
}

function Thread({ r, loc }: { r: Tracked; loc: RequestLoc }) {
  const { t, lang } = useI18n();
  const now = Date.now();
  // Newest last, as a conversation reads.
  const entries = [...r.thread].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const author = (e: ThreadEntry) =>
    e.side === 'reporter' ? t('request.me') : e.side === 'system' ? t('request.system') : e.author;
  return (
    <section className="card">
      <h2 className="card-title">{t('request.thread')}</h2>
      {entries.length === 0 ? (
        <p className="hint">{t('request.threadEmpty')}</p>
      ) : (
        <ol className="thread" data-testid="request-thread">
          {entries.map((e, i) => {
            const kind = KIND_LABELS[e.kind];
            return (
              <li key={`${e.at}-${i}`} className={`thread-entry thread-${e.side}`} data-kind={e.kind}>
                <div className="thread-meta">
                  <strong className="thread-author">{author(e)}</strong>
                  <time dateTime={e.at}>{formatChinaTime(e.at, lang, now)}</time>
                </div>
                {(kind || e.status) && (
                  <div className="thread-what">
                    {kind && <span>{t(kind)}</span>}
                    {e.status && e.kind !== 'message' && <StatusTag status={e.status} />}
                  </div>
                )}
                {e.body && <p className="thread-body">{e.body}</p>}
                {e.photos.length > 0 && <Thumbs loc={loc} ids={e.photos} testId="thread-photos" />}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

const draftKey = (loc: RequestLoc) =>
  `anxiao.request.message.${'id' in loc ? `id:${loc.id}` : `token:${loc.token}`}`;

function readStored(key: string): string {
  try {
    return localStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
}

function writeStored(key: string, value: string): void {
  try {
    if (value) localStorage.setItem(key, value);
    else localStorage.removeItem(key);
  } catch {
    // Storage disabled: the message stays in the box while the page is open.
  }
}

function MessageBox({ loc, closed }: { loc: RequestLoc; closed: boolean }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const key = draftKey(loc);
  // Kept on the phone as it is written: a message that fails to go is not lost.
  const [body, setBody] = useState(() => readStored(key));
  useEffect(() => writeStored(key, body), [key, body]);

  const send = useMutation({
    mutationFn: (text: string) =>
      'id' in loc
        ? bodyOf(
            api.POST('/api/my/requests/{id}/messages', {
              params: { path: { id: loc.id } },
              body: { body: text },
            }),
          )
        : bodyOf(
            api.POST('/api/requests/track/{token}/messages', {
              params: { path: { token: loc.token } },
              body: { body: text },
            }),
          ),
    onSuccess: (tracked) => {
      queryClient.setQueryData(queryKeys.tracked(loc), tracked);
      setBody('');
    },
  });

  if (closed) return <p className="hint">{t('request.messageClosed')}</p>;
  const text = body.trim();
  return (
    <section className="card form">
      <label className="field">
        <span className="field-label">{t('request.message')}</span>
        <textarea
          value={body}
          rows={3}
          maxLength={MESSAGE_MAX}
          placeholder={t('request.messagePlaceholder')}
          data-testid="request-message"
          onChange={(e) => {
            setBody(e.target.value);
            send.reset();
          }}
        />
      </label>
      {send.error && (
        <p className="error" role="alert">
          {t('request.messageFailed', { message: errorMessage(send.error, t) })}
        </p>
      )}
      <button
        type="button"
        className="button primary"
        data-testid="request-message-send"
        disabled={!text || send.isPending}
        onClick={() => send.mutate(text)}
      >
        {send.isPending ? t('request.sending') : t('request.send')}
      </button>
    </section>
  );
}

function YesNo({
  value,
  onChange,
  yes,
  no,
  testId,
  label,
}: {
  value: boolean | null;
  onChange: (v: boolean) => void;
  yes: string;
  no: string;
  testId: string;
  label: string;
}) {
  return (
    <div className="choices choices-2" role="radiogroup" aria-label={label}>
      <button
        type="button"
        role="radio"
        aria-checked={value === true}
        className="choice"
        data-testid={`${testId}-yes`}
        onClick={() => onChange(true)}
      >
        {yes}
      </button>
      <button
        type="button"
        role="radio"
        aria-checked={value === false}
        className="choice"
        data-testid={`${testId}-no`}
        onClick={() => onChange(false)}
      >
        {no}
      </button>
    </div>
  );
}

/** 回访: the reporter answers; "not solved" reopens the request (重办). */
function RateForm({ loc, onRated }: { loc: RequestLoc; onRated: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [contacted, setContacted] = useState<boolean | null>(null);
  const [solved, setSolved] = useState<boolean | null>(null);
  const [stars, setStars] = useState(0);
  const [comment, setComment] = useState('');
  const [tried, setTried] = useState(false);

  const rate = useMutation({
    mutationFn: (body: { contacted: boolean; solved: boolean; satisfaction: number; comment?: string }) =>
      'id' in loc
        ? bodyOf(api.POST('/api/my/requests/{id}/rating', { params: { path: { id: loc.id } }, body }))
        : bodyOf(
            api.POST('/api/requests/track/{token}/rating', { params: { path: { token: loc.token } }, body }),
          ),
    onSuccess: (tracked) => {
      queryClient.setQueryData(queryKeys.tracked(loc), tracked);
      void queryClient.invalidateQueries({ queryKey: queryKeys.myRequests });
      onRated();
    },
  });

  const complete = contacted !== null && solved !== null && stars > 0;
  const submit = () => {
    setTried(true);
    if (contacted === null || solved === null || stars === 0) return;
    const note = comment.trim();
    rate.mutate({ contacted, solved, satisfaction: stars, ...(note ? { comment: note } : {}) });
  };

  return (
    <section className="card form rate" data-testid="rate-form">
      <h2 className="card-title">{t('rate.title')}</h2>
      <p>{t('rate.intro')}</p>
      <div className="field">
        <span className="field-label">{t('rate.contacted')}</span>
        <YesNo
          value={contacted}
          onChange={setContacted}
          yes={t('rate.yes')}
          no={t('rate.no')}
          testId="rate-contacted"
          label={t('rate.contacted')}
        />
      </div>
      <div className="field">
        <span className="field-label">{t('rate.solved')}</span>
        <YesNo
          value={solved}
          onChange={setSolved}
          yes={t('rate.solvedYes')}
          no={t('rate.solvedNo')}
          testId="rate-solved"
          label={t('rate.solved')}
        />
        {solved === false && <small className="hint">{t('rate.notSolvedHint')}</small>}
      </div>
      <div className="field">
        <span className="field-label">{t('rate.satisfaction')}</span>
        <div className="stars" role="radiogroup" aria-label={t('rate.satisfaction')}>
          {[1, 2, 3, 4, 5].map((n) => (
            <button
              key={n}
              type="button"
              role="radio"
              aria-checked={stars === n}
              aria-label={t('rate.star', { n })}
              className={n <= stars ? 'star on' : 'star'}
              data-testid={`rate-star-${n}`}
              onClick={() => setStars(n)}
            >
              <Icon name="star" size={34} filled={n <= stars} />
            </button>
          ))}
        </div>
        {stars > 0 && <small className="stars-label">{t(`rate.stars.${stars as 1 | 2 | 3 | 4 | 5}`)}</small>}
      </div>
      <label className="field">
        <span className="field-label">{t('rate.comment')}</span>
        <textarea
          value={comment}
          rows={2}
          maxLength={COMMENT_MAX}
          data-testid="rate-comment"
          onChange={(e) => setComment(e.target.value)}
        />
      </label>
      {tried && !complete && (
        <p className="error" role="alert">
          {t('rate.incomplete')}
        </p>
      )}
      {rate.error && (
        <p className="error" role="alert">
          {t('rate.failed', { message: errorMessage(rate.error, t) })}
        </p>
      )}
      <button
        type="button"
        className="button primary"
        data-testid="rate-submit"
        disabled={rate.isPending}
        onClick={submit}
      >
        {rate.isPending ? t('rate.submitting') : t('rate.submit')}
      </button>
    </section>
  );
}
