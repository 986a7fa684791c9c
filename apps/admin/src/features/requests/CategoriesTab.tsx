import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { editColumn } from '../../components/editColumn';
import { ListEmpty } from '../../components/ListEmpty';
import shared from '../../components/page.module.css';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { CategoryFormModal } from './CategoryFormModal';
import { durationText } from './DurationField';
import { useCategories } from './hooks';
import styles from './requests.module.css';
import type { RequestCategory } from './types';

type Dialog = { kind: 'create' } | { kind: 'edit'; category: RequestCategory };

/** The school's categories with their deadlines and questions; add and change them. */
export function CategoriesTab({ schoolId }: { schoolId: string }) {
  const t = useT();
  const list = useCategories(schoolId);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const categories = [...(list.data ?? [])].sort(
    (a, b) => a.groupName.localeCompare(b.groupName, 'zh-CN') || a.sortOrder - b.sortOrder,
  );
  const groups = [...new Set(categories.map((c) => c.groupName))];

  const columns: TableColumnsType<RequestCategory> = [
    { title: t('requests.category.code'), dataIndex: 'code', width: 110 },
    {
      title: t('requests.category.name'),
      key: 'name',
      width: 200,
      render: (_, c) => (
        <>
          {c.name}
          {c.description && (
            <Typography.Text type="secondary" className={shared.sub} ellipsis={{ tooltip: c.description }}>
              {c.description}
            </Typography.Text>
          )}
        </>
      ),
    },
    { title: t('requests.category.group'), dataIndex: 'groupName', width: 110 },
    {
      title: t('requests.policy.respond'),
      key: 'respond',
      width: 110,
      render: (_, c) => durationText(t, c.policy.respond),
    },
    {
      title: t('requests.policy.resolve'),
      key: 'resolve',
      width: 110,
      render: (_, c) => durationText(t, c.policy.resolve),
    },
    {
      title: t('requests.category.ladder'),
      key: 'ladder',
      width: 230,
      render: (_, c) => (
        <Typography.Text type="secondary" className={styles.small}>
          {t('requests.category.ladderText', {
            urge: durationText(t, c.policy.urgeBefore),
            supervise: durationText(t, c.policy.superviseAfter),
            notice: durationText(t, c.policy.noticeAfter),
          })}
        </Typography.Text>
      ),
    },
    {
      title: t('requests.category.attributes'),
      key: 'attributes',
      width: 140,
      render: (_, c) =>
        c.attributes.length ? c.attributes.map((a) => <Tag key={a.code}>{a.description}</Tag>) : '—',
    },
    {
      title: t('common.status'),
      dataIndex: 'active',
      width: 80,
      render: (active: boolean) =>
        active ? (
          <Tag color="green">{t('requests.category.on')}</Tag>
        ) : (
          <Tag>{t('requests.category.off')}</Tag>
        ),
    },
    editColumn<RequestCategory>(t, 80, (category) => setDialog({ kind: 'edit', category })),
  ];

  return (
    <>
      <div className={styles.tabBar}>
        <Typography.Text type="secondary">{t('requests.category.intro')}</Typography.Text>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setDialog({ kind: 'create' })}
          data-testid="category-create"
        >
          {t('requests.category.create')}
        </Button>
      </div>
      {!!list.error && <Alert type="error" showIcon title={errorMessage(list.error, t)} />}
      <Table<RequestCategory>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={categories}
        loading={list.isFetching}
        pagination={false}
        scroll={{ x: 1150 }}
        locale={{ emptyText: <ListEmpty filtered={false} emptyText={t('requests.category.empty')} /> }}
      />
      {dialog && (
        <CategoryFormModal
          schoolId={schoolId}
          category={dialog.kind === 'edit' ? dialog.category : null}
          groups={groups}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}
