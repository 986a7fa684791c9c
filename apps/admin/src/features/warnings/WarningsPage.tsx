import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Segmented, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useT } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/format';
import { useCan } from '../../session/CurrentUser';
import { listWarnings, type Warning } from './api';
import { ComposePage } from './ComposePage';
import { SeverityTag, StateTag, DrillTag } from './labels';
import { WarningDetailPage } from './WarningDetailPage';

export const warningsKey = ['warnings'] as const;

/** 预警发布: the list (or the approval queue), /warnings/new to write one, /warnings/<id> for one. */
export function WarningsPage() {
  const rest = useParams()['*'] || '';
  if (rest === 'new') return <ComposePage />;
  if (rest) return <WarningDetailPage id={rest} />;
  return <WarningList />;
}

function WarningList() {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const [tab, setTab] = useState<'all' | 'approvals'>('all');
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: [...warningsKey, 'list', tab, page],
    queryFn: () => listWarnings(tab === 'approvals' ? 'pending' : undefined, page, 20),
    refetchInterval: 15_000,
  });
  const items = (q.data?.items ?? []).filter((w) => tab === 'all' || w.actions.includes('approve'));
  return (
    <Card
      title={t('menu.warnings')}
      extra={
        can('warning.send') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/warnings/new')}>
            {t('warnings.new')}
          </Button>
        )
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Segmented
          value={tab}
          onChange={(v) => {
            setTab(v as 'all' | 'approvals');
            setPage(1);
          }}
          options={[
            { value: 'all', label: t('warnings.tab.all') },
            { value: 'approvals', label: t('warnings.tab.approvals') },
          ]}
        />
        <Table<Warning>
          rowKey="id"
          data-testid="warnings-list"
          loading={q.isLoading}
          dataSource={items}
          onRow={(w) => ({ onClick: () => void navigate(`/warnings/${w.id}`), style: { cursor: 'pointer' } })}
          pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: setPage }}
          columns={[
            {
              title: t('warnings.col.headline'),
              render: (_, w) => (
                <Space>
                  <DrillTag capStatus={w.capStatus} />
                  <Typography.Text strong>{w.headline}</Typography.Text>
                </Space>
              ),
            },
            { title: t('warnings.col.level'), render: (_, w) => <SeverityTag severity={w.severity} /> },
            { title: t('warnings.col.state'), render: (_, w) => <StateTag state={w.state} /> },
            { title: t('warnings.col.approval'), render: (_, w) => t(`warnings.approval.${w.approval}`) },
            { title: t('warnings.col.from'), dataIndex: 'orgName' },
            {
              title: t('warnings.col.acknowledged'),
              render: (_, w) =>
                w.counts.recipients ? `${w.counts.acknowledged} / ${w.counts.recipients}` : '—',
            },
            { title: t('warnings.col.sentAt'), render: (_, w) => formatDateTime(w.sentAt) },
          ]}
        />
      </Space>
    </Card>
  );
}
