import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Empty, Segmented, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useT } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/format';
import { getWarning, listRecipients, type WarningSummary } from './api';
import { DrillTag, SeverityTag, StateTag } from './labels';
import { WarningActions } from './WarningActions';

/** One warning: what it says, the steps, and once sent the summary by unit and who has not acknowledged. */
export function WarningDetailPage({ id }: { id: string }) {
  const t = useT();
  const key = ['warnings', 'detail', id] as const;
  const q = useQuery({ queryKey: key, queryFn: () => getWarning(id), refetchInterval: 10_000 });
  if (!q.data) return <Card loading={q.isLoading}>{q.isError && <Empty />}</Card>;
  const { warning: w, summary } = q.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={
          <Space>
            <SeverityTag severity={w.severity} />
            <DrillTag capStatus={w.capStatus} />
            <span data-testid="warning-headline">{w.headline}</span>
            <StateTag state={w.state} />
            {w.version > 0 && <Tag>{t('warnings.detail.version', { version: w.version })}</Tag>}
          </Space>
        }
        extra={<WarningActions warning={w} queryKey={key} />}
      >
        {w.source === 'cap' && w.state === 'draft' && (
          <Alert type="info" showIcon message={t('warnings.detail.fromCap')} />
        )}
        {w.capPending && (
          <Alert
            type="warning"
            showIcon
            message={t(
              w.capPending.msgType === 'Cancel'
                ? 'warnings.detail.capPendingCancel'
                : 'warnings.detail.capPendingUpdate',
            )}
          />
        )}
        {w.rejectReason && w.approval === 'rejected' && (
          <Alert type="error" showIcon message={t('warnings.detail.rejected', { reason: w.rejectReason })} />
        )}
        <Descriptions column={2} style={{ marginTop: 12 }}>
          <Descriptions.Item label={t('warnings.form.event')}>{w.event}</Descriptions.Item>
          <Descriptions.Item label={t('warnings.form.org')}>{w.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('warnings.form.urgency')}>
            {t(`warnings.urgency.${w.urgency}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('warnings.form.certainty')}>
            {t(`warnings.certainty.${w.certainty}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('warnings.form.areaDesc')}>{w.areaDesc}</Descriptions.Item>
          <Descriptions.Item label={t('warnings.col.approval')}>
            {t(`warnings.approval.${w.approval}`)}
            {w.decidedByName ? `（${w.decidedByName}）` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('warnings.col.sentAt')}>{formatDateTime(w.sentAt)}</Descriptions.Item>
          <Descriptions.Item label={t('warnings.form.expires')}>
            {formatDateTime(w.expires)}
          </Descriptions.Item>
          <Descriptions.Item label={t('warnings.form.description')} span={2}>
            {w.description}
          </Descriptions.Item>
          {w.instruction && (
            <Descriptions.Item label={t('warnings.form.instruction')} span={2}>
              {w.instruction}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      {summary && <SummaryCard id={id} summary={summary} />}
    </Space>
  );
}

function SummaryCard({ id, summary }: { id: string; summary: WarningSummary }) {
  const t = useT();
  const [state, setState] = useState<'all' | 'unacknowledged'>('unacknowledged');
  const [page, setPage] = useState(1);
  const people = useQuery({
    queryKey: ['warnings', 'recipients', id, state, page],
    queryFn: () => listRecipients(id, state === 'all' ? undefined : state, undefined, page),
  });
  const total = summary.total;
  return (
    <Card title={t('warnings.detail.summary')} data-testid="warning-summary">
      <Space size="large" wrap>
        <Statistic title={t('warnings.detail.sent')} value={total.sent} suffix={`/ ${total.recipients}`} />
        <Statistic title={t('warnings.col.delivered')} value={total.delivered} />
        <Statistic title={t('warnings.col.read')} value={total.read} />
        <Statistic
          title={t('warnings.col.acknowledged')}
          value={total.acknowledged}
          valueStyle={{ color: '#389e0d' }}
          data-testid="warning-acknowledged"
        />
      </Space>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('warnings.detail.byUnit')}
      </Typography.Title>
      <Table
        size="small"
        rowKey="unitId"
        pagination={false}
        dataSource={summary.units}
        data-testid="warning-units"
        columns={[
          { title: t('warnings.col.unit'), dataIndex: 'unitName' },
          { title: t('warnings.col.recipients'), dataIndex: 'recipients' },
          { title: t('warnings.col.delivered'), dataIndex: 'delivered' },
          { title: t('warnings.col.read'), dataIndex: 'read' },
          { title: t('warnings.col.acknowledged'), dataIndex: 'acknowledged' },
        ]}
      />
      <Space style={{ marginTop: 16 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('warnings.detail.recipients')}
        </Typography.Title>
        <Segmented
          value={state}
          onChange={(v) => {
            setState(v as 'all' | 'unacknowledged');
            setPage(1);
          }}
          options={[
            { value: 'unacknowledged', label: t('warnings.detail.unacknowledged') },
            { value: 'all', label: t('warnings.tab.all') },
          ]}
        />
      </Space>
      <Table
        size="small"
        rowKey="userId"
        loading={people.isLoading}
        dataSource={people.data?.items ?? []}
        locale={{ emptyText: t('warnings.detail.noneLeft') }}
        pagination={{ current: page, pageSize: 50, total: people.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: t('warnings.col.name'), dataIndex: 'name' },
          { title: t('warnings.col.unit'), dataIndex: 'unitName' },
          { title: t('warnings.col.deliveryState'), render: (_, p) => t(`warnings.delivery.${p.state}`) },
          { title: t('warnings.col.acknowledged'), render: (_, p) => formatDateTime(p.acknowledgedAt) },
        ]}
      />
    </Card>
  );
}
