import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Input, type TableColumnsType, type TableProps } from 'antd';
import type { ReactNode } from 'react';
import { ExportButton } from './ExportButton';
import { ListEmpty } from './ListEmpty';
import { ListToolbar } from './ListToolbar';
import { PagedTable } from './PagedTable';
import { SchoolSelect } from './SchoolSelect';
import type { ListPageState } from './useListPage';

interface ListPageProps<F extends object, R extends object> {
  /** the page's state (useListPage) */
  page: ListPageState<F, R>;
  /** above the toolbar (places: where in the building one is) */
  header?: ReactNode;
  /** the search box's placeholder; the search sets the `q` filter */
  searchPlaceholder: string;
  searchClassName?: string;
  /** the page's own filters, after the school and the search box */
  filters: ReactNode;
  /** another school chosen, beyond starting the list again */
  onSchool?: () => void;
  exportButton: { label: string; hint: string; run: () => Promise<unknown> };
  /** the create button, for those who may manage (none: no button) */
  create?: { label: string; disabled?: boolean; onClick?: () => void } | null;
  columns: TableColumnsType<R>;
  scroll: TableProps<R>['scroll'];
  /** the error above the table; by default the list's */
  error?: unknown;
  empty: { text: string; filtered?: boolean; importHint?: boolean; importText?: string };
  /** the create/edit form for the dialog open (page.dialog) */
  form: ReactNode;
}

/**
 * A school's list page: the school and filters (kept in the address), export and create on the
 * right, the server-paged table with its empty state, and the create/edit form.
 */
export function ListPage<F extends object & { q?: string }, R extends object>({
  page,
  header,
  searchPlaceholder,
  searchClassName,
  filters,
  onSchool,
  exportButton,
  create,
  columns,
  scroll,
  error,
  empty,
  form,
}: ListPageProps<F, R>) {
  const { schoolId, paging } = page;
  return (
    <Card>
      {header}
      <ListToolbar
        resetKey={schoolId}
        actions={
          <>
            <ExportButton disabled={!schoolId} title={exportButton.hint} onExport={exportButton.run}>
              {exportButton.label}
            </ExportButton>
            {page.canManage && create && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                disabled={!schoolId || create.disabled}
                onClick={create.onClick ?? (() => page.setDialog({ kind: 'create' }))}
              >
                {create.label}
              </Button>
            )}
          </>
        }
      >
        <SchoolSelect
          value={schoolId}
          schools={page.schools}
          onChange={(id) => {
            page.chooseSchool(id);
            onSchool?.();
          }}
        />
        <Input.Search
          allowClear
          placeholder={searchPlaceholder}
          className={searchClassName}
          defaultValue={page.filters.q}
          onSearch={(q) => page.filter({ q: q.trim() || undefined } as Partial<F>)}
        />
        {filters}
      </ListToolbar>

      <PagedTable<R>
        list={page.list}
        paging={paging}
        error={error ?? page.list.error}
        columns={columns}
        scroll={scroll}
        locale={{
          emptyText: (
            <ListEmpty
              filtered={empty.filtered ?? paging.filtered}
              emptyText={empty.text}
              importHint={empty.importHint ?? page.canManage}
              importText={empty.importText}
            />
          ),
        }}
      />

      {form}
    </Card>
  );
}
