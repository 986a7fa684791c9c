import type { RealtimeEvent } from '@anxiao/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { queryKeys } from '../api/keys';
import { keysToInvalidate, KEYS_ON_CONNECT } from './invalidation';
import { RealtimeClient, type ConnectionStatus } from './RealtimeClient';

const RealtimeContext = createContext<RealtimeClient | null>(null);

/** Holds the tab's one realtime connection while a user is signed in. */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [client] = useState(
    () =>
      new RealtimeClient({
        onEvent: (event) => {
          for (const queryKey of keysToInvalidate(event)) void queryClient.invalidateQueries({ queryKey });
        },
        onConnected: () => {
          for (const queryKey of KEYS_ON_CONNECT) void queryClient.invalidateQueries({ queryKey });
        },
        onReset: () => void queryClient.invalidateQueries(),
        onSessionChanged: () => void queryClient.invalidateQueries({ queryKey: queryKeys.me }),
      }),
  );

  useEffect(() => {
    client.start();
    return () => client.stop();
  }, [client]);

  return <RealtimeContext.Provider value={client}>{children}</RealtimeContext.Provider>;
}

function useClient(): RealtimeClient {
  const client = useContext(RealtimeContext);
  if (!client) throw new Error('realtime hooks must be used inside <RealtimeProvider>');
  return client;
}

export function useConnectionStatus(): ConnectionStatus {
  const client = useClient();
  return useSyncExternalStore(client.subscribe, client.getStatus);
}

/** Events received since the page was opened, newest first. */
export function useRecentEvents(): readonly RealtimeEvent[] {
  const client = useClient();
  return useSyncExternalStore(client.subscribe, client.getRecent);
}
