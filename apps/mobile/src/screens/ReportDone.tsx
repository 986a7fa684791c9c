import { useState } from 'react';
import { Icon } from '../components/Icon';
import { StatusTag } from '../components/StatusTag';
import { useI18n } from '../i18n/I18nProvider';
import { formatChinaTime } from '../requests/format';
import { go, trackLink } from '../router';
import type { FiledView } from './ReportScreen';

/** Copy text: the clipboard API on secure pages, else the old way (a school's plain-http server). */
async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused (permissions): the old way below.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  let ok: boolean;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

/** What was filed: its number, deadlines and private link (the only way to follow an anonymous one). */
export function ReportDone({ view, onNew }: { view: FiledView; onNew: () => void }) {
  const { t, lang } = useI18n();
  const { filed, identity } = view;
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const link = filed.trackToken ? trackLink(location.origin, filed.trackToken) : null;
  const anonymous = identity === 'anonymous';

  const copy = async () => {
    if (!link) return;
    setCopied((await copyText(link)) ? 'yes' : 'no');
  };

  return (
    <section
      className="report-done"
      data-testid="report-done"
      data-no={filed.no}
      data-token={filed.trackToken ?? ''}
      data-id={filed.id}
    >
      <div className="card done-card">
        <p className="done-title">
          <span className="done-check" aria-hidden="true">
            ✓
          </span>
          {t('report.done.title')}
        </p>
        {!filed.created && <p className="hint">{t('report.done.again')}</p>}
        <dl className="done-facts">
          <div>
            <dt>{t('report.done.no')}</dt>
            <dd className="mono done-no">{filed.no}</dd>
          </div>
          <div>
            <dt>{t('report.done.status')}</dt>
            <dd>
              <StatusTag status={filed.status} />
            </dd>
          </div>
          <div>
            <dt>{t('report.done.respondBy')}</dt>
            <dd>{formatChinaTime(filed.respondBy, lang)}</dd>
          </div>
          <div>
            <dt>{t('report.done.resolveBy')}</dt>
            <dd>{formatChinaTime(filed.resolveBy, lang)}</dd>
          </div>
        </dl>
        <p className="hint">{t('report.done.deadlineHint')}</p>
      </div>

      {link && (
        <div className={anonymous ? 'card done-link done-link-anonymous' : 'card done-link'}>
          <h2 className="card-title">{t('report.done.link')}</h2>
          {anonymous && (
            <p className="notice" role="alert">
              {t('report.done.linkAnonymous')}
            </p>
          )}
          <p className="link-text mono" data-testid="report-done-link">
            {link}
          </p>
          <button
            type="button"
            className="button primary"
            data-testid="report-done-copy"
            onClick={() => void copy()}
          >
            <Icon name="copy" size={20} />
            {copied === 'yes' ? t('report.done.copied') : t('report.done.copy')}
          </button>
          {copied === 'no' && <p className="hint">{t('report.done.copyFailed')}</p>}
          <p className="hint">{t('report.done.linkHint')}</p>
        </div>
      )}

      <div className="done-actions">
        <button
          type="button"
          className="button primary"
          onClick={() =>
            go(
              anonymous && filed.trackToken
                ? { name: 'track', token: filed.trackToken }
                : { name: 'request', id: filed.id },
            )
          }
        >
          {t('report.done.view')}
        </button>
        <button type="button" className="button" onClick={onNew}>
          {t('report.done.new')}
        </button>
        <button type="button" className="button" onClick={() => go('home')}>
          {t('report.done.home')}
        </button>
      </div>
    </section>
  );
}
