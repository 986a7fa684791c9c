import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Form,
  Popconfirm,
  Radio,
  Select,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { queryKeys } from '../../api/keys';
import type { Place } from '../../api/types';
import { FormModal } from '../../components/FormModal';
import { ListEmpty } from '../../components/ListEmpty';
import { PlaceSelect } from '../../components/PlaceSelect';
import { UnitSelect, useUnits } from '../../components/UnitSelect';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { addRoute, deleteRoute, listRoutes } from './api';
import { useCategories } from './hooks';
import styles from './requests.module.css';
import type { RequestRoute } from './types';
import { withNote } from '../../lib/words';

const SCOPE_PLACE_KINDS: readonly Place['kind'][] = ['building', 'floor', 'room', 'area', 'gate'];
type ScopeKind = 'school' | 'grid' | 'place';

interface Values {
  categoryId: string;
  scope: ScopeKind;
  scopeGridId?: string;
  scopePlaceId?: string;
  unitId: string;
}

function RouteFormModal({ schoolId, onClose }: { schoolId: string; onClose: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const scope = Form.useWatch('scope', form);
  const categories = useCategories(schoolId);
  const units = useUnits(schoolId);
  const save = useMutation({
    mutationFn: (v: Values) =>
      addRoute(schoolId, {
        categoryId: v.categoryId,
        scopeGridId: v.scope === 'grid' ? v.scopeGridId : undefined,
        scopePlaceId: v.scope === 'place' ? v.scopePlaceId : undefined,
        ...(units.kindOf(v.unitId) === 'org' ? { unitOrgId: v.unitId } : { unitGridId: v.unitId }),
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.requestCatalogue });
      onClose();
    },
  });
  return (
    <FormModal<Values>
      title={t('requests.route.createTitle')}
      form={form}
      save={save}
      initialValues={{ scope: 'school' }}
      onClose={onClose}
    >
      <Form.Item
        name="categoryId"
        label={t('requests.col.category')}
        rules={[{ required: true, message: t('requests.hotline.categoryRequired') }]}
      >
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          options={(categories.data ?? []).map((c) => ({
            value: c.id,
            label: withNote(t, c.name, c.groupName),
          }))}
        />
      </Form.Item>
      <Form.Item name="scope" label={t('requests.route.scope')} extra={t('requests.route.scopeHint')}>
        <Radio.Group
          optionType="button"
          options={(['school', 'grid', 'place'] as const).map((s) => ({
            value: s,
            label: t(`requests.route.scope.${s}`),
          }))}
        />
      </Form.Item>
      {scope === 'grid' && (
        <Form.Item name="scopeGridId" label={t('requests.route.scopeGrid')} rules={[{ required: true }]}>
          <UnitSelect schoolId={schoolId} kinds={['grid']} />
        </Form.Item>
      )}
      {scope === 'place' && (
        <Form.Item name="scopePlaceId" label={t('requests.route.scopePlace')} rules={[{ required: true }]}>
          <PlaceSelect schoolId={schoolId} kinds={SCOPE_PLACE_KINDS} />
        </Form.Item>
      )}
      <Form.Item
        name="unitId"
        label={t('requests.form.unit')}
        extra={t('requests.route.unitHint')}
        rules={[{ required: true, message: t('requests.form.unitRequired') }]}
      >
        <UnitSelect schoolId={schoolId} />
      </Form.Item>
    </FormModal>
  );
}

/**
 * 派单目录: which unit a category goes to, across the school or within a grid's or place's subtree
 * (the most specific rule wins). A request no rule covers waits for the centre (待分拨).
 */
export function RoutesTab({ schoolId }: { schoolId: string }) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const list = useQuery({
    queryKey: [...queryKeys.requestCatalogue, 'routes', schoolId],
    queryFn: () => listRoutes(schoolId),
  });
  const remove = useMutation({
    mutationFn: deleteRoute,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.requestCatalogue });
      void message.success(t('requests.route.deleted'));
    },
    onError: (err) => void message.error(errorMessage(err, t)),
  });
  const routes = [...(list.data ?? [])].sort(
    (a, b) =>
      a.categoryName.localeCompare(b.categoryName, 'zh-CN') ||
      (a.scopePath ?? '').localeCompare(b.scopePath ?? ''),
  );

  const columns: TableColumnsType<RequestRoute> = [
    { title: t('requests.col.category'), dataIndex: 'categoryName', width: 180 },
    {
      title: t('requests.route.scope'),
      key: 'scope',
      render: (_, r) =>
        r.scopeLabel ?? (
          <Typography.Text type="secondary">{t('requests.route.scope.school')}</Typography.Text>
        ),
    },
    {
      title: t('requests.form.unit'),
      key: 'unit',
      render: (_, r) => (
        <>
          <Tag color={r.unit.kind === 'org' ? 'blue' : 'green'}>
            {t(r.unit.kind === 'org' ? 'requests.unit.department' : 'requests.unit.grid')}
          </Tag>
          {r.unit.name}
        </>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_, r) => (
        <Popconfirm
          title={t('requests.route.deleteConfirm')}
          okText={t('requests.route.delete')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.cancel')}
          onConfirm={() => remove.mutate(r.id)}
        >
          <Button
            type="link"
            size="small"
            danger
            icon={<DeleteOutlined />}
            loading={remove.isPending && remove.variables === r.id}
          >
            {t('requests.route.delete')}
          </Button>
        </Popconfirm>
      ),
    },
  ];

  return (
    <>
      <div className={styles.tabBar}>
        <Typography.Text type="secondary">{t('requests.route.intro')}</Typography.Text>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setAdding(true)}
          data-testid="route-create"
        >
          {t('requests.route.create')}
        </Button>
      </div>
      {!!list.error && <Alert type="error" showIcon title={errorMessage(list.error, t)} />}
      <Table<RequestRoute>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={routes}
        loading={list.isFetching}
        pagination={false}
        locale={{ emptyText: <ListEmpty filtered={false} emptyText={t('requests.route.empty')} /> }}
      />
      {adding && <RouteFormModal schoolId={schoolId} onClose={() => setAdding(false)} />}
    </>
  );
}
