import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Checkbox, DatePicker, Select, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useGridOptions } from '../../api/grids';
import { queryKeys } from '../../api/keys';
import { ListEmpty } from '../../components/ListEmpty';
import { ListToolbar } from '../../components/ListToolbar';
import { PagedTable } from '../../components/PagedTable';
import { SchoolSelect, useSchool } from '../../components/SchoolSelect';
import { useT } from '../../i18n/I18nProvider';
import { EMPTY, formatDateTime } from '../../lib/format';
import { listTasks } from './api';
import { TaskDetailPage } from './TaskDetailPage';
import { KindTag, TaskStatusTag } from './tags';
import styles from './tasks.module.css';
import { TASK_STATUSES, type TaskBrief, type TaskFilters, type TaskStatus } from './types';

const DEFAULT_PAGE_SIZE = 20;
const DATE = 'YYYY-MM-DD';
const FILTER_KEYS = ['gridId', 'status', 'overdue', 'from', 'to', 'on', 'exactGrid'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

function isoDate(value: string | null): string | undefined {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
}

/** The address's query as it is now (the router's copy may miss a change made since its render). */
const latestParams = () => new URLSearchParams(window.location.search);

/** The list's filters and paging as the address holds them (?gridId=…&from=…), and their setter. */
function useUrlFilters(schoolId: string | undefined) {
  const [params, setParams] = useSearchParams();
  const filters: TaskFilters = {
    schoolId,
    gridId: params.get('gridId') ?? undefined,
    status: TASK_STATUSES.find((s) => s === params.get('status')),
    overdue: params.get('overdue') === 'true' ? 'true' : undefined,
    from: isoDate(params.get('from')),
    to: isoDate(params.get('to')),
    // a board row's day and grid: the tasks whose period covers that day, of that grid alone
    on: isoDate(params.get('on')),
    exactGrid: params.get('exactGrid') === 'true' ? 'true' : undefined,
  };
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(100, Math.max(1, Number(params.get('pageSize')) || DEFAULT_PAGE_SIZE));
  const filter = (patch: Partial<Record<FilterKey, string | undefined>>) =>
    setParams(
      () => {
        const next = latestParams();
        for (const [k, v] of Object.entries(patch)) {
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
  const filtered = FILTER_KEYS.some((k) => params.has(k));
  return { filters, page, pageSize, filter, onPage, clear, filtered };
}

function TaskList() {
  const t = useT();
  const navigate = useNavigate();
  const [schoolId, setSchool, schools] = useSchool();
  const { filters, page, pageSize, filter, onPage, clear, filtered } = useUrlFilters(schoolId);
  const grids = useGridOptions(schoolId);
  const list = useQuery({
    queryKey: [...queryKeys.tasks, 'list', filters, page, pageSize],
    queryFn: () => listTasks(filters, page, pageSize),
    placeholderData: keepPreviousData,
  });

  const columns: TableColumnsType<TaskBrief> = [
    {
      title: t('tasks.col.task'),
      key: 'task',
      ellipsis: true,
      render: (_, r) => (
        <>
          <KindTag kind={r.kind} /> {r.templateName}
          {r.equipment && (
            <Typography.Text type="secondary" className={styles.sub}>
              {r.equipment.name}（{r.equipment.code}）
            </Typography.Text>
          )}
        </>
      ),
    },
    { title: t('tasks.col.grid'), dataIndex: 'gridName', width: 180, ellipsis: true },
    { title: t('tasks.col.period'), dataIndex: 'periodKey', width: 110 },
    {
      title: t('tasks.col.dueAt'),
      dataIndex: 'dueAt',
      width: 160,
      render: (v: string) => formatDateTime(v).slice(0, 16),
    },
    {
      title: t('common.status'),
      key: 'status',
      width: 150,
      render: (_, r) => <TaskStatusTag task={r} />,
    },
    {
      title: t('tasks.col.completed'),
      key: 'completed',
      width: 190,
      render: (_, r) =>
        r.completedAt ? (
          <>
            {r.completedByName ?? EMPTY}
            <Typography.Text type="secondary" className={styles.sub}>
              {formatDateTime(r.completedAt)}
            </Typography.Text>
          </>
        ) : (
          EMPTY
        ),
    },
    {
      title: t('tasks.col.failed'),
      key: 'failed',
      width: 100,
      align: 'right',
      render: (_, r) =>
        r.status === 'done' ? (
          <Typography.Text type={r.failedCount ? 'danger' : undefined} strong={r.failedCount > 0}>
            {r.failedCount}/{r.itemCount}
          </Typography.Text>
        ) : (
          EMPTY
        ),
    },
  ];

  const range: [dayjs.Dayjs, dayjs.Dayjs | null] | null = filters.from
    ? [dayjs(filters.from), filters.to ? dayjs(filters.to) : null]
    : null;

  return (
    <Card>
      <ListToolbar resetKey={schoolId}>
        <SchoolSelect
          value={schoolId}
          onChange={(id) => {
            setSchool(id);
            filter({ gridId: undefined });
          }}
          schools={schools}
        />
        <Select<string>
          allowClear
          aria-label={t('tasks.col.grid')}
          placeholder={t('tasks.filter.grid')}
          style={{ width: 200 }}
          value={filters.gridId}
          loading={grids.isLoading}
          onChange={(gridId) => filter({ gridId })}
          showSearch={{ optionFilterProp: 'label' }}
          popupMatchSelectWidth={false}
          options={(grids.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
        />
        <Select<TaskStatus>
          allowClear
          aria-label={t('common.status')}
          placeholder={t('tasks.filter.status')}
          style={{ width: 120 }}
          value={filters.status}
          onChange={(status) => filter({ status })}
          options={TASK_STATUSES.map((s) => ({ value: s, label: t(`tasks.status.${s}`) }))}
        />
        <DatePicker.RangePicker
          allowEmpty={[false, true]}
          aria-label={t('tasks.filter.dates')}
          placeholder={[t('tasks.filter.from'), t('tasks.filter.to')]}
          value={range}
          onChange={(dates) => filter({ from: dates?.[0]?.format(DATE), to: dates?.[1]?.format(DATE) })}
        />
        <Checkbox
          checked={filters.overdue === 'true'}
          onChange={(e) => filter({ overdue: e.target.checked ? 'true' : undefined })}
        >
          {t('tasks.filter.overdue')}
        </Checkbox>
        {filtered && (
          <Button type="link" onClick={clear}>
            {t('common.reset')}
          </Button>
        )}
      </ListToolbar>
      <div data-testid="task-table">
        <PagedTable<TaskBrief>
          list={list}
          paging={{ page, pageSize, onPage }}
          columns={columns}
          scroll={{ x: 1100 }}
          rowClassName={styles.clickable}
          onRow={(r) => ({ onClick: () => void navigate(`/tasks/${r.id}`) })}
          locale={{ emptyText: <ListEmpty filtered={filtered} emptyText={t('tasks.empty')} /> }}
        />
      </div>
    </Card>
  );
}

/**
 * 网格任务: the tasks in the user's reach, newest period first, filtered by grid, status and due
 * date (in the address; the board links here). /tasks/<id> (where notifications link) opens one.
 */
export function TasksPage() {
  const id = useParams()['*'] || undefined;
  return id ? <TaskDetailPage key={id} id={id} /> : <TaskList />;
}
