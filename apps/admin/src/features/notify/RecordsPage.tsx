import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  Select,
  Spin,
  Tag,
  Timeline,
  Typography,
  type TableColumnsType,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { PagedTable, usePaging } from '../../components/PagedTable';
import { errorMessage, useI18n, type MessageKey } from '../../i18n/I18nProvider';
import { EMPTY, formatDateTime } from '../../lib/format';
import {
  getRecord,
  listRecords,
  notifyKeys,
  retryRecord,
  type NotifyAttempt,
  type NotifyRecord,
  type RecordFilters,
} from './api';

const STATES = ['queued', 'sent', 'delivered', 'read', 'acknowledged', 'failed'] as const;
const CHANNELS = ['inapp', 'sms', 'voice', 'wecom', 'dingtalk', 'feishu', 'email'] as const;
const SEVERITIES = ['alarm', 'urgent', 'normal', 'digest'] as const;

const STATE_COLOR: Record<NotifyRecord['state'], string> = {
  queued: 'default',
  sent: 'blue',
  delivered: 'cyan',
  read: 'green',
  acknowledged: 'green',
  failed: 'red',
};
const SEVERITY_COLOR: Record<NotifyRecord['severity'], string> = {
  alarm: 'red',
  urgent: 'orange',
  normal: 'blue',
  digest: 'default',
};
const ATTEMPT_COLOR: Record<NotifyAttempt['state'], string> = {
  sending: 'gray',
  sent: 'blue',
  delivered: 'green',
  failed: 'red',
};

