import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Typography, type TableColumnsType } from 'antd';
import { useParams } from 'react-router';
import { queryKeys } from '../../api/keys';
import { DateRangeFilter, FlagFilter, ResetFilters, SelectFilter } from '../../components/ListFilters';
import { GridSelect } from '../../components/GridSelect';
import { ListToolbar } from '../../components/ListToolbar';
import shared from '../../components/page.module.css';
import { RecordTable } from '../../components/RecordTable';
import { SchoolSelect, useSchool } from '../../components/SchoolSelect';
import { useT } from '../../i18n/I18nProvider';
import { EMPTY, formatDateTime } from '../../lib/format';
import { isoDate, oneOf, useUrlFilters } from '../../lib/urlFilters';
import { listTasks } from './api';
import { TaskDetailPage } from './TaskDetailPage';
import { KindTag, TaskStatusTag } from './tags';
import { TASK_STATUSES, type TaskBrief, type TaskFilters, type TaskStatus } from './types';
import { withNote } from '../../lib/words';

const FILTER_KEYS = ['gridId', 'status', 'overdue', 'from', 'to', 'on', 'exactGrid'] as const;

/** The list's filters and paging as the address holds them (?gridId=…&from=…), and their setter. */
function useTaskFilters(schoolId: string | undefined) {
  const { params, ...paging } = useUrlFilters(FILTER_KEYS);
  const filters: TaskFilters = {
    schoolId,
    gridId: params.get('gridId') ?? undefined,
    status: oneOf(TASK_STATUSES, params.get('status')),
    overdue: oneOf(['true'] as const, params.get('overdue')),
    from: isoDate(params.get('from')),
    to: isoDate(params.get('to')),
    // a board row's day and grid: the tasks whose period covers that day, of that grid alone
    on: isoDate(params.get('on')),
    exactGrid: oneOf(['true'] as const, params.get('exactGrid')),
  };
  return { filters, ...paging };
}

function TaskList() {
  const t = useT();
  const [schoolId, setSchool, schools] = useSchool();
  const { filters, page, pageSize, filter, onPage, clear, filtered } = useTaskFilters(schoolId);
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
            <Typography.Text type="secondary" className={shared.sub}>
              {withNote(t, r.equipment.name, r.equipment.code)}
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
            <Typography.Text type="secondary" className={shared.sub}>
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
        <GridSelect
          allowClear
          aria-label={t('tasks.col.grid')}
          placeholder={t('tasks.filter.grid')}
          style={{ width: 200 }}
          schoolId={schoolId}
          value={filters.gridId}
          onChange={(gridId) => filter({ gridId })}
        />
        <SelectFilter<TaskStatus>
          label={t('common.status')}
          placeholder={t('tasks.filter.status')}
          width={120}
          value={filters.status}
          onChange={(status) => filter({ status })}
          options={TASK_STATUSES.map((s) => ({ value: s, label: t(`tasks.status.${s}`) }))}
        />
        <DateRangeFilter
          openEnd
          from={filters.from}
          to={filters.to}
          label={t('tasks.filter.dates')}
          placeholder={[t('tasks.filter.from'), t('tasks.filter.to')]}
          onChange={filter}
        />
        <FlagFilter checked={filters.overdue === 'true'} onChange={(overdue) => filter({ overdue })}>
          {t('tasks.filter.overdue')}
        </FlagFilter>
        <ResetFilters filtered={filtered} onClear={clear} />
      </ListToolbar>
      <RecordTable<TaskBrief>
        testId="task-table"
        list={list}
        paging={{ page, pageSize, onPage }}
        columns={columns}
        width={1100}
        pathOf={(r) => `/tasks/${r.id}`}
        filtered={filtered}
        emptyText={t('tasks.empty')}
      />
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
