import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n/I18nProvider';
import { formatChinaTime, isLate } from '../../requests/format';
import type { Tracked } from '../../requests/types';
import { photoUrl, type RequestLoc } from '../../requests/useRequests';

export function Summary({ r, loc }: { r: Tracked; loc: RequestLoc }) {
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

/** A request's photos as thumbnails, each opening the full image. */
export function Thumbs({ loc, ids, testId }: { loc: RequestLoc; ids: readonly string[]; testId?: string }) {
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
