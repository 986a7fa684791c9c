import { useState } from 'react';
import { TopBar } from '../components/TopBar';
import { errorMessage, useI18n } from '../i18n/I18nProvider';
import { isGone, useTracked, type RequestLoc } from '../requests/useRequests';
import { Summary } from './request/Summary';
import { Thread } from './request/Thread';
import { MessageBox } from './request/MessageBox';
import { RateForm } from './request/RateForm';

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
