import { ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Empty,
  Progress,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import dayjs from 'dayjs';
import { useNavigate, useSearchParams } from 'react-router';
import { queryKeys } from '../../api/keys';
import { ListToolbar } from '../../components/ListToolbar';
import shared from '../../components/page.module.css';
import { SchoolSelect, useSchool } from '../../components/SchoolSelect';
import { errorMessage, useI18n } from '../../i18n/I18nProvider';
import { chinaDate } from '../../lib/deadline';
import { getBoard } from './api';
import type { BoardRow } from './types';

const DATE = 'YYYY-MM-DD';

const ratio = (r: Pick<BoardRow, 'due' | 'done'>) => (r.due ? Math.round((100 * r.done) / r.due) : 0);

function Bar({ row }: { row: Pick<BoardRow, 'due' | 'done' | 'overdue'> }) {
  return (
    <Progress
      percent={ratio(row)}
      size="small"
      status={row.overdue > 0 ? 'exception' : row.done === row.due ? 'success' : 'active'}
      format={() => `${row.done}/${row.due}`}
    />
  );
}

/**
 * 任务看板: a day's grid tasks per grid (those whose period covers the day: today's daily checks,
 * this week's and this month's) — due, done, overdue, failed items — with a bar each. A row opens
 * that grid's tasks.
 */
export function BoardPage() {
  const { t, tCode } = useI18n();
  const navigate = useNavigate();
  const [schoolId, setSchool, schools] = useSchool();
  const [params, setParams] = useSearchParams();
  const today = chinaDate(Date.now());
  const asked = params.get('date');
  const date = asked && /^\d{4}-\d{2}-\d{2}$/.test(asked) ? asked : today;
  const board = useQuery({
    queryKey: [...queryKeys.tasks, 'board', schoolId, date],
    queryFn: () => getBoard(schoolId!, date),
    enabled: Boolean(schoolId),
    placeholderData: keepPreviousData,
  });
  const rows = board.data?.rows ?? [];
  const total = rows.reduce(
    (s, r) => ({
      due: s.due + r.due,
      done: s.done + r.done,
      overdue: s.overdue + r.overdue,
      failedItems: s.failedItems + r.failedItems,
    }),
    { due: 0, done: 0, overdue: 0, failedItems: 0 },
  );

  // The board's own rule: the tasks of that grid alone whose period covers the day.
  const open = (r: BoardRow) =>
    void navigate(`/tasks?${new URLSearchParams({ gridId: r.gridId, on: date, exactGrid: 'true' })}`);

  const count = (key: 'due' | 'done'): TableColumnsType<BoardRow>[number] => ({
    title: t(`tasks.board.${key}`),
    dataIndex: key,
    width: 90,
    align: 'right',
    sorter: (a, b) => a[key] - b[key],
  });
  const columns: TableColumnsType<BoardRow> = [
    {
      title: t('tasks.col.grid'),
      dataIndex: 'gridName',
      render: (name: string, r) => (
        <>
          {name} <Tag>{tCode('grids.level', r.gridLevel)}</Tag>
        </>
      ),
    },
    count('due'),
    count('done'),
    {
      title: t('tasks.board.overdue'),
      dataIndex: 'overdue',
      width: 90,
      align: 'right',
      sorter: (a, b) => a.overdue - b.overdue,
      render: (n: number) =>
        n > 0 ? (
          <Typography.Text type="danger" strong>
            {n}
          </Typography.Text>
        ) : (
          n
        ),
    },
    {
      title: t('tasks.board.failedItems'),
      dataIndex: 'failedItems',
      width: 100,
      align: 'right',
      sorter: (a, b) => a.failedItems - b.failedItems,
      render: (n: number) =>
        n > 0 ? (
          <Typography.Text type="warning" strong>
            {n}
          </Typography.Text>
        ) : (
          n
        ),
    },
    {
      title: t('tasks.board.progress'),
      key: 'progress',
      width: 260,
      sorter: (a, b) => ratio(a) - ratio(b),
      render: (_, r) => <Bar row={r} />,
    },
  ];

  return (
    <Card>
      <ListToolbar
        actions={
          <Button
            icon={<ReloadOutlined />}
            loading={board.isFetching}
            onClick={() => void board.refetch()}
            aria-label={t('tasks.refresh')}
          />
        }
      >
        <SchoolSelect value={schoolId} onChange={setSchool} schools={schools} />
        <DatePicker
          allowClear={false}
          value={dayjs(date)}
          disabledDate={(d) => d.format(DATE) > today}
          onChange={(d) =>
            d && setParams(d.format(DATE) === today ? {} : { date: d.format(DATE) }, { replace: true })
          }
          aria-label={t('tasks.board.date')}
        />
        <Typography.Text type="secondary" style={{ alignSelf: 'center' }}>
          {t('tasks.board.hint')}
        </Typography.Text>
      </ListToolbar>
      {!schoolId && <Empty description={t('tasks.noSchool')} />}
      {!!board.error && <Alert type="error" showIcon title={errorMessage(board.error, t)} />}
      <div data-testid="task-board-table">
        <Table<BoardRow>
          rowKey="gridId"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={board.isFetching}
          pagination={false}
          scroll={{ x: 900 }}
          rowClassName={shared.clickable}
          onRow={(r) => ({ onClick: () => open(r) })}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.board.empty')} />,
          }}
          summary={() =>
            rows.length > 1 ? (
              <Table.Summary fixed>
                <Table.Summary.Row className={shared.totalRow} data-row-key="total">
                  <Table.Summary.Cell index={0}>{t('tasks.board.total')}</Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    {total.due}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align="right">
                    {total.done}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">
                    {total.overdue}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={4} align="right">
                    {total.failedItems}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={5}>
                    <Bar row={total} />
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              </Table.Summary>
            ) : null
          }
        />
      </div>
    </Card>
  );
}
