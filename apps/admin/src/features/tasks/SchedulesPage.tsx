import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Empty,
  Form,
  InputNumber,
  Radio,
  Select,
  Switch,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useMemo, useState } from 'react';
import { useGridNames } from '../../api/grids';
import { queryKeys } from '../../api/keys';
import { GRID_LEVELS } from '../../api/types';
import { FormModal } from '../../components/FormModal';
import { GridSelect } from '../../components/GridSelect';
import { ListToolbar } from '../../components/ListToolbar';
import { SchoolSelect, useSchool } from '../../components/SchoolSelect';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/format';
import { addSchedule, setScheduleActive } from './api';
import { schedulesKey, useSchedules, useTemplates } from './hooks';
import styles from './tasks.module.css';
import {
  EQUIPMENT_KINDS,
  RECURRENCES,
  WEEKDAYS,
  isWeekday,
  type EquipmentKind,
  type GridLevel,
  type Recurrence,
  type ScheduleInput,
  type TaskSchedule,
  type Weekday,
} from './types';

type Target = 'level' | 'grids' | 'equipment';

interface Values {
  templateId?: string;
  target: Target;
  recurrence: Recurrence;
  gridLevel?: GridLevel;
  gridIds?: string[];
  weekdays?: Weekday[];
  equipmentKind?: EquipmentKind;
  leadDays: number;
  intervalDays: number;
}

/** A new schedule: a template given to grids (every grid of a level, or named ones) with a rhythm, or to the equipment of a kind by its due dates. */
function ScheduleModal({ schoolId, onClose }: { schoolId: string; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const templates = useTemplates(schoolId);
  const target = Form.useWatch('target', form) ?? 'level';
  const recurrence = Form.useWatch('recurrence', form);
  const save = useMutation({
    mutationFn: (v: Values) => {
      const input: ScheduleInput = {
        schoolId,
        templateId: v.templateId!,
        recurrence: v.target === 'equipment' ? 'once' : v.recurrence,
      };
      if (v.target !== 'equipment' && v.recurrence === 'custom') input.weekdays = v.weekdays;
      if (v.target === 'level') input.gridLevel = v.gridLevel;
      if (v.target === 'grids') input.gridIds = v.gridIds;
      if (v.target === 'equipment') {
        input.equipmentKind = v.equipmentKind;
        input.leadDays = v.leadDays;
        input.intervalDays = v.intervalDays;
      }
      return addSchedule(input);
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.taskConfig });
      // the current period's tasks are made at once
      void queryClient.invalidateQueries({ queryKey: queryKeys.tasks });
      void message.success(t('tasks.schedule.created'));
      onClose();
    },
  });
  return (
    <FormModal<Values>
      title={t('tasks.schedule.createTitle')}
      width={600}
      form={form}
      initialValues={{
        target: 'level',
        recurrence: 'weekly',
        gridLevel: 'building',
        leadDays: 3,
        intervalDays: 30,
      }}
      save={save}
      onClose={onClose}
    >
      <Form.Item
        name="templateId"
        label={t('tasks.schedule.template')}
        rules={[{ required: true, message: t('tasks.schedule.templateRequired') }]}
      >
        <Select<string>
          showSearch={{ optionFilterProp: 'label' }}
          loading={templates.isLoading}
          placeholder={t('tasks.schedule.templatePlaceholder')}
          options={(templates.data ?? [])
            .filter((x) => x.active)
            .map((x) => ({ value: x.id, label: x.name }))}
          data-testid="schedule-template"
        />
      </Form.Item>
      <Form.Item name="target" label={t('tasks.schedule.target')}>
        <Radio.Group
          optionType="button"
          options={(['level', 'grids', 'equipment'] as const).map((x) => ({
            value: x,
            label: t(`tasks.schedule.target.${x}`),
          }))}
        />
      </Form.Item>
      {target === 'level' && (
        <Form.Item
          name="gridLevel"
          label={t('tasks.schedule.gridLevel')}
          extra={t('tasks.schedule.gridLevelHint')}
          rules={[{ required: true }]}
        >
          <Select<GridLevel> options={GRID_LEVELS.map((l) => ({ value: l, label: t(`grids.level.${l}`) }))} />
        </Form.Item>
      )}
      {target === 'grids' && (
        <Form.Item
          name="gridIds"
          label={t('tasks.schedule.grids')}
          rules={[{ required: true, message: t('tasks.schedule.gridsRequired') }]}
        >
          <GridSelect<string[]> multiple schoolId={schoolId} />
        </Form.Item>
      )}
      {target === 'equipment' ? (
        <>
          <Form.Item
            name="equipmentKind"
            label={t('tasks.schedule.equipmentKind')}
            extra={t('tasks.schedule.equipmentHint')}
            rules={[{ required: true }]}
          >
            <Select<EquipmentKind>
              options={EQUIPMENT_KINDS.map((k) => ({ value: k, label: t(`equipment.kind.${k}`) }))}
            />
          </Form.Item>
          <div className={styles.row}>
            <Form.Item
              name="leadDays"
              label={t('tasks.schedule.leadDays')}
              extra={t('tasks.schedule.leadDaysHint')}
            >
              <InputNumber<number>
                min={0}
                max={60}
                precision={0}
                suffix={t('tasks.schedule.dayUnit')}
                style={{ width: 140 }}
              />
            </Form.Item>
            <Form.Item
              name="intervalDays"
              label={t('tasks.schedule.intervalDays')}
              extra={t('tasks.schedule.intervalDaysHint')}
            >
              <InputNumber<number>
                min={1}
                max={3660}
                precision={0}
                suffix={t('tasks.schedule.dayUnit')}
                style={{ width: 140 }}
              />
            </Form.Item>
          </div>
        </>
      ) : (
        <>
          <Form.Item
            name="recurrence"
            label={t('tasks.schedule.recurrence')}
            extra={t(`tasks.recurrenceHint.${recurrence ?? 'weekly'}`)}
          >
            <Radio.Group
              optionType="button"
              options={RECURRENCES.map((r) => ({ value: r, label: t(`tasks.recurrence.${r}`) }))}
            />
          </Form.Item>
          {recurrence === 'custom' && (
            <Form.Item
              name="weekdays"
              label={t('tasks.schedule.weekdays')}
              rules={[{ required: true, message: t('tasks.schedule.weekdaysRequired') }]}
            >
              <Checkbox.Group options={WEEKDAYS.map((d) => ({ value: d, label: t(`tasks.weekday.${d}`) }))} />
            </Form.Item>
          )}
        </>
      )}
    </FormModal>
  );
}

