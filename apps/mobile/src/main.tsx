import { ApiError } from '@anxiao/web-core';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { queryKeys } from './api/keys';
import { I18nProvider } from './i18n/I18nProvider';
import { registerServiceWorker } from './pwa/register';
import { UpdateNotice } from './pwa/UpdateNotice';
import { startSender } from './sos/sender';
import { startTaskSender } from './tasks/sender';
import './styles.css';
import './phone-app.css';

// A call refused for want of a session means the session expired: show the sign-in screen.
const onError = (err: unknown) => {
  if (err instanceof ApiError && err.code === 'auth.unauthenticated')
    queryClient.setQueryData(queryKeys.me, null);
};
const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      retry: (failures, err) =>
        failures < 2 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
    },
  },
});

// Alarms pressed earlier and not yet confirmed go out again now, whatever the page shows.
startSender();
// Checklists and hazards queued on this phone likewise.
startTaskSender(queryClient);
// The pages open with no network from the second visit on, and updates arrive on the next open.
registerServiceWorker();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <UpdateNotice />
        <App />
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
