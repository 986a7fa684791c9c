import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
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
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { errorMessage, useI18n, type MessageKey } from '../../i18n/I18nProvider';
import { EMPTY, formatDateTime } from '../../lib/format';
import {
  deleteTemplate,
  listTemplates,
  saveTemplate,
  templatesKey,
  type NotifyTemplate,
  type NotifyTemplateInput,
} from './api';

const SEVERITIES = ['alarm', 'urgent', 'normal', 'digest'] as const;

interface Values {
  provider: string;
  noticeKind?: string;
  severity?: NotifyTemplate['severity'];
  templateCode: string;
  /** one parameter a line: name=text with {title} {body} {link} {data.x} */
  params: string;
}

const paramsText = (p: Record<string, string>) =>
  Object.entries(p)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');

function toInput(v: Values): NotifyTemplateInput {
  const params = Object.fromEntries(
    v.params
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const i = line.indexOf('=');
        return i < 0 ? [line, ''] : [line.slice(0, i).trim(), line.slice(i + 1).trim()];
      }),
  );
  return {
    provider: v.provider,
    noticeKind: v.noticeKind?.trim() || null,
    severity: v.noticeKind?.trim() ? null : (v.severity ?? null),
    templateCode: v.templateCode.trim(),
    params,
  };
}

/** 通知模板: the SMS and voice templates registered with each provider (the platform's administrators). */
export function TemplatesPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [editing, setEditing] = useState<boolean>(false);
  const list = useQuery({ queryKey: templatesKey, queryFn: listTemplates });
  const done = () => void qc.invalidateQueries({ queryKey: templatesKey });
  const save = useMutation({
    mutationFn: (v: Values) => saveTemplate(toInput(v)),
    onSuccess: () => {
      done();
      setEditing(false);
      void message.success(t('common.saved'));
    },
    onError: (e) => void message.error(errorMessage(e, t)),
  });
  const remove = useMutation({
    mutationFn: deleteTemplate,
    onSuccess: done,
    onError: (e) => void message.error(errorMessage(e, t)),
  });
  const open = (tpl?: NotifyTemplate) => {
    form.resetFields();
    if (tpl)
      form.setFieldsValue({
        provider: tpl.provider,
        noticeKind: tpl.noticeKind ?? undefined,
        severity: tpl.severity ?? undefined,
        templateCode: tpl.templateCode,
        params: paramsText(tpl.params),
      });
    setEditing(true);
  };

  const columns: TableColumnsType<NotifyTemplate> = [
    { title: t('notify.col.provider'), dataIndex: 'provider', width: 140 },
    {
      title: t('notify.tpl.appliesTo'),
      key: 'for',
      render: (_, r) =>
        r.noticeKind ? (
          <Tag>{r.noticeKind}</Tag>
        ) : (
          <Tag color="blue">
            {t('notify.tpl.fallback', { severity: t(`notify.severity.${r.severity}` as MessageKey) })}
          </Tag>
        ),
    },
    { title: t('notify.tpl.code'), dataIndex: 'templateCode', width: 160 },
    {
      title: t('notify.tpl.params'),
      dataIndex: 'params',
      render: (p: Record<string, string>) => paramsText(p) || EMPTY,
    },
    { title: t('notify.col.createdAt'), dataIndex: 'updatedAt', width: 160, render: formatDateTime },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 140,
      render: (_, r) => (
        <Flex gap={8}>
          <Button size="small" onClick={() => open(r)}>
            {t('common.edit')}
          </Button>
          <Popconfirm title={t('notify.tpl.deleteConfirm')} onConfirm={() => remove.mutate(r.id)}>
            <Button size="small" danger>
              {t('notify.tpl.delete')}
            </Button>
          </Popconfirm>
        </Flex>
      ),
    },
  ];

  const providers = list.data?.providers ?? [];
  return (
    <Card
      title={t('menu.notifyTemplates')}
      extra={
        <Button type="primary" onClick={() => open()}>
          {t('notify.tpl.add')}
        </Button>
      }
    >
      <Table<NotifyTemplate>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items}
        columns={columns}
        pagination={false}
      />
      <Modal
        open={editing}
        title={t('notify.tpl.add')}
        onCancel={() => setEditing(false)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        destroyOnHidden
      >
        <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="provider" label={t('notify.col.provider')} rules={[{ required: true }]}>
            <Select
              options={providers
                .filter((p) => p.needsTemplate)
                .map((p) => ({
                  value: p.provider,
                  label: `${p.provider}（${t(`notify.channel.${p.kind}` as MessageKey)}）`,
                }))}
            />
          </Form.Item>
          <Form.Item name="noticeKind" label={t('notify.tpl.kind')} extra={t('notify.tpl.kindHint')}>
            <Input maxLength={80} allowClear />
          </Form.Item>
          <Form.Item name="severity" label={t('notify.col.severity')}>
            <Select
              allowClear
              options={SEVERITIES.map((s) => ({ value: s, label: t(`notify.severity.${s}` as MessageKey) }))}
            />
          </Form.Item>
          <Form.Item name="templateCode" label={t('notify.tpl.code')} rules={[{ required: true, max: 80 }]}>
            <Input />
          </Form.Item>
          <Form.Item
            name="params"
            label={t('notify.tpl.params')}
            extra={t('notify.tpl.paramsHint')}
            initialValue=""
          >
            <Input.TextArea rows={4} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
