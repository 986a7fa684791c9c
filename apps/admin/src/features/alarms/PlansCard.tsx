import { formatTime } from '../../lib/format';
import { useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, Checkbox, Empty, Flex, Progress, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { queryKeys } from '../../api/keys';
import { errorMessage, useI18n } from '../../i18n/I18nProvider';
import { listPlanTemplates, openPlan, tickPlanStep } from './api';
import styles from './alarms.module.css';
import { useKeepIncident } from './hooks';
import { isOpen, type AlarmClass, type IncidentDetail, type PlanType } from './types';
import { withNote } from '../../lib/words';

/** The plan that fits an alarm class first (alarms.plans.ts DEFAULT_PLAN); any other may be opened. */
const SUGGESTED: Record<AlarmClass, PlanType> = {
  police: 'intruder',
  staff_assist: 'intruder',
  medical: 'medical',
  fire: 'fire',
};

/** The emergency plans (应急预案) opened on an incident, as checklists ticked with person and time. */
export function PlansCard({ incident, canHandle }: { incident: IncidentDetail; canHandle: boolean }) {
  const { t, tCode } = useI18n();
  const { message } = App.useApp();
  const keep = useKeepIncident();
  const open = isOpen(incident.status);
  const templates = useQuery({
    queryKey: queryKeys.planTemplates,
    queryFn: listPlanTemplates,
    staleTime: Infinity,
    enabled: canHandle && open,
  });
  const openedTypes = new Set(incident.plans.map((p) => p.type));
  const suggested = SUGGESTED[incident.alarmClass];
  const [choice, setChoice] = useState<PlanType | undefined>(
    openedTypes.has(suggested) ? undefined : suggested,
  );
  const onError = (err: unknown) => void message.error(errorMessage(err, t));

  const start = useMutation({
    mutationFn: (type: PlanType) => openPlan(incident.id, type),
    onSuccess: (detail) => {
      keep(detail);
      setChoice(undefined);
    },
    onError,
  });
  const tick = useMutation({
    mutationFn: (stepId: string) => tickPlanStep(incident.id, stepId),
    onSuccess: keep,
    onError,
  });

  const available = (templates.data ?? []).filter((p) => !openedTypes.has(p.type));

  return (
    <Space orientation="vertical" size={12} className={styles.full}>
      {canHandle && open && available.length > 0 && (
        <Flex gap={8}>
          <Select<PlanType>
            className={styles.grow}
            placeholder={t('incident.planPick')}
            value={choice}
            onChange={setChoice}
            loading={templates.isFetching}
            options={available.map((p) => ({
              value: p.type,
              label: p.type === suggested ? withNote(t, p.name, t('incident.planSuggested')) : p.name,
            }))}
          />
          <Button
            type="primary"
            disabled={!choice}
            loading={start.isPending}
            onClick={() => choice && start.mutate(choice)}
          >
            {t('incident.openPlan')}
          </Button>
        </Flex>
      )}
      {incident.plans.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('incident.noPlans')} />
      )}
      {incident.plans.map((plan) => {
        const done = plan.steps.filter((s) => s.doneAt).length;
        return (
          <div key={plan.id} className={styles.plan} data-plan-type={plan.type}>
            <Flex justify="space-between" align="center" gap={8}>
              <Typography.Text strong>{plan.name}</Typography.Text>
              <Typography.Text type="secondary" className={styles.nowrap}>
                {t('incident.planOpenedAt', { time: formatTime(plan.openedAt) })}
              </Typography.Text>
            </Flex>
            <Progress
              percent={Math.round((done / Math.max(plan.steps.length, 1)) * 100)}
              size="small"
              format={() => t('incident.planProgress', { done, total: plan.steps.length })}
            />
            {plan.steps.map((step) => (
              <div key={step.id} className={styles.planStep} data-done={step.doneAt ? 'true' : 'false'}>
                <Checkbox
                  checked={Boolean(step.doneAt)}
                  disabled={Boolean(step.doneAt) || !canHandle || !open || tick.isPending}
                  onChange={() => tick.mutate(step.id)}
                >
                  <span className={step.doneAt ? styles.stepDone : undefined}>
                    {step.seq}. {step.title}
                  </span>
                </Checkbox>
                <div className={styles.stepMeta}>
                  {t('incident.stepOwner', { role: tCode('role', step.owner) })}
                  {step.doneAt && (
                    <>
                      {' · '}
                      {t('incident.stepDoneBy', {
                        name: step.doneByName ?? '',
                        time: formatTime(step.doneAt),
                      })}
                    </>
                  )}
                </div>
              </div>
            ))}
          </div>
        );
      })}
    </Space>
  );
}
