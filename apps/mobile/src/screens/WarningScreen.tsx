import { api, ApiError, bodyOf } from '@anxiao/web-core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TopBar } from '../components/TopBar';
import { errorMessage, useI18n } from '../i18n/I18nProvider';

const COLOUR = {
  Extreme: '#cf1322',
  Severe: '#d46b08',
  Moderate: '#d4b106',
  Minor: '#1677ff',
  Unknown: '#595959',
};
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '');

/** A warning sent to me (#/warnings/<id>, where its SMS and notifications link): read it, 确认收到. */
export function WarningScreen({ id }: { id: string }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const key = ['warning', id];
  const q = useQuery({
    queryKey: key,
    queryFn: () => bodyOf(api.GET('/api/my-warnings/{id}', { params: { path: { id } } })),
    retry: (n, e) => !(e instanceof ApiError && e.status === 404) && n < 2,
  });
  const ack = useMutation({
    mutationFn: () => bodyOf(api.POST('/api/my-warnings/{id}/acknowledge', { params: { path: { id } } })),
    onSuccess: (w) => qc.setQueryData(key, w),
  });
  const w = q.data;
  return (
    <div className="screen">
      <TopBar title={t('warning.title')} back />
      <main className="content">
        {!w && q.isPending && <p className="hint">{t('warning.loading')}</p>}
        {!w && q.error && (
          <p className="error" role="alert">
            {q.error instanceof ApiError && q.error.status === 404
              ? t('warning.notFound')
              : errorMessage(q.error, t)}
          </p>
        )}
        {w && (
          <article data-testid="warning">
            <p style={{ color: COLOUR[w.severity], fontWeight: 700, fontSize: '1.1rem' }}>
              {t(`warning.level.${w.severity}`)} · {w.event}
              {w.capStatus !== 'Actual' ? ` · ${t('warning.drill')}` : ''}
            </p>
            <h2>{w.headline}</h2>
            <p className="hint">{t('warning.from', { sender: w.senderName, time: when(w.sentAt) })}</p>
            {w.state === 'cancelled' && (
              <p className="success" role="status">
                {t('warning.cancelled')}
              </p>
            )}
            <p>{w.description}</p>
            {w.instruction && (
              <section>
                <h3>{t('warning.instruction')}</h3>
                <p>{w.instruction}</p>
              </section>
            )}
            {ack.error && (
              <p className="error" role="alert">
                {errorMessage(ack.error, t)}
              </p>
            )}
            {w.acknowledgedAt ? (
              <p className="success" role="status" data-testid="warning-acknowledged">
                {t('warning.acknowledged', { time: when(w.acknowledgedAt) })}
              </p>
            ) : (
              <button
                type="button"
                className="button primary"
                style={{ width: '100%', minHeight: '4rem', fontSize: '1.4rem' }}
                disabled={ack.isPending}
                onClick={() => ack.mutate()}
                data-testid="warning-ack"
              >
                {t('warning.acknowledge')}
              </button>
            )}
          </article>
        )}
      </main>
    </div>
  );
}
