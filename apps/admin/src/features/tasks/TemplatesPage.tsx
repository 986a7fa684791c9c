import { CopyOutlined, EditOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Drawer,
  Empty,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useMemo, useState } from 'react';
import { RISK_DOMAINS, type RiskDomain } from '../../api/types';
import { ListToolbar } from '../../components/ListToolbar';
import shared from '../../components/page.module.css';
import { SchoolSelect, useSchool } from '../../components/SchoolSelect';
import { errorMessage, useT, type Translate } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/format';
import { useTaskRights, useTemplates } from './hooks';
import { KindTag } from './tags';
import { TemplateEditor, type EditorMode } from './TemplateEditor';
import { TASK_KINDS, type ChecklistItem, type TaskKind, type TaskTemplate } from './types';

/** What makes an item fail, in a few words. */
function failText(t: Translate, i: ChecklistItem): string {
  switch (i.type) {
    case 'yes_no':
      return t('tasks.rule.failOn', { answer: t(`tasks.answer.${i.failOn ?? 'no'}`) });
    case 'number':
      return i.min !== undefined || i.max !== undefined
        ? t('tasks.rule.range', { min: i.min ?? '', max: i.max ?? '' })
        : '';
    case 'choice':
      return (i.options ?? []).map((o) => (o.fails ? `${o.label}✗` : o.label)).join(' / ');
    case 'text':
    case 'photo':
    case 'signature':
      return '';
  }
}

