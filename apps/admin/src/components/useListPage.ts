import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Permission } from '../api/types';
import { useCan } from '../session/CurrentUser';
import { DEFAULT_PAGE_SIZE, oneOf } from '../lib/urlFilters';
import { useSchool } from './SchoolSelect';

/**
 * How each filter of a list is kept in the address: free text ('text'), a yes-only flag ('flag',
 * kept as 1), or one value of a list (anything else in the address is ignored). Filters left out
 * are not kept in the address (the page sets them itself, if at all).
 */
export type FilterSpec<F> = { [K in keyof F]?: 'text' | 'flag' | readonly string[] };

/** The address's query as it is now (see lib/urlFilters: the router may hand an older one). */
const latestParams = () => new URLSearchParams(window.location.search);

/**
 * A list's filters and paging kept in the address (?q=…&kind=…&page=2), typed by `spec`. A change
 * of filter goes back to page 1, and so does a new page size.
 */
export function useAddressPaging<F extends object>(spec: FilterSpec<F>) {
  const [params, setParams] = useSearchParams();
  const keys = Object.keys(spec) as (keyof F & string)[];
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(100, Math.max(1, Number(params.get('pageSize')) || DEFAULT_PAGE_SIZE));
  const filters: Partial<F> = {};
  for (const k of keys) {
    const how = spec[k]!;
    const raw = params.get(k);
    const value =
      how === 'text' ? raw || undefined : how === 'flag' ? raw === '1' || undefined : oneOf(how, raw);
    if (value !== undefined) (filters as Record<string, unknown>)[k] = value;
  }
  const write = (change: (next: URLSearchParams) => void, replace = true) =>
    setParams(
      () => {
        const next = latestParams();
        change(next);
        return next;
      },
      { replace },
    );
  return {
    page,
    pageSize,
    setPage: (p: number) =>
      write((next) => {
        if (p === 1) next.delete('page');
        else next.set('page', String(p));
      }),
    onPage: (nextPage: number, nextSize: number) =>
      write((next) => {
        next.set('page', String(nextSize === pageSize ? nextPage : 1));
        if (nextSize === DEFAULT_PAGE_SIZE) next.delete('pageSize');
        else next.set('pageSize', String(nextSize));
      }, false),
    filters,
    /** whether a filter is set: an empty list then means "nothing matches" */
    filtered: Object.keys(filters).length > 0,
    filter: (patch: Partial<F>) =>
      write((next) => {
        for (const [k, v] of Object.entries<unknown>(patch)) {
          if (v === true) next.set(k, '1');
          else if (typeof v === 'string' && v) next.set(k, v);
          else next.delete(k);
        }
        next.delete('page');
      }),
    clearFilters: () =>
      write((next) => {
        for (const k of keys) next.delete(k);
        next.delete('page');
      }),
  };
}

/** What a list page's dialog shows: the form to create (under a parent, for places) or to edit a row. */
export type ListDialog<R> = { kind: 'create'; parent?: R | null } | { kind: 'edit'; row: R };

interface ListPageOptions<F extends object, R> {
  spec: FilterSpec<F>;
  /** the list's query key (queryKeys.students …) */
  queryKey: readonly unknown[];
  /** the permission that lets the user create and edit */
  manage: Permission;
  /** one page of the list */
  fetchPage: (
    schoolId: string,
    filters: Partial<F>,
    page: number,
    pageSize: number,
  ) => Promise<{ items: R[]; total: number }>;
  /** filters the page sets beyond those in the address (places: the kind, the place opened) */
  extra?: Partial<F>;
}

/**
 * The state of a school's list page: the school chosen, filters and paging in the address, the
 * page of rows, whether the user may manage them, and the create/edit dialog.
 */
export function useListPage<F extends object, R>(options: ListPageOptions<F, R>) {
  const can = useCan();
  const [schoolId, setSchoolId, schools] = useSchool();
  const paging = useAddressPaging<F>(options.spec);
  const [dialog, setDialog] = useState<ListDialog<R> | null>(null);
  const effective: Partial<F> = { ...paging.filters, ...options.extra };
  const list = useQuery({
    queryKey: [...options.queryKey, 'list', schoolId, effective, paging.page, paging.pageSize],
    queryFn: () => options.fetchPage(schoolId!, effective, paging.page, paging.pageSize),
    enabled: !!schoolId,
    placeholderData: keepPreviousData,
  });
  return {
    schoolId,
    schools,
    /** another school: its list from the start, no filters */
    chooseSchool: (id: string) => {
      setSchoolId(id);
      paging.clearFilters();
    },
    paging,
    filters: paging.filters,
    filter: paging.filter,
    /** the filters the list is fetched with (the address's and the page's own) */
    effective,
    list,
    canManage: can(options.manage),
    dialog,
    setDialog,
    closeDialog: () => setDialog(null),
  };
}

export type ListPageState<F extends object, R> = ReturnType<typeof useListPage<F, R>>;
