import { Alert, Table, type TableProps } from 'antd';
import { useState } from 'react';
import { errorMessage, useT } from '../i18n/I18nProvider';
import { DEFAULT_PAGE_SIZE } from '../lib/urlFilters';
import styles from './PagedTable.module.css';

/**
 * The page and the filters of a server-paged list. A change of filter (`filter`, `clearFilters`)
 * goes back to page 1, and so does a new page size (`onPage`, the table's pager).
 */
export function usePaging<F extends object = object>() {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(DEFAULT_PAGE_SIZE);
  const [filters, setFilters] = useState<Partial<F>>({});
  return {
    page,
    pageSize,
    setPage,
    onPage: (nextPage: number, nextSize: number) => {
      setPage(nextSize === pageSize ? nextPage : 1);
      setPageSize(nextSize);
    },
    filters,
    setFilters,
    /** whether a filter is set: an empty list then means "nothing matches" */
    filtered: Object.values(filters).some((v) => v !== undefined),
    filter: (patch: Partial<F>) => {
      setFilters((current) => ({ ...current, ...patch }));
      setPage(1);
    },
    clearFilters: () => {
      setFilters({});
      setPage(1);
    },
  };
}

type Paging = Pick<ReturnType<typeof usePaging>, 'page' | 'pageSize' | 'onPage'>;

interface PagedTableProps<T> extends Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination'> {
  /** the list's query: a page of rows and the total */
  list: { data?: { items: T[]; total: number }; isFetching: boolean; error: unknown };
  paging: Paging;
  /** the error shown above the table; by default the list's */
  error?: unknown;
  alertClassName?: string;
}

/** A table paged by the server, with the list's error above it. */
export function PagedTable<T extends object>({
  list,
  paging,
  error = list.error,
  alertClassName = styles.alert,
  ...props
}: PagedTableProps<T>) {
  const t = useT();
  return (
    <>
      {!!error && <Alert type="error" showIcon title={errorMessage(error, t)} className={alertClassName} />}
      <Table<T>
        rowKey="id"
        size="middle"
        {...props}
        dataSource={list.data?.items}
        loading={list.isFetching}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: paging.onPage,
        }}
      />
    </>
  );
}
