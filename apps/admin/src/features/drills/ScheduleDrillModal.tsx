import { ApiError } from '@anxiao/web-core';
import { useMutation } from '@tanstack/react-query';
import { App, DatePicker, Flex, Form, Input, Radio, Select, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { FormModal } from '../../components/FormModal';
import { PlaceSelect } from '../../components/PlaceSelect';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { scheduleDrill } from './api';
import { DurationInput } from './DurationInput';
import { useAlarmDevices, useKeepDrill, usePlanTemplates } from './hooks';
import { DEFAULT_TARGET_SECONDS } from './model';
import { shortTime } from './tags';
import { ALARM_CLASSES, DRILL_KINDS, type AlarmClass, type DrillKind, type PlanType } from './types';
import { withNote } from '../../lib/words';

interface Values {
  /** only a field when there are several schools to choose from */
  schoolId?: string;
  kind: DrillKind;
  title: string;
  planType?: PlanType;
  alarmClass: AlarmClass;
  placeId?: string;
  deviceId?: string;
  scheduledAt?: Dayjs;
  targetSeconds?: number;
}

const TARGET_REQUIRED = 'alarms.drill_target_required';
const IN_PAST = 'alarms.drill_in_past';
const isCode = (err: unknown, code: string) => err instanceof ApiError && err.code === code;

/** Schedule a drill or device test; saving reports it to the police station. Mount only while shown. */
export function ScheduleDrillModal({
  schoolId,
  schools,
  onClose,
}: {
  schoolId: string;
  schools: { id: string; name: string }[];
  onClose: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const keep = useKeepDrill();
  const [form] = Form.useForm<Values>();
  const school = Form.useWatch('schoolId', form) ?? schoolId;
  const kind = Form.useWatch('kind', form) ?? 'drill';
  // The server has said the building needs a target of its own (above 4 floors, or none given).
  const [targetRequired, setTargetRequired] = useState(false);
  const plans = usePlanTemplates(kind === 'drill');
  const devices = useAlarmDevices(school, kind === 'device_test');

  const save = useMutation({
    mutationFn: (v: Values) =>
      scheduleDrill({
        schoolId: v.schoolId ?? schoolId,
        kind: v.kind,
        title: v.title.trim(),
        scheduledAt: v.scheduledAt!.second(0).millisecond(0).toISOString(),
        ...(v.kind === 'drill'
          ? {
              alarmClass: v.alarmClass,
              planType: v.planType,
              placeId: v.placeId,
              targetSeconds: v.targetSeconds,
            }
          : { deviceId: v.deviceId }),
      }),
    onSuccess: (drill) => {
      keep(drill);
      void message.success(
        drill.reportedTo > 0
          ? t('drills.scheduled', { count: drill.reportedTo })
          : t('drills.scheduledNoOfficer'),
      );
      onClose();
    },
    onError: (err) => {
      if (isCode(err, TARGET_REQUIRED)) {
        setTargetRequired(true);
        form.setFields([{ name: 'targetSeconds', errors: [errorMessage(err, t)] }]);
        form.scrollToField('targetSeconds');
      } else if (isCode(err, IN_PAST)) {
        form.setFields([{ name: 'scheduledAt', errors: [errorMessage(err, t)] }]);
      }
    },
  });
  // Errors of one field show under it, not again below the form.
  const shownError = isCode(save.error, TARGET_REQUIRED) || isCode(save.error, IN_PAST) ? null : save.error;

  const deviceOptions = (devices.data ?? [])
    .filter((d) => d.enabled)
    .map((d) => ({ value: d.id, label: withNote(t, d.name, d.code), device: d }));

  return (
    <FormModal<Values>
      title={t('drills.form.title')}
      width={600}
      form={form}
      save={{ ...save, error: shownError }}
      initialValues={{ schoolId, kind: 'drill', alarmClass: 'police', planType: 'evacuation' }}
      onValuesChange={(changed) => {
        if ('schoolId' in changed) form.setFieldsValue({ placeId: undefined, deviceId: undefined });
        if ('schoolId' in changed || 'placeId' in changed || 'kind' in changed) setTargetRequired(false);
      }}
      onClose={onClose}
    >
      {schools.length > 1 && (
        <Form.Item name="schoolId" label={t('drills.form.school')} rules={[{ required: true }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={schools.map((s) => ({ value: s.id, label: s.name }))}
          />
        </Form.Item>
      )}
      <Form.Item name="kind" label={t('drills.form.kind')} rules={[{ required: true }]}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={DRILL_KINDS.map((k) => ({ value: k, label: t(`drills.kind.${k}`) }))}
        />
      </Form.Item>
      <Form.Item
        name="title"
        label={t('drills.form.name')}
        rules={[{ required: true, whitespace: true, max: 100, message: t('drills.form.nameRule') }]}
      >
        <Input maxLength={100} placeholder={t(`drills.form.namePlaceholder.${kind}`)} />
      </Form.Item>
      {kind === 'drill' ? (
        <>
          <Form.Item name="planType" label={t('drills.form.plan')} extra={t('drills.form.planHint')}>
            <Select
              allowClear
              placeholder={t('drills.form.noPlan')}
              loading={plans.isFetching}
              options={(plans.data ?? []).map((p) => ({ value: p.type, label: t(`drills.plan.${p.type}`) }))}
            />
          </Form.Item>
          <Form.Item name="alarmClass" label={t('drills.form.class')} rules={[{ required: true }]}>
            <Select options={ALARM_CLASSES.map((c) => ({ value: c, label: t(`drills.class.${c}`) }))} />
          </Form.Item>
          <Form.Item name="placeId" label={t('drills.form.building')} extra={t('drills.form.buildingHint')}>
            <PlaceSelect
              key={school}
              schoolId={school}
              kinds={['building']}
              allowClear
              placeholder={t('drills.form.buildingPlaceholder')}
            />
          </Form.Item>
        </>
      ) : (
        <Form.Item
          name="deviceId"
          label={t('drills.form.device')}
          extra={t('drills.form.deviceHint')}
          rules={[{ required: true, message: t('drills.form.deviceRequired') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={devices.isFetching}
            options={deviceOptions}
            notFoundContent={devices.isFetching ? undefined : t('drills.form.deviceNone')}
            optionRender={(o) => {
              const d = o.data.device;
              return (
                <Flex justify="space-between" gap={8}>
                  <span>{o.label}</span>
                  <span>
                    {!d.online && <Tag color="red">{t('drills.form.deviceOffline')}</Tag>}
                    {d.lastTestAt && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('drills.form.deviceLastTest', { time: shortTime(d.lastTestAt) })}
                      </Typography.Text>
                    )}
                  </span>
                </Flex>
              );
            }}
          />
        </Form.Item>
      )}
      <Form.Item
        name="scheduledAt"
        label={t('drills.form.at')}
        extra={t('drills.form.atHint')}
        rules={[
          { required: true, message: t('drills.form.atRequired') },
          {
            validator: async (_, v: Dayjs | undefined) => {
              if (v && !v.isAfter(dayjs())) throw new Error(t('drills.form.atFuture'));
            },
          },
        ]}
      >
        <DatePicker
          showTime={{ format: 'HH:mm', minuteStep: 5 }}
          format="YYYY-MM-DD HH:mm"
          disabledDate={(d) => d.isBefore(dayjs().startOf('day'))}
          style={{ width: 220 }}
          data-testid="drill-form-at"
        />
      </Form.Item>
      {kind === 'drill' && (
        <Form.Item
          name="targetSeconds"
          label={t('drills.form.target')}
          extra={t('drills.form.targetHint')}
          required={targetRequired}
          rules={[
            { required: targetRequired, message: t('drills.form.targetRequired') },
            {
              type: 'number',
              min: 10,
              max: 3600,
              message: t('drills.form.targetRange'),
            },
          ]}
        >
          <DurationInput
            maxMinutes={60}
            placeholder={
              targetRequired
                ? undefined
                : { m: Math.floor(DEFAULT_TARGET_SECONDS / 60), s: DEFAULT_TARGET_SECONDS % 60 }
            }
            data-testid="drill-form-target"
          />
        </Form.Item>
      )}
    </FormModal>
  );
}
