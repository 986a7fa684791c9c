import { Card, Col, Row, Table, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { useT } from '../../i18n/I18nProvider';
import { chinaDate } from '../../lib/deadline';
import { EMPTY } from '../../lib/format';
import { GradeTag } from './tags';
import type { Grade, Monthly } from './types';

/** The monthly report's lists (MonthlyPage.tsx): the overdue hazards and the repeated ones. */

type OverdueRow = Monthly['overdueList'][number];
type RepeatRow = Monthly['repeatList'][number];

export function MonthlyLists({ monthly: m }: { monthly: Monthly }) {
  const t = useT();
  const overdueColumns: TableColumnsType<OverdueRow> = [
    {
      title: t('hazards.col.no'),
      dataIndex: 'no',
      width: 150,
      render: (no: string) => <Link to={`/hazards?q=${no}`}>{no}</Link>,
    },
    { title: t('hazards.col.title'), dataIndex: 'title', ellipsis: true },
    {
      title: t('hazards.col.grade'),
      dataIndex: 'grade',
      width: 80,
      render: (g: Grade) => <GradeTag grade={g} />,
    },
    {
      title: t('hazards.col.deadline'),
      dataIndex: 'deadline',
      width: 110,
      render: (d: string) => chinaDate(d),
    },
    { title: t('hazards.col.unit'), dataIndex: 'unit', width: 150, ellipsis: true },
  ];
  const repeatColumns: TableColumnsType<RepeatRow> = [
    {
      title: t('hazards.col.no'),
      dataIndex: 'no',
      width: 150,
      render: (no: string) => <Link to={`/hazards?q=${no}`}>{no}</Link>,
    },
    { title: t('hazards.col.title'), dataIndex: 'title', ellipsis: true },
    {
      title: t('hazards.field.place'),
      dataIndex: 'placeName',
      width: 160,
      ellipsis: true,
      render: (p: string | null) => p ?? EMPTY,
    },
  ];

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <Card size="small" title={t('hazards.monthly.overdueList', { count: m.overdueList.length })}>
          <Table<OverdueRow>
            rowKey="no"
            size="small"
            columns={overdueColumns}
            dataSource={m.overdueList}
            pagination={m.overdueList.length > 10 ? { pageSize: 10 } : false}
            locale={{ emptyText: t('hazards.monthly.noOverdue') }}
            data-testid="monthly-overdue"
          />
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Card size="small" title={t('hazards.monthly.repeatList', { count: m.repeatList.length })}>
          <Table<RepeatRow>
            rowKey="no"
            size="small"
            columns={repeatColumns}
            dataSource={m.repeatList}
            pagination={m.repeatList.length > 10 ? { pageSize: 10 } : false}
            locale={{ emptyText: t('hazards.monthly.noRepeats') }}
            data-testid="monthly-repeats"
          />
        </Card>
      </Col>
    </Row>
  );
}
