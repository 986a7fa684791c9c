import { useLayoutEffect, useState } from 'react';
import type { Me } from '../api/types';
import { TopBar } from '../components/TopBar';
import { useI18n } from '../i18n/I18nProvider';
import { useCurrentSos } from '../sos/useSos';
import { SosComposer, CallLinks } from './sos/SosComposer';
import { SosStatus } from './sos/SosStatus';

/** The SOS page: the press when no alarm is under way, else that alarm's delivery and progress. */
export function SosScreen({ me }: { me: Me | null }) {
  const { t } = useI18n();
  const current = useCurrentSos();
  const [composing, setComposing] = useState(false);
  const showing = current && !composing ? current : null;
  // A new view (the press done, or a new alarm begun) starts at its top.
  const view = showing?.key ?? 'compose';
  useLayoutEffect(() => {
    // A block, not an expression: newer browsers return a promise from scrollTo.
    window.scrollTo(0, 0);
  }, [view]);

  return (
    <div className="screen">
      <TopBar title={t('sos.title')} back />
      <main className="content sos">
        {showing ? (
          <SosStatus key={showing.key} item={showing} onNew={() => setComposing(true)} />
        ) : (
          <SosComposer userId={me?.id ?? null} onRaised={() => setComposing(false)} />
        )}
        <CallLinks />
      </main>
    </div>
  );
}
