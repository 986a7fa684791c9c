import type { TableColumnsType } from 'antd';
import type { MouseEvent, ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { ListEmpty } from './ListEmpty';
import { PagedTable } from './PagedTable';
import shared from './page.module.css';

const stop = (e: MouseEvent) => e.stopPropagation();

/** A link in a clickable row (a record's number): it opens its record without the row's click. */
export function RowLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link to={to} onClick={stop}>
      {children}
    </Link>
  );
}

/**
 * A server-paged list of records, one a row, a row opening its record (`pathOf`); empty, it says
 * whether nothing matches the filters or nothing is there yet.
 */
export function RecordTable<T extends { id: string }>({
  testId,
  list,
  paging,
  columns,
  width,
  pathOf,
  filtered,
  emptyText,
}: {
  testId: string;
  list: { data?: { items: T[]; total: number }; isFetching: boolean; error: unknown };
  paging: { page: number; pageSize: number; onPage: (page: number, pageSize: number) => void };
  columns: TableColumnsType<T>;
  /** the table's width before it scrolls sideways */
  width: number;
  pathOf: (row: T) => string;
  filtered: boolean;
  emptyText: string;
}) {
  const navigate = useNavigate();
  return (
    <div data-testid={testId}>
      <PagedTable<T>
        list={list}
        paging={paging}
        columns={columns}
        scroll={{ x: width }}
        rowClassName={shared.clickable}
        onRow={(row) => ({ onClick: () => void navigate(pathOf(row)) })}
        locale={{ emptyText: <ListEmpty filtered={filtered} emptyText={emptyText} /> }}
      />
    </div>
  );
}
