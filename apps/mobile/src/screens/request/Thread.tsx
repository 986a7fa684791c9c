import { StatusTag } from '../../components/StatusTag';
import { useI18n, type MessageKey } from '../../i18n/I18nProvider';
import { formatChinaTime } from '../../requests/format';
import type { ThreadEntry, Tracked } from '../../requests/types';
import type { RequestLoc } from '../../requests/useRequests';
import { Thumbs } from './Summary';

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

export function Thread({ r, loc }: { r: Tracked; loc: RequestLoc }) {
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
