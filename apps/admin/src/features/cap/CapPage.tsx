import { CAP_SEVERITIES } from '@anxiao/contracts';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useEffect, useState } from 'react';
import { queryKeys } from '../../api/keys';
import { useOrgs } from '../../api/orgs';
import { PagedTable, usePaging } from '../../components/PagedTable';
import { errorMessage, useT, type MessageKey } from '../../i18n/I18nProvider';
import { EMPTY, formatDateTime } from '../../lib/format';
import { useCan } from '../../session/CurrentUser';
import {
  listInbound,
  listRejects,
  listSubscriptions,
  pollNow,
  subscribe,
  unsubscribe,
  type Inbound,
  type Subscription,
} from './api';

const SUBSCRIBING_KINDS = ['school', 'education_bureau', 'stability_office', 'region'];

/**
 * 预警订阅: the CAP feeds a school (or its bureau) takes alerts from, the result of each feed's
 * last read and the documents it refused, and the alerts received. An alert covering a school
 * becomes a warning draft in the warnings module, for the office to confirm and send.
 */
export function CapPage() {
  const t = useT();
  const can = useCan();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const manage = can('cap.subscribe');
  const subs = useQuery({ queryKey: [...queryKeys.cap, 'subscriptions'], queryFn: listSubscriptions });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: queryKeys.cap });
  const onError = (err: unknown) => void message.error(errorMessage(err, t));
  const remove = useMutation({
    mutationFn: unsubscribe,
    onSuccess: () => {
      void message.success(t('cap.removed'));
      refresh();
    },
    onError,
  });
  const poll = useMutation({
    mutationFn: pollNow,
    onSuccess: () => void message.info(t('cap.pollQueued')),
    onError,
  });

  const columns: TableColumnsType<Subscription> = [
    { title: t('cap.name'), dataIndex: 'name', width: 180 },
    { title: t('cap.org'), dataIndex: 'orgName', width: 160, ellipsis: true },
    {
      title: t('cap.url'),
      dataIndex: 'url',
      ellipsis: true,
      render: (url: string) => <Typography.Text copyable={{ text: url }}>{url}</Typography.Text>,
    },
    {
      title: t('cap.lastFetch'),
      key: 'last',
      width: 260,
      render: (_, s) =>
        !s.lastFetchedAt ? (
          <Typography.Text type="secondary">{t('cap.neverFetched')}</Typography.Text>
        ) : (
          <Flex vertical>
            <span>{formatDateTime(s.lastFetchedAt)}</span>
            {s.lastResult === 'ok' ? (
              <Tag color="green">{t('cap.lastOk', { n: s.lastNew })}</Tag>
            ) : (
              <Typography.Text type="danger">
                {t('cap.lastError')}: {s.lastError ?? EMPTY}
              </Typography.Text>
            )}
          </Flex>
        ),
    },
    ...(manage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 200,
            render: (_: unknown, s: Subscription) => (
              <Flex gap={4}>
                <Button size="small" onClick={() => poll.mutate(s.id)}>
                  {t('cap.pollNow')}
                </Button>
                <Popconfirm title={t('cap.removeConfirm')} onConfirm={() => remove.mutate(s.id)}>
                  <Button size="small" danger>
                    {t('cap.remove')}
                  </Button>
                </Popconfirm>
              </Flex>
            ),
          },
        ]
      : []),
  ];

  return (
    <Flex vertical gap={16}>
      <Card
        title={t('cap.subscriptions')}
        extra={
          manage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              {t('cap.add')}
            </Button>
          )
        }
      >
        <Typography.Paragraph type="secondary">{t('cap.subscriptionsHint')}</Typography.Paragraph>
        <Table<Subscription>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={subs.data}
          loading={subs.isFetching}
          pagination={false}
          expandable={{ expandedRowRender: (s) => <Rejects id={s.id} /> }}
        />
      </Card>
      <InboundCard />
      {adding && (
        <AddModal
          onClose={() => setAdding(false)}
          onAdded={() => {
            setAdding(false);
            void message.success(t('cap.added'));
            refresh();
          }}
        />
      )}
    </Flex>
  );
}

