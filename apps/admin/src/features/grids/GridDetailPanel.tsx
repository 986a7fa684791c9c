import {
  DeleteOutlined,
  EditOutlined,
  ExclamationCircleFilled,
  PlusOutlined,
  ReloadOutlined,
} from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Flex,
  Skeleton,
  Space,
  Tag,
  Tooltip,
  Typography,
  type DescriptionsProps,
} from 'antd';
import { useState } from 'react';
import { queryKeys } from '../../api/keys';
import type { Grid, GridDetail } from '../../api/types';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { deleteGrid, useGridDetail } from './api';
import { BindingsCard } from './BindingsCard';
import { MembersCard } from './MembersCard';
import { childLevels, LEVEL_COLOR } from './model';
import { ResponsibilitiesCard } from './ResponsibilitiesCard';
import { StudentsDrawer } from './StudentsDrawer';
import styles from './grids.module.css';

interface GridDetailPanelProps {
  gridId: string;
  onOpen: (id: string) => void;
  onCreateChild: (parent: Grid) => void;
  onEdit: (grid: GridDetail) => void;
  onDeleted: (parentId: string | null) => void;
}

function Facts({ grid, onStudents }: { grid: GridDetail; onStudents: () => void }) {
  const t = useT();
  const items: DescriptionsProps['items'] = [
    { key: 'name', label: t('grids.name'), children: grid.name },
    { key: 'code', label: t('grids.code'), children: grid.code },
    {
      key: 'level',
      label: t('grids.levelLabel'),
      children: `${t(`grids.kindOne.${grid.kind}`)} · ${t(`grids.level.${grid.level}`)}`,
    },
    { key: 'org', label: t('grids.org'), children: grid.orgName },
    {
      key: 'leader',
      label: t('grids.leader'),
      children: grid.leaderName ? (
        <Space size={8} wrap>
          <span>{grid.leaderName}</span>
          {grid.leaderPhone && <Typography.Text type="secondary">{grid.leaderPhone}</Typography.Text>}
        </Space>
      ) : (
        <Typography.Text type="warning">
          <ExclamationCircleFilled /> {t('grids.noLeader')}
        </Typography.Text>
      ),
    },
    {
      key: 'children',
      label: t('grids.childCount'),
      children: t('grids.countUnit', { count: grid.childCount }),
    },
    {
      key: 'rooms',
      label: t('grids.rooms'),
      children: t('grids.roomsUnit', { count: grid.stats.rooms }),
    },
    {
      key: 'students',
      label: t('grids.students'),
      children:
        grid.stats.students > 0 ? (
          <Button type="link" size="small" className={styles.inlineLink} onClick={onStudents}>
            {t('grids.studentsUnit', { count: grid.stats.students })}
          </Button>
        ) : (
          t('grids.studentsUnit', { count: 0 })
        ),
    },
  ];
  return (
    <Descriptions
      column={{ xs: 1, xl: 2 }}
      size="small"
      bordered
      items={items}
      classNames={{ label: styles.factLabel }}
    />
  );
}

/** One grid: facts, 以格定责, members and what it covers. */
export function GridDetailPanel({ gridId, onOpen, onCreateChild, onEdit, onDeleted }: GridDetailPanelProps) {
  const t = useT();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const detail = useGridDetail(gridId);
  const [showStudents, setShowStudents] = useState(false);

  const remove = useMutation({
    mutationFn: (grid: GridDetail) => deleteGrid(grid.id),
    onSuccess: (_, grid) => {
      onDeleted(grid.parentId);
      // Everything but the deleted grid itself (still on screen until the parent opens).
      void queryClient.invalidateQueries({
        queryKey: queryKeys.grids,
        predicate: (q) => !q.queryKey.includes(grid.id),
      });
      void queryClient.invalidateQueries({ queryKey: queryKeys.coverage });
      void queryClient.invalidateQueries({ queryKey: queryKeys.map });
      void message.success(t('grids.deleted'));
    },
    onError: (err) => void message.error(errorMessage(err, t)),
  });

  if (detail.error) {
    return (
      <Card>
        <Alert
          type="error"
          showIcon
          title={errorMessage(detail.error, t)}
          action={
            <Button size="small" icon={<ReloadOutlined />} onClick={() => void detail.refetch()}>
              {t('common.retry')}
            </Button>
          }
        />
      </Card>
    );
  }
  const grid = detail.data;
  if (!grid) {
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  }

  const confirmDelete = () =>
    modal.confirm({
      title: t('grids.deleteConfirm', { name: grid.name }),
      content: t('grids.deleteHint'),
      okText: t('grids.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => remove.mutateAsync(grid).catch(() => undefined),
    });

  const canAddChild = grid.canManage && childLevels(grid.level, grid.kind).length > 0;

  return (
    <Flex vertical gap={16}>
      <Card
        title={
          <Space size={8} className={styles.detailTitle}>
            <span>{grid.name}</span>
            <Tag color={LEVEL_COLOR[grid.level]}>{t(`grids.level.${grid.level}`)}</Tag>
          </Space>
        }
        extra={
          grid.canManage && (
            <Space wrap>
              {canAddChild && (
                <Button icon={<PlusOutlined />} onClick={() => onCreateChild(grid)}>
                  {t('grids.createChild')}
                </Button>
              )}
              <Button icon={<EditOutlined />} onClick={() => onEdit(grid)}>
                {t('common.edit')}
              </Button>
              {grid.canRestructure && (
                <Tooltip title={grid.childCount > 0 ? t('grids.deleteHasChildren') : undefined}>
                  <Button
                    danger
                    icon={<DeleteOutlined />}
                    disabled={grid.childCount > 0}
                    loading={remove.isPending}
                    onClick={confirmDelete}
                  >
                    {t('grids.delete')}
                  </Button>
                </Tooltip>
              )}
            </Space>
          )
        }
      >
        <Flex vertical gap={12}>
          {grid.ancestors.length > 0 && (
            <Breadcrumb
              items={[
                ...grid.ancestors.map((a) => ({
                  key: a.id,
                  title: (
                    <a
                      href={`?open=${a.id}`}
                      onClick={(e) => {
                        e.preventDefault();
                        onOpen(a.id);
                      }}
                    >
                      {a.name}
                    </a>
                  ),
                })),
                { key: grid.id, title: grid.name },
              ]}
            />
          )}
          {!grid.leaderUserId && <Alert type="warning" showIcon title={t('grids.noLeaderAlert')} />}
          <Facts grid={grid} onStudents={() => setShowStudents(true)} />
        </Flex>
      </Card>

      <ResponsibilitiesCard grid={grid} />
      <MembersCard grid={grid} />
      <BindingsCard grid={grid} />

      {showStudents && <StudentsDrawer grid={grid} onClose={() => setShowStudents(false)} />}
    </Flex>
  );
}
