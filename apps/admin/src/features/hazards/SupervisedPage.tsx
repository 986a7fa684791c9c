import { ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Flex, Table, Typography, type TableColumnsType } from 'antd';
import { useNavigate } from 'react-router';
import { queryKeys } from '../../api/keys';
import shared from '../../components/page.module.css';
import { RowLink } from '../../components/RecordTable';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { chinaDate } from '../../lib/deadline';
import { getSupervised } from './api';
import { Countdown, domainName, GradeTag, StatusTag, UnitCell, whereOf } from './tags';
import type { Grade, Hazard } from './types';

const DAY = 86_400_000;

/** Whole days past the deadline (0 while not yet late). */
const daysOverdue = (h: Hazard, now: number) => Math.max(0, Math.floor((now - Date.parse(h.deadline)) / DAY));

/**
 * 挂牌督办: every flagged hazard not yet closed — each major one, and any still open days past its
 * deadline — across every school the user sees (a supervisor: all the schools supervised), the
 * oldest deadline first, with how many days late.
 */
export function SupervisedPage() {
  const t = useT();
  const navigate = useNavigate();
  const list = useQuery({ queryKey: [...queryKeys.hazards, 'supervised'], queryFn: getSupervised });
  const rows = list.data ?? [];
  const now = list.dataUpdatedAt || Date.now();
  const schools = new Set(rows.map((h) => h.schoolId)).size;

  const columns: TableColumnsType<Hazard> = [
    {
      title: t('hazards.col.school'),
      dataIndex: 'schoolName',
      width: 140,
      sorter: (a, b) => a.schoolName.localeCompare(b.schoolName, 'zh-CN'),
    },
    {
      title: t('hazards.col.no'),
      dataIndex: 'no',
      width: 150,
      render: (no: string, h) => <RowLink to={`/hazards/${h.id}`}>{no}</RowLink>,
    },
    {
      title: t('hazards.col.grade'),
      dataIndex: 'grade',
      width: 70,
      render: (g: Grade) => <GradeTag grade={g} />,
    },
    {
      title: t('hazards.col.title'),
      dataIndex: 'title',
      ellipsis: true,
      render: (title: string, h) => (
        <>
          <span title={title}>{title}</span>
          <Typography.Text type="secondary" className={shared.sub}>
            {[domainName(t, h.domain), whereOf(h)].filter(Boolean).join(' · ')}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('hazards.col.unit'),
      key: 'unit',
      width: 160,
      render: (_, h) => <UnitCell unit={h.unit} />,
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      width: 80,
      render: (_, h) => <StatusTag status={h.status} />,
    },
    {
      title: t('hazards.col.deadline'),
      key: 'deadline',
      width: 140,
      sorter: (a, b) => Date.parse(a.deadline) - Date.parse(b.deadline),
      defaultSortOrder: 'ascend',
      render: (_, h) => (
        <>
          {chinaDate(h.deadline)}
          <span className={shared.sub}>
            <Countdown dueAt={h.deadline} compact />
          </span>
        </>
      ),
    },
    {
      title: t('hazards.col.daysOverdue'),
      key: 'daysOverdue',
      width: 90,
      align: 'right',
      sorter: (a, b) => daysOverdue(a, now) - daysOverdue(b, now),
      render: (_, h) => {
        const days = daysOverdue(h, now);
        return days > 0 ? (
          <Typography.Text type="danger" strong data-testid="hazard-days-overdue">
            {t('hazards.supervised.days', { days })}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">{t('hazards.supervised.notLate')}</Typography.Text>
        );
      },
    },
  ];

  return (
    <Card>
      <Flex wrap gap={12} align="center" justify="space-between" className={shared.toolbar}>
        <Flex wrap gap={12} align="center">
          <Typography.Title level={4} className={shared.flat}>
            {t('hazards.supervised.title')}
          </Typography.Title>
          <Badge count={rows.length} showZero color={rows.length ? 'red' : 'gray'} />
          {schools > 1 && (
            <Typography.Text type="secondary">
              {t('hazards.supervised.schools', { count: schools })}
            </Typography.Text>
          )}
        </Flex>
        <Button
          icon={<ReloadOutlined />}
          loading={list.isFetching}
          onClick={() => void list.refetch()}
          aria-label={t('hazards.refresh')}
        />
      </Flex>
      <Typography.Paragraph type="secondary">{t('hazards.supervised.hint')}</Typography.Paragraph>
      {!!list.error && <Alert type="error" showIcon title={errorMessage(list.error, t)} />}
      <div data-testid="hazard-supervised-table">
        <Table<Hazard>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={list.isFetching}
          pagination={rows.length > 50 ? { pageSize: 50 } : false}
          scroll={{ x: 1050 }}
          rowClassName={shared.clickable}
          onRow={(h) => ({ onClick: () => void navigate(`/hazards/${h.id}`) })}
          locale={{ emptyText: t('hazards.supervised.empty') }}
        />
      </div>
    </Card>
  );
}