function Rejects({ id }: { id: string }) {
  const t = useT();
  const list = useQuery({ queryKey: [...queryKeys.cap, 'rejects', id], queryFn: () => listRejects(id) });
  if (!list.data) return null;
  if (!list.data.length) return <Typography.Text type="secondary">{t('cap.noRejects')}</Typography.Text>;
  return (
    <Flex vertical gap={4}>
      <Typography.Text strong>{t('cap.rejects')}</Typography.Text>
      {list.data.map((r) => (
        <Typography.Text key={r.url}>
          {formatDateTime(r.at)} · <Tag color="red">{t(`cap.reason.${r.reason}`)}</Tag>
          <Typography.Text code>{r.url}</Typography.Text> {r.detail}
        </Typography.Text>
      ))}
    </Flex>
  );
}

function InboundCard() {
  const t = useT();
  const paging = usePaging();
  const list = useQuery({
    queryKey: [...queryKeys.cap, 'inbound', paging.page, paging.pageSize],
    queryFn: () => listInbound(paging.page, paging.pageSize),
    placeholderData: keepPreviousData,
  });
  const columns: TableColumnsType<Inbound> = [
    { title: t('cap.col.sent'), dataIndex: 'sent', width: 160, render: (v: string) => formatDateTime(v) },
    {
      title: t('cap.col.msgType'),
      key: 'type',
      width: 120,
      render: (_, a) => (
        <>
          <Tag color={a.msgType === 'Cancel' ? 'default' : a.msgType === 'Update' ? 'blue' : 'red'}>
            {t(`cap.msgType.${a.msgType}`)}
          </Tag>
          {(a.status === 'Exercise' || a.status === 'Test') && <Tag>{t(`cap.status.${a.status}`)}</Tag>}
        </>
      ),
    },
    { title: t('cap.col.headline'), dataIndex: 'headline', ellipsis: true },
    {
      title: t('cap.col.severity'),
      dataIndex: 'severity',
      width: 150,
      // the warning colours a school knows (红橙黄蓝), as on the warnings pages
      render: (s: string) =>
        (CAP_SEVERITIES as readonly string[]).includes(s) ? t(`warnings.colour.${s}` as MessageKey) : s,
    },
    { title: t('cap.col.area'), dataIndex: 'areaDesc', width: 160, ellipsis: true },
    { title: t('cap.col.schools'), dataIndex: 'schoolCount', width: 90 },
    { title: t('cap.col.source'), dataIndex: 'subscriptionName', width: 160, ellipsis: true },
  ];
  return (
    <Card title={t('cap.inbound')}>
      <PagedTable<Inbound>
        list={list}
        paging={paging}
        columns={columns}
        locale={{ emptyText: t('cap.empty') }}
      />
    </Card>
  );
}

function AddModal({ onClose, onAdded }: { onClose: () => void; onAdded: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ orgId: string; name: string; url: string }>();
  const orgs = useOrgs();
  const options = (orgs.data ?? [])
    .filter((o) => SUBSCRIBING_KINDS.includes(o.kind))
    .map((o) => ({ value: o.id, label: o.name }));
  const add = useMutation({ mutationFn: subscribe, onSuccess: onAdded });
  // The organisations load after the dialog opens: the first one is chosen once they are there.
  const first = options[0]?.value;
  useEffect(() => {
    if (first && !form.getFieldValue('orgId')) form.setFieldValue('orgId', first);
  }, [first, form]);
  return (
    <Modal
      open
      title={t('cap.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={add.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => add.mutate(v)}>
        <Form.Item name="orgId" label={t('cap.org')} rules={[{ required: true }]}>
          <Select options={options} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
        <Form.Item name="name" label={t('cap.name')} rules={[{ required: true, max: 100 }]}>
          <Input placeholder="东营市气象台预警" />
        </Form.Item>
        <Form.Item
          name="url"
          label={t('cap.url')}
          extra={t('cap.urlRule')}
          rules={[
            { required: true, max: 2000 },
            {
              validator: async (_, v: string | undefined) => {
                if (!v) return;
                let ok: boolean;
                try {
                  const u = new URL(v);
                  ok = (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password;
                } catch {
                  ok = false;
                }
                if (!ok) throw new Error(t('cap.urlRule'));
              },
            },
          ]}
        >
          <Input placeholder="https://example.cn/cap/feed.atom" />
        </Form.Item>
        {add.error && <Typography.Text type="danger">{errorMessage(add.error, t)}</Typography.Text>}
      </Form>
    </Modal>
  );
}
