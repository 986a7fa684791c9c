import { Tag } from 'antd';
import { useT } from '../../i18n/I18nProvider';
import type { AudienceRole, Warning } from './api';

export const SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor'] as const;
export const URGENCIES = ['Immediate', 'Expected', 'Future'] as const;
export const CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely'] as const;
export const CAP_STATUSES = ['Actual', 'Exercise', 'Test'] as const;
export const CATEGORIES = [
  'Met',
  'Safety',
  'Security',
  'Fire',
  'Health',
  'Geo',
  'Env',
  'Transport',
  'Infra',
  'Rescue',
  'CBRNE',
  'Other',
] as const;
export const ROLES = [
  'reporter',
  'grid_worker',
  'grid_leader',
  'counselor',
  'guard',
  'grid_center',
  'school_admin',
] as const satisfies readonly AudienceRole[];

/** The warning colours a school knows (红橙黄蓝) for the CAP severities. */
const COLOUR: Record<Warning['severity'], string> = {
  Extreme: 'red',
  Severe: 'orange',
  Moderate: 'gold',
  Minor: 'blue',
  Unknown: 'default',
};

export function SeverityTag({ severity }: { severity: Warning['severity'] }) {
  const t = useT();
  return <Tag color={COLOUR[severity]}>{t(`warnings.colour.${severity}`)}</Tag>;
}

const STATE_COLOUR: Record<Warning['state'], string> = {
  draft: 'default',
  pending: 'processing',
  sent: 'success',
  cancelled: 'default',
  withdrawn: 'default',
};

export function StateTag({ state }: { state: Warning['state'] }) {
  const t = useT();
  return (
    <Tag color={STATE_COLOUR[state]} data-testid="warning-state">
      {t(`warnings.state.${state}`)}
    </Tag>
  );
}

export function DrillTag({ capStatus }: { capStatus: Warning['capStatus'] }) {
  const t = useT();
  return capStatus === 'Actual' ? null : <Tag color="purple">{t(`warnings.capStatus.${capStatus}`)}</Tag>;
}
