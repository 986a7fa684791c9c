import type { Me } from '../api/types';
import { Icon } from '../components/Icon';
import { StatusTag } from '../components/StatusTag';
import { TopBar } from '../components/TopBar';
import { errorMessage, useI18n } from '../i18n/I18nProvider';
import { formatChinaTime } from '../requests/format';
import { listRows, tokensToRead, type RequestRow } from '../requests/tracked';
import { useTrackedEntries } from '../requests/trackedStore';
import { useMyRequests, useTrackReads } from '../requests/useRequests';
import { go } from '../router';

/** 我的诉求: those the server knows as mine, and the anonymous ones only this phone knows. */
export function MyRequestsScreen({ me }: { me: Me }) {
  const { t } = useI18n();
  const mine = useMyRequests();
  const local = useTrackedEntries(me.id);
  const reads = useTrackReads(tokensToRead(mine.data?.items, local));
  const rows = listRows(mine.data?.items, local, reads);

  return (
    <div className="screen">
      <TopBar title={t('requests.title')} back />
      <main className="content">
        <button
          type="button"
          className="button primary with-icon"
          onClick={() => go({ name: 'report', placeId: null })}
        >
          <Icon name="report" size={22} />
          {t('requests.new')}
        </button>
        {mine.error && (
          <div className="inline-error">
            <p className="error">{t('requests.error', { message: errorMessage(mine.error, t) })}</p>
            <button type="button" className="button small" onClick={() => void mine.refetch()}>
              {t('common.retry')}
            </button>
          </div>
        )}
        {mine.isPending && rows.length === 0 && <p className="hint">{t('requests.loading')}</p>}
        {mine.isSuccess && rows.length === 0 && <p className="hint empty">{t('requests.empty')}</p>}
        {rows.length > 0 && (
          <ul className="request-list" data-testid="my-requests">
            {rows.map((row) => (
              <li key={row.id}>
                <RequestItem row={row} />
              </li>
            ))}
          </ul>
        )}
      </main>
    </div>
  );
}

function RequestItem({ row }: { row: RequestRow }) {
  const { t, lang } = useI18n();
  return (
    <button
      type="button"
      className="request-item"
      data-testid={`my-request-${row.no}`}
      data-status={row.status ?? ''}
      onClick={() =>
        go('token' in row.link ? { name: 'track', token: row.link.token } : { name: 'request', id: row.id })
      }
    >
      <span className="request-item-head">
        <span className="request-item-no mono">{row.no}</span>
        {row.status ? (
          <StatusTag status={row.status} />
        ) : (
          <span className="status status-unknown">
            {row.lost ? t('requests.lost') : t('requests.unknownStatus')}
          </span>
        )}
      </span>
      <span className="request-item-title">
        <strong>{row.categoryName}</strong>
        {row.identity === 'anonymous' && <span className="tag">{t('report.identity.anonymous')}</span>}
        {row.identity === 'sealed' && <span className="tag">{t('report.identity.sealed')}</span>}
        {row.canRate && (
          <span className="badge" data-testid="my-request-to-rate">
            {t('requests.toRate')}
          </span>
        )}
      </span>
      {row.description && <span className="request-item-text">{row.description}</span>}
      <span className="request-item-foot">
        <span>{formatChinaTime(row.receivedAt, lang)}</span>
        <Icon name="chevron" size={18} />
      </span>
    </button>
  );
}
