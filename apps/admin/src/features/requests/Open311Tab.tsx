import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { queryKeys } from '../../api/keys';
import { FormModal } from '../../components/FormModal';
import { ListEmpty } from '../../components/ListEmpty';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/format';
import { addOpen311Client, getSettings, listOpen311Clients, revokeOpen311Client, saveSettings } from './api';
import styles from './requests.module.css';
import type { Open311Client } from './types';

/** The client's api_key, shown this once: the server keeps only a hash of it. */
function KeyModal({ name, apiKey, onClose }: { name: string; apiKey: string; onClose: () => void }) {
  const t = useT();
  return (
    <Modal
      open
      title={t('requests.open311.keyTitle')}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('requests.open311.keyDone')}
        </Button>
      }
    >
      <Space orientation="vertical" size={12}>
        <Alert type="warning" showIcon title={t('requests.open311.keyWarning')} />
        <Typography.Text>{t('requests.open311.keyFor', { name })}</Typography.Text>
        <Typography.Paragraph
          code
          copyable={{ text: apiKey }}
          data-testid="open311-key"
          className={styles.secret}
        >
          {apiKey}
        </Typography.Paragraph>
      </Space>
    </Modal>
  );
}

function AddClientModal({ schoolId, onClose }: { schoolId: string; onClose: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ name: string }>();
  const save = useMutation({
    mutationFn: (v: { name: string }) => addOpen311Client(schoolId, v.name.trim()),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.requestCatalogue }),
  });
  if (save.data) return <KeyModal name={save.data.client.name} apiKey={save.data.apiKey} onClose={onClose} />;
  return (
    <FormModal<{ name: string }>
      title={t('requests.open311.createTitle')}
      form={form}
      save={save}
      onClose={onClose}
    >
      <Form.Item
        name="name"
        label={t('requests.open311.name')}
        extra={t('requests.open311.nameHint')}
        rules={[{ required: true, whitespace: true, max: 60 }]}
      >
        <Input maxLength={60} data-testid="open311-name" />
      </Form.Item>
    </FormModal>
  );
}

/**
 * Whether Open311 clients without an api_key may read the school's public view (services and
 * requests without sealed ones, anonymous ones without text or position). Saved with the rest of
 * the school's request settings, which it leaves as they are.
 */
function PublicReadSwitch({ schoolId }: { schoolId: string }) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const key = [...queryKeys.requestCatalogue, 'settings', schoolId];
  const settings = useQuery({ queryKey: key, queryFn: () => getSettings(schoolId) });
  const save = useMutation({
    mutationFn: (on: boolean) =>
      saveSettings(schoolId, {
        calendar: settings.data!.calendar,
        weights: settings.data!.weights,
        open311PublicRead: on,
      }),
    onSuccess: (saved) => {
      queryClient.setQueryData(key, saved);
      void message.success(t('requests.open311.publicReadSaved'));
    },
    onError: (err) => void message.error(errorMessage(err, t)),
  });
  return (
    <Space className={styles.tabBar} align="start">
      <Switch
        checked={settings.data?.open311PublicRead ?? false}
        disabled={!settings.data}
        loading={settings.isFetching || save.isPending}
        onChange={(on) => save.mutate(on)}
        data-testid="open311-public-read"
      />
      <Space orientation="vertical" size={0}>
        <Typography.Text>{t('requests.open311.publicRead')}</Typography.Text>
        <Typography.Text type="secondary">{t('requests.open311.publicReadHint')}</Typography.Text>
      </Space>
    </Space>
  );
}

/** The systems that file and follow requests through the school's Open311 GeoReport v2 endpoint. */
export function Open311Tab({ schoolId }: { schoolId: string }) {
  const t = useT();
  const [adding, setAdding] = useState(false);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: revokeOpen311Client,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.requestCatalogue });
      void message.success(t('requests.open311.revoked'));
    },
    onError: (err) => void message.error(errorMessage(err, t)),
  });
  const list = useQuery({
    queryKey: [...queryKeys.requestCatalogue, 'open311', schoolId],
    queryFn: () => listOpen311Clients(schoolId),
  });
  const columns: TableColumnsType<Open311Client> = [
    { title: t('requests.open311.name'), dataIndex: 'name' },
    {
      title: t('common.status'),
      dataIndex: 'active',
      width: 100,
      render: (a: boolean) =>
        a ? <Tag color="green">{t('requests.category.on')}</Tag> : <Tag>{t('requests.category.off')}</Tag>,
    },
    {
      title: t('requests.open311.createdAt'),
      dataIndex: 'createdAt',
      width: 180,
      render: (v: string) => formatDateTime(v),
    },
    {
      title: '',
      key: 'revoke',
      width: 100,
      render: (_: unknown, c: Open311Client) =>
        c.active && (
          <Popconfirm
            title={t('requests.open311.revokeConfirm')}
            okText={t('requests.open311.revoke')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => revoke.mutate(c.id)}
          >
            <Button size="small" danger data-testid={`open311-revoke-${c.id}`}>
              {t('requests.open311.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];
  return (
    <>
      <PublicReadSwitch schoolId={schoolId} />
      <div className={styles.tabBar}>
        <Typography.Text type="secondary">{t('requests.open311.intro')}</Typography.Text>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setAdding(true)}
          data-testid="open311-create"
        >
          {t('requests.open311.create')}
        </Button>
      </div>
      {!!list.error && <Alert type="error" showIcon title={errorMessage(list.error, t)} />}
      <Table<Open311Client>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data ?? []}
        loading={list.isFetching}
        pagination={false}
        locale={{ emptyText: <ListEmpty filtered={false} emptyText={t('requests.open311.empty')} /> }}
      />
      {adding && <AddClientModal schoolId={schoolId} onClose={() => setAdding(false)} />}
    </>
  );
}