/** A template's checklist, read only. */
function ItemsTable({ items }: { items: ChecklistItem[] }) {
  const t = useT();
  const columns: TableColumnsType<ChecklistItem> = [
    { title: '#', key: 'no', width: 40, render: (_, __, i) => i + 1 },
    {
      title: t('tasks.editor.prompt'),
      dataIndex: 'prompt',
      render: (p: string, i) => (
        <>
          {p}
          {i.required && <Typography.Text type="danger"> *</Typography.Text>}
          <Typography.Text type="secondary" className={shared.sub}>
            {i.code}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('tasks.editor.type'),
      dataIndex: 'type',
      width: 80,
      render: (x: ChecklistItem['type']) => t(`tasks.itemType.${x}`),
    },
    {
      title: t('tasks.editor.failRule'),
      key: 'fail',
      width: 180,
      render: (_, i) => (
        <>
          {failText(t, i)}
          {i.allowNa && <Tag className={shared.section}>{t('tasks.editor.allowNa')}</Tag>}
          {i.photoOnFail && <Tag color="orange">{t('tasks.editor.photoOnFail')}</Tag>}
        </>
      ),
    },
    { title: t('tasks.editor.points'), dataIndex: 'points', width: 60, align: 'right' },
  ];
  return (
    <Table<ChecklistItem>
      rowKey="code"
      size="small"
      columns={columns}
      dataSource={items}
      pagination={false}
    />
  );
}

/**
 * 检查模板: a school's task templates (the seeded library, one per risk domain, and the school's
 * own) by kind and domain. Each can be viewed; those who manage tasks copy one to a new template
 * or edit it (name, domain, active, the checklist).
 */
export function TemplatesPage() {
  const t = useT();
  const rights = useTaskRights();
  const [schoolId, setSchool, schools] = useSchool();
  const templates = useTemplates(schoolId);
  const [kind, setKind] = useState<TaskKind>();
  const [domain, setDomain] = useState<RiskDomain>();
  const [q, setQ] = useState('');
  const [viewing, setViewing] = useState<TaskTemplate | null>(null);
  const [editor, setEditor] = useState<EditorMode | null>(null);

  const rows = useMemo(
    () =>
      (templates.data ?? []).filter(
        (x) =>
          (!kind || x.kind === kind) &&
          (!domain || x.domain === domain) &&
          (!q || x.name.includes(q) || x.code.toLowerCase().includes(q.toLowerCase())),
      ),
    [templates.data, kind, domain, q],
  );

  const columns: TableColumnsType<TaskTemplate> = [
    {
      title: t('tasks.template.name'),
      dataIndex: 'name',
      render: (name: string, x) => (
        <>
          <a onClick={() => setViewing(x)}>{name}</a>
          <Typography.Text type="secondary" className={shared.sub}>
            {x.code}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('tasks.template.kind'),
      dataIndex: 'kind',
      width: 130,
      render: (k: TaskKind) => <KindTag kind={k} />,
    },
    {
      title: t('tasks.template.domain'),
      dataIndex: 'domain',
      width: 140,
      render: (d: RiskDomain | null) =>
        d ? (
          t(`riskDomain.${d}`)
        ) : (
          <Typography.Text type="secondary">{t('tasks.template.noDomain')}</Typography.Text>
        ),
    },
    {
      title: t('tasks.template.items'),
      key: 'items',
      width: 80,
      align: 'right',
      render: (_, x) => x.items.length,
    },
    {
      title: t('common.status'),
      dataIndex: 'active',
      width: 80,
      render: (a: boolean) =>
        a ? <Tag color="green">{t('status.active')}</Tag> : <Tag>{t('status.disabled')}</Tag>,
    },
    {
      title: t('tasks.template.updatedAt'),
      dataIndex: 'updatedAt',
      width: 170,
      render: (v: string) => formatDateTime(v),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: rights.manage ? 210 : 80,
      render: (_, x) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<EyeOutlined />} onClick={() => setViewing(x)}>
            {t('tasks.template.view')}
          </Button>
          {rights.manage && (
            <>
              <Button
                type="link"
                size="small"
                icon={<CopyOutlined />}
                onClick={() => setEditor({ kind: 'copy', from: x })}
              >
                {t('tasks.template.copy')}
              </Button>
              <Button
                type="link"
                size="small"
                icon={<EditOutlined />}
                onClick={() => setEditor({ kind: 'edit', template: x })}
                data-testid={`template-edit-${x.code}`}
              >
                {t('common.edit')}
              </Button>
            </>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card>
      <ListToolbar
        resetKey={schoolId}
        actions={
          rights.manage &&
          schoolId && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditor({ kind: 'create' })}>
              {t('tasks.template.create')}
            </Button>
          )
        }
      >
        <SchoolSelect value={schoolId} onChange={setSchool} schools={schools} />
        <Input.Search
          allowClear
          placeholder={t('tasks.template.search')}
          style={{ width: 200 }}
          onSearch={(v) => setQ(v.trim())}
        />
        <Select<TaskKind>
          allowClear
          placeholder={t('tasks.template.kind')}
          style={{ width: 150 }}
          value={kind}
          onChange={setKind}
          options={TASK_KINDS.map((k) => ({ value: k, label: t(`tasks.kind.${k}`) }))}
        />
        <Select<RiskDomain>
          allowClear
          placeholder={t('tasks.template.domain')}
          style={{ width: 150 }}
          value={domain}
          onChange={setDomain}
          showSearch={{ optionFilterProp: 'label' }}
          options={RISK_DOMAINS.map((d) => ({ value: d, label: t(`riskDomain.${d}`) }))}
        />
      </ListToolbar>
      {!schoolId && <Empty description={t('tasks.noSchool')} />}
      {!!templates.error && <Alert type="error" showIcon title={errorMessage(templates.error, t)} />}
      <div data-testid="task-template-table">
        <Table<TaskTemplate>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={templates.isFetching}
          pagination={rows.length > 50 ? { pageSize: 50 } : false}
          scroll={{ x: 1000 }}
          locale={{ emptyText: t('tasks.template.empty') }}
        />
      </div>
      <Drawer
        open={!!viewing}
        size={760}
        title={viewing?.name}
        onClose={() => setViewing(null)}
        extra={
          viewing &&
          rights.manage && (
            <Space>
              <Button
                icon={<CopyOutlined />}
                onClick={() => {
                  setEditor({ kind: 'copy', from: viewing });
                  setViewing(null);
                }}
              >
                {t('tasks.template.copy')}
              </Button>
              <Button
                icon={<EditOutlined />}
                onClick={() => {
                  setEditor({ kind: 'edit', template: viewing });
                  setViewing(null);
                }}
              >
                {t('common.edit')}
              </Button>
            </Space>
          )
        }
      >
        {viewing && (
          <>
            <Space wrap className={shared.toolbar}>
              <KindTag kind={viewing.kind} />
              {viewing.domain && <Tag>{t(`riskDomain.${viewing.domain}`)}</Tag>}
              <Typography.Text type="secondary">
                {viewing.code} · v{viewing.version}
              </Typography.Text>
            </Space>
            <ItemsTable items={viewing.items} />
          </>
        )}
      </Drawer>
      {editor && schoolId && (
        <TemplateEditor schoolId={schoolId} mode={editor} onClose={() => setEditor(null)} />
      )}
    </Card>
  );
}
