import { useSearchParams } from 'react-router';

/** A server-paged list's page size until the user picks another. */
export const DEFAULT_PAGE_SIZE = 20;

/** The value if it is one of `all`, else undefined (a query parameter read into a union). */
export function oneOf<T extends string>(all: readonly T[], value: string | null): T | undefined {
  return all.find((x) => x === value);
}

/** A YYYY-MM-DD date, else undefined. */
export function isoDate(value: string | null): string | undefined {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
}

/**
 * The address's query as it is now. The router hands its setter the query of its last render,
 * which misses a change made since (two filters set in quick succession, the second while the
 * first is still rendering); the address itself is written at once.
 */
const latestParams = () => new URLSearchParams(window.location.search);

/**
 * A list's filters and paging as the address holds them (?status=…&page=2), and their setters.
 * `keys` are the filters kept in the address: any of them set makes the list `filtered`. The
 * caller reads its typed filters from `params`.
 */
export function useUrlFilters<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(100, Math.max(1, Number(params.get('pageSize')) || DEFAULT_PAGE_SIZE));

  /** Change filters (back to page 1); undefined or empty removes one. */
  const filter = (patch: Partial<Record<K, string | undefined>>) =>
    setParams(
      () => {
        const next = latestParams();
        for (const [k, v] of Object.entries<string | undefined>(patch)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        next.delete('page');
        return next;
      },
      { replace: true },
    );
  const onPage = (nextPage: number, nextSize: number) =>
    setParams(() => {
      const next = latestParams();
      next.set('page', String(nextSize === pageSize ? nextPage : 1));
      if (nextSize === DEFAULT_PAGE_SIZE) next.delete('pageSize');
      else next.set('pageSize', String(nextSize));
      return next;
    });
  const clear = () => setParams({}, { replace: true });
  const filtered = keys.some((k) => params.has(k));
  return { params, page, pageSize, filter, onPage, clear, filtered };
}
