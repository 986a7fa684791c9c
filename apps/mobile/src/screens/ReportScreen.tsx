import { useLayoutEffect, useState } from 'react';
import type { Me } from '../api/types';
import { TopBar } from '../components/TopBar';
import { useI18n } from '../i18n/I18nProvider';
import type { Filed, Identity } from '../requests/types';
import { ReportDone } from './ReportDone';
import { ReportForm } from './report/ReportForm';

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