interface FilterValues {
  state?: RecordFilters['state'];
  channel?: RecordFilters['channel'];
  severity?: RecordFilters['severity'];
  kind?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

function toFilters(v: FilterValues): Partial<RecordFilters> {
  const [from, to] = v.range ?? [null, null];
  return {
    state: v.state,
    channel: v.channel,
    severity: v.severity,
    kind: v.kind?.trim() || undefined,
    from: from?.format('YYYY-MM-DD'),
    to: to?.format('YYYY-MM-DD'),
  };
}

/** 发送记录: every message to the people of one's organisations, its state and its failover path. */
export function RecordsPage() {
  const { t } = useI18n();
  const [form] = Form.useForm<FilterValues>();
  const paging = usePaging<RecordFilters>();
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery({
    queryKey: [...notifyKeys.records, paging.filters, paging.page, paging.pageSize],
    queryFn: () => listRecords(paging.filters, paging.page, paging.pageSize),
    placeholderData: keepPreviousData,
  });
  const label = (key: string) => t(key as MessageKey);

  const columns: TableColumnsType<NotifyRecord> = [
    { title: t('notify.col.createdAt'), dataIndex: 'createdAt', width: 150, render: formatDateTime },
    {
      title: t('notify.col.person'),
      dataIndex: 'userName',
      width: 140,
      render: (n: string | null) => n ?? EMPTY,
    },
    {
      title: t('notify.col.title'),
      dataIndex: 'title',
      render: (title: string, r) => (
        <Typography.Link onClick={() => setOpen(r.id)} data-testid="notify-record">
          {title}
        </Typography.Link>
      ),
    },
    {
      title: t('notify.col.severity'),
      dataIndex: 'severity',
      width: 80,
      render: (s: NotifyRecord['severity']) => (
        <Tag color={SEVERITY_COLOR[s]}>{label(`notify.severity.${s}`)}</Tag>
      ),
    },
    {
      title: t('notify.col.channel'),
      dataIndex: 'channel',
      width: 90,
      render: (c: string) => label(`notify.channel.${c}`),
    },
    {
      title: t('notify.col.state'),
      dataIndex: 'state',
      width: 80,
      render: (s: NotifyRecord['state']) => <Tag color={STATE_COLOR[s]}>{label(`notify.state.${s}`)}</Tag>,
    },
    {
      title: t('notify.col.provider'),
      dataIndex: 'provider',
      width: 110,
      render: (p: string | null) => p ?? EMPTY,
    },
    { title: t('notify.col.to'), dataIndex: 'to', width: 120, render: (to: string | null) => to ?? EMPTY },
  ];

  return (
    <Card>
      <Form<FilterValues>
        form={form}
        layout="inline"
        style={{ rowGap: 8, marginBottom: 16 }}
        onFinish={(v) => {
          paging.setFilters(toFilters(v));
          paging.setPage(1);
        }}
      >
        <Form.Item name="state">
          <Select
            allowClear
            placeholder={t('notify.col.state')}
            style={{ width: 120 }}
            options={STATES.map((s) => ({ value: s, label: label(`notify.state.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="channel">
          <Select
            allowClear
            placeholder={t('notify.col.channel')}
            style={{ width: 130 }}
            options={CHANNELS.map((c) => ({ value: c, label: label(`notify.channel.${c}`) }))}
          />
        </Form.Item>
        <Form.Item name="severity">
          <Select
            allowClear
            placeholder={t('notify.col.severity')}
            style={{ width: 110 }}
            options={SEVERITIES.map((s) => ({ value: s, label: label(`notify.severity.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="kind">
          <Input allowClear maxLength={80} placeholder={t('notify.filter.kind')} style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="range">
          <DatePicker.RangePicker placeholder={[t('notify.filter.from'), t('notify.filter.to')]} />
        </Form.Item>
        <Flex gap={8}>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              paging.clearFilters();
            }}
          >
            {t('common.reset')}
          </Button>
        </Flex>
      </Form>
      <PagedTable<NotifyRecord> list={list} paging={paging} columns={columns} scroll={{ x: 960 }} />
      <RecordDrawer id={open} onClose={() => setOpen(null)} />
    </Card>
  );
}

/** One delivery: what was sent to whom, and each provider tried in turn (the failover path). */
function RecordDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t, tCode } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const label = (key: string) => t(key as MessageKey);
  const record = useQuery({
    queryKey: notifyKeys.record(id ?? ''),
    queryFn: () => getRecord(id!),
    enabled: !!id,
  });
  const retry = useMutation({
    mutationFn: () => retryRecord(id!),
    onSuccess: (r) => {
      qc.setQueryData(notifyKeys.record(r.id), r);
      void qc.invalidateQueries({ queryKey: notifyKeys.records });
      void message.success(t('notify.retried'));
    },
    onError: (e) => void message.error(errorMessage(e, t)),
  });
  const r = record.data;
  return (
    <Drawer open={!!id} onClose={onClose} width={560} title={t('notify.detail.title')} destroyOnHidden>
      {record.isLoading && <Spin />}
      {!!record.error && <Alert type="error" showIcon title={errorMessage(record.error, t)} />}
      {r && (
        <Flex vertical gap={16}>
          <Descriptions column={1} size="small" bordered styles={{ label: { width: 96 } }}>
            <Descriptions.Item label={t('notify.col.title')}>{r.title}</Descriptions.Item>
            <Descriptions.Item label={t('notify.col.person')}>{r.userName ?? EMPTY}</Descriptions.Item>
            <Descriptions.Item label={t('notify.col.channel')}>
              {label(`notify.channel.${r.channel}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('notify.col.severity')}>
              {label(`notify.severity.${r.severity}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('notify.col.state')}>
              <Tag color={STATE_COLOR[r.state]}>{label(`notify.state.${r.state}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('notify.col.to')}>{r.to ?? EMPTY}</Descriptions.Item>
            <Descriptions.Item label={t('notify.col.reason')}>{r.reason ?? EMPTY}</Descriptions.Item>
            <Descriptions.Item label={t('notify.col.createdAt')}>
              {formatDateTime(r.createdAt)}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5}>{t('notify.detail.path')}</Typography.Title>
          {r.attempts.length === 0 ? (
            <Typography.Text type="secondary">{t('notify.detail.noAttempts')}</Typography.Text>
          ) : (
            <Timeline
              items={r.attempts.map((a) => ({
                color: ATTEMPT_COLOR[a.state],
                content: (
                  <div data-testid="notify-attempt">
                    <Typography.Text strong>
                      {t('notify.detail.step', { n: a.step, provider: a.provider })}
                    </Typography.Text>{' '}
                    <Tag color={ATTEMPT_COLOR[a.state]}>{label(`notify.attempt.${a.state}`)}</Tag>
                    {a.answered !== null && (
                      <Tag>{a.answered ? t('notify.detail.answered') : t('notify.detail.notAnswered')}</Tag>
                    )}
                    <div>{a.to ?? EMPTY}</div>
                    {a.templateCode && <div>{t('notify.detail.template', { code: a.templateCode })}</div>}
                    {a.code && <div>{t('notify.detail.code', { code: tCode('notify.code', a.code) })}</div>}
                    {a.reason && <Typography.Text type="danger">{a.reason}</Typography.Text>}
                    {a.sentAt && <div>{t('notify.detail.sentAt', { time: formatDateTime(a.sentAt) })}</div>}
                    {a.receiptAt && (
                      <div>{t('notify.detail.receiptAt', { time: formatDateTime(a.receiptAt) })}</div>
                    )}
                  </div>
                ),
              }))}
            />
          )}
          {r.state === 'failed' && r.channel !== 'inapp' && (
            <Button type="primary" loading={retry.isPending} onClick={() => retry.mutate()}>
              {t('notify.retry')}
            </Button>
          )}
        </Flex>
      )}
    </Drawer>
  );
}
