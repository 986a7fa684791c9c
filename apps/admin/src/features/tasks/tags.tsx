import { Tag } from 'antd';
import { useT } from '../../i18n/I18nProvider';
import type { TaskBrief, TaskKind } from './types';

/** 已完成, 待完成, or 已逾期 (and 已上报 once escalated). */
export function TaskStatusTag({ task }: { task: Pick<TaskBrief, 'status' | 'overdue' | 'escalatedAt'> }) {
  const t = useT();
  if (task.status === 'done')
    return (
      <Tag color="green" data-status="done">
        {t('tasks.status.done')}
      </Tag>
    );
  return (
    <>
      {task.overdue ? (
        <Tag color="red" data-status="overdue">
          {t('tasks.status.overdue')}
        </Tag>
      ) : (
        <Tag color="blue" data-status="open">
          {t('tasks.status.open')}
        </Tag>
      )}
      {task.escalatedAt && <Tag color="volcano">{t('tasks.status.escalated')}</Tag>}
    </>
  );
}

const KIND_COLOUR: Record<TaskKind, string> = {
  facility_check: 'geekblue',
  info_collection: 'cyan',
  opinion_collection: 'green',
  policy_outreach: 'lime',
  dispute_mediation: 'gold',
  hazard_inspection: 'volcano',
  mental_health: 'purple',
  teacher_ethics: 'magenta',
};

export function KindTag({ kind }: { kind: TaskKind }) {
  const t = useT();
  return <Tag color={KIND_COLOUR[kind]}>{t(`tasks.kind.${kind}`)}</Tag>;
}