/** A schedule's targets in words: 全部楼栋网格 / 3 个网格（…）/ 灭火器 提前 3 天，每 30 天. */
function Targets({ s, gridName }: { s: TaskSchedule; gridName: (id: string) => string }) {
  const t = useT();
  if (s.equipmentKind)
    return (
      <>
        <Tag color="orange">{t(`equipment.kind.${s.equipmentKind}`)}</Tag>{' '}
        {t('tasks.schedule.equipmentRule', { lead: s.leadDays, interval: s.intervalDays })}
      </>
    );
  if (s.gridLevel) return <>{t('tasks.schedule.allOfLevel', { level: t(`grids.level.${s.gridLevel}`) })}</>;
  const names = s.gridIds.map(gridName);
  return (
    <span title={names.join(t('common.listSeparator'))}>
      {t('tasks.schedule.namedGrids', { count: s.gridIds.length })}
      {t('common.listColon')}
      <span data-entered>{names.slice(0, 3).join(t('common.listSeparator'))}</span>
      {names.length > 3 && '…'}
    </span>
  );
}

/**
 * 任务计划: which template goes to which grids how often (每日/每周/每月/一次), or to the equipment
 * of a kind a few days before each is due. A new schedule makes the current period's tasks at once;
 * a schedule can be paused and resumed.
 */
export function SchedulesPage() {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [schoolId, setSchool, schools] = useSchool();
  const schedules = useSchedules(schoolId);
  const [creating, setCreating] = useState(false);
  const names = useGridNames(
    useMemo(() => (schedules.data ?? []).flatMap((s) => s.gridIds), [schedules.data]),
  );
  const gridName = (id: string) => names.get(id) ?? id.slice(0, 8);

  const toggle = useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) => setScheduleActive(id, active),
    onSuccess: (s) => {
      queryClient.setQueryData<TaskSchedule[]>(schedulesKey(schoolId), (list) =>
        list?.map((x) => (x.id === s.id ? s : x)),
      );
      void queryClient.invalidateQueries({ queryKey: queryKeys.tasks });
      void message.success(t(s.active ? 'tasks.schedule.resumed' : 'tasks.schedule.paused'));
    },
    onError: (err) => void message.error(errorMessage(err, t)),
  });

  const columns: TableColumnsType<TaskSchedule> = [
    { title: t('tasks.schedule.template'), dataIndex: 'templateName', ellipsis: true },
    {
      title: t('tasks.schedule.recurrence'),
      dataIndex: 'recurrence',
      width: 130,
      render: (r: Recurrence, s) =>
        s.equipmentKind
          ? t('tasks.schedule.byDueDate')
          : r === 'custom'
            ? t('tasks.schedule.onWeekdays', {
                days: s.weekdays
                  .filter(isWeekday)
                  .map((d) => t(`tasks.weekdayShort.${d}`))
                  .join(t('common.listSeparator')),
              })
            : t(`tasks.recurrence.${r}`),
    },
    {
      title: t('tasks.schedule.target'),
      key: 'target',
      render: (_, s) => <Targets s={s} gridName={gridName} />,
    },
    {
      title: t('tasks.schedule.createdAt'),
      dataIndex: 'createdAt',
      width: 170,
      render: (v: string) => formatDateTime(v),
    },
    {
      title: t('tasks.schedule.active'),
      dataIndex: 'active',
      width: 90,
      render: (active: boolean, s) => (
        <Switch
          checked={active}
          loading={toggle.isPending && toggle.variables.id === s.id}
          onChange={(next) => toggle.mutate({ id: s.id, active: next })}
          data-testid={`schedule-active-${s.id}`}
        />
      ),
    },
  ];

  return (
    <Card>
      <ListToolbar
        actions={
          schoolId && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="schedule-create"
            >
              {t('tasks.schedule.create')}
            </Button>
          )
        }
      >
        <SchoolSelect value={schoolId} onChange={setSchool} schools={schools} />
        <Typography.Text type="secondary" style={{ alignSelf: 'center' }}>
          {t('tasks.schedule.hint')}
        </Typography.Text>
      </ListToolbar>
      {!schoolId && <Empty description={t('tasks.noSchool')} />}
      {!!schedules.error && <Alert type="error" showIcon title={errorMessage(schedules.error, t)} />}
      <div data-testid="task-schedule-table">
        <Table<TaskSchedule>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={schedules.data}
          loading={schedules.isFetching}
          pagination={(schedules.data?.length ?? 0) > 50 ? { pageSize: 50 } : false}
          scroll={{ x: 900 }}
          locale={{ emptyText: t('tasks.schedule.empty') }}
        />
      </div>
      {creating && schoolId && <ScheduleModal schoolId={schoolId} onClose={() => setCreating(false)} />}
    </Card>
  );
}
