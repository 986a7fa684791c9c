import { ApiError } from '@anxiao/web-core';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { queryKeys } from '../api/keys';

const MAX_RETRIES = 2;

export function createQueryClient(): QueryClient {
  // A call refused for want of a session means the session expired: show the sign-in page.
  const onError = (err: unknown) => {
    if (err instanceof ApiError && err.code === 'auth.unauthenticated')
      client.setQueryData(queryKeys.me, null);
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // Realtime events invalidate what changed; refetching on every focus would only add load.
        refetchOnWindowFocus: false,
        retry: (failures, err) =>
          failures < MAX_RETRIES && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
      },
    },
  });
  return client;
}
