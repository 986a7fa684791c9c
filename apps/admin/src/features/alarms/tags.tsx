import { Tag } from 'antd';
import { useT } from '../../i18n/I18nProvider';
import type { AlarmClass, AlarmMode, IncidentStatus } from './types';

const CLASS_COLOUR: Record<AlarmClass, string> = {
  police: 'red',
  staff_assist: 'volcano',
  medical: 'magenta',
  fire: 'orange',
};

export const STATUS_COLOUR: Record<IncidentStatus, string> = {
  raised: 'red',
  acknowledged: 'orange',
  dispatched: 'gold',
  on_scene: 'blue',
  resolved: 'green',
  closed: 'default',
  cancelled: 'default',
  false_alarm: 'default',
};

/** 【演练】 or 【测试】 before a drill's or test's name; nothing for a real alarm. */
export function useModePrefix(): (mode: AlarmMode) => string {
  const t = useT();
  return (mode) => (mode === 'real' ? '' : t(`alarm.modeTag.${mode}`));
}

/** The mark of a drill or test, wherever an incident shows (a real one has none). */
export function ModeTag({ mode }: { mode: AlarmMode }) {
  const t = useT();
  if (mode === 'real') return null;
  return (
    <Tag color={mode === 'drill' ? 'orange' : 'blue'} variant="solid" data-mode={mode}>
      {t(`alarm.modeTag.${mode}`)}
    </Tag>
  );
}

export function ClassTag({ alarmClass }: { alarmClass: AlarmClass }) {
  const t = useT();
  return <Tag color={CLASS_COLOUR[alarmClass]}>{t(`alarm.class.${alarmClass}`)}</Tag>;
}

export function StatusTag({ status }: { status: IncidentStatus }) {
  const t = useT();
  return <Tag color={STATUS_COLOUR[status]}>{t(`alarm.status.${status}`)}</Tag>;
}
