import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Select } from 'antd';
import { queryKeys } from '../../api/keys';
import type { Grid, GridDetail, GridLevel } from '../../api/types';
import { FormModal } from '../../components/FormModal';
import { useT } from '../../i18n/I18nProvider';
import { createGrid, updateGrid, type UpdateGridInput } from './api';
import { childLevels, CODE_PATTERN, type GridKind } from './model';
import { UserSelect } from './UserSelect';

export type GridFormTarget =
  | { mode: 'create'; parent: Grid | null; kind: GridKind; schoolId: string }
  | { mode: 'edit'; grid: GridDetail };

interface GridValues {
  level: GridLevel;
  code: string;
  name: string;
  leaderUserId: string | null;
}

/** New grid (under a parent, or a top-level one) or the basic facts of one. Mount only while shown. */
export function GridFormModal({
  target,
  onClose,
  onSaved,
}: {
  target: GridFormTarget;
  onClose: () => void;
  onSaved: (grid: GridDetail) => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<GridValues>();

  // A leader edits their own grid's name, not its code or leader: those are set from above.
  const canRestructure = target.mode === 'create' || target.grid.canRestructure;
  const levels =
    target.mode === 'create' ? childLevels(target.parent?.level ?? null, target.kind) : [target.grid.level];
  const initialValues: Partial<GridValues> =
    target.mode === 'create'
      ? { level: levels[0], leaderUserId: null }
      : {
          level: target.grid.level,
          code: target.grid.code,
          name: target.grid.name,
          leaderUserId: target.grid.leaderUserId,
        };

  const save = useMutation({
    mutationFn: async (v: GridValues): Promise<GridDetail | null> => {
      if (target.mode === 'create') {
        return createGrid({
          schoolId: target.schoolId,
          parentId: target.parent?.id,
          level: v.level,
          code: v.code.trim(),
          name: v.name.trim(),
          leaderUserId: v.leaderUserId ?? undefined,
        });
      }
      // Only what changed: a leader may rename their grid but not re-appoint its leader.
      const g = target.grid;
      const patch: UpdateGridInput = { version: g.version };
      if (v.code.trim() !== g.code) patch.code = v.code.trim();
      if (v.name.trim() !== g.name) patch.name = v.name.trim();
      if ((v.leaderUserId ?? null) !== g.leaderUserId) patch.leaderUserId = v.leaderUserId ?? null;
      if (Object.keys(patch).length === 1) return null;
      return updateGrid(g.id, patch);
    },
    onSuccess: (grid) => {
      if (!grid) {
        onClose();
        return;
      }
      void queryClient.invalidateQueries({ queryKey: queryKeys.grids });
      void queryClient.invalidateQueries({ queryKey: queryKeys.coverage });
      void queryClient.invalidateQueries({ queryKey: queryKeys.map });
      void message.success(t(target.mode === 'create' ? 'grids.created' : 'common.saved'));
      onSaved(grid);
    },
  });

  const title =
    target.mode === 'edit'
      ? t('grids.editTitle', { name: target.grid.name })
      : target.parent
        ? t('grids.createChildOf', { name: target.parent.name })
        : t(target.kind === 'physical' ? 'grids.createRootPhysical' : 'grids.createRootVirtual');

  return (
    <FormModal<GridValues>
      title={title}
      form={form}
      initialValues={initialValues}
      save={save}
      onClose={onClose}
    >
      <Form.Item
        name="level"
        label={t('grids.levelLabel')}
        extra={target.mode === 'create' && levels.length > 1 ? t('grids.levelSkipHint') : undefined}
        rules={[{ required: true, message: t('grids.levelRequired') }]}
      >
        <Select
          disabled={target.mode === 'edit' || levels.length <= 1}
          options={levels.map((l) => ({ value: l, label: t(`grids.level.${l}`) }))}
        />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('grids.name')}
        rules={[{ required: true, whitespace: true, max: 100, message: t('grids.nameRule') }]}
      >
        <Input placeholder={t('grids.namePlaceholder')} />
      </Form.Item>
      <Form.Item
        name="code"
        label={t('grids.code')}
        extra={t('grids.codeRule')}
        rules={[{ required: true, pattern: CODE_PATTERN, message: t('grids.codeRule') }]}
      >
        <Input placeholder="G-D1-F3" disabled={!canRestructure} />
      </Form.Item>
      <Form.Item
        name="leaderUserId"
        label={t('grids.leader')}
        extra={canRestructure ? t('grids.leaderHint') : t('grids.structureFromAbove')}
      >
        <UserSelect
          disabled={!canRestructure}
          allowClear
          initial={
            target.mode === 'edit' && target.grid.leaderUserId
              ? { id: target.grid.leaderUserId, name: target.grid.leaderName ?? '' }
              : null
          }
        />
      </Form.Item>
    </FormModal>
  );
}
