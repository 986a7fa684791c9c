import { newIdempotencyKey } from '@anxiao/web-core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Radio, Select } from 'antd';
import { useState } from 'react';
import { queryKeys } from '../../api/keys';
import type { Place } from '../../api/types';
import { FormModal } from '../../components/FormModal';
import { PlaceSelect } from '../../components/PlaceSelect';
import { useT } from '../../i18n/I18nProvider';
import { trimmed } from '../../lib/format';
import { raiseManual } from './api';
import { ALARM_CLASSES, ALARM_MODES, type AlarmClass, type AlarmMode } from './types';
import { withNote } from '../../lib/words';

const PLACE_KINDS: readonly Place['kind'][] = ['building', 'gate', 'area', 'floor', 'room'];

interface Values {
  /** only asked for when the user has several schools */
  schoolId?: string;
  alarmClass: AlarmClass;
  mode: AlarmMode;
  placeId?: string;
  note?: string;
}

/** An alarm entered by hand (a phone call, a shout at the gate). Mount only while shown. */
export function ManualAlarmModal({
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
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  // One key for this entry: pressing 保存 again after a lost answer does not raise a second alarm.
  const [idempotencyKey] = useState(newIdempotencyKey);
  const chosenSchool = Form.useWatch('schoolId', form) ?? schoolId;
  const mode = Form.useWatch('mode', form);

  const save = useMutation({
    mutationFn: (v: Values) =>
      raiseManual({
        schoolId: v.schoolId ?? schoolId,
        idempotencyKey,
        alarmClass: v.alarmClass,
        mode: v.mode,
        placeId: v.placeId,
        note: trimmed(v.note),
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.incidents });
      void message.success(t('manual.raised'));
      onClose();
    },
  });

  return (
    <FormModal<Values>
      title={t('manual.title')}
      form={form}
      save={save}
      initialValues={{ schoolId, mode: 'real' }}
      onValuesChange={(changed) => {
        if ('schoolId' in changed) form.setFieldValue('placeId', undefined);
      }}
      onClose={onClose}
    >
      {schools.length > 1 && (
        <Form.Item name="schoolId" label={t('manual.school')} rules={[{ required: true }]}>
          <Select options={schools.map((s) => ({ value: s.id, label: s.name }))} />
        </Form.Item>
      )}
      <Form.Item
        name="alarmClass"
        label={t('manual.class')}
        rules={[{ required: true, message: t('manual.classRequired') }]}
      >
        <Select
          options={ALARM_CLASSES.map((c) => ({
            value: c,
            label:
              c === 'police'
                ? withNote(t, t('alarm.class.police'), t('alarm.class.policeHint'))
                : t(`alarm.class.${c}`),
          }))}
        />
      </Form.Item>
      <Form.Item
        name="mode"
        label={t('manual.mode')}
        extra={mode && mode !== 'real' ? t('manual.modeHint') : undefined}
      >
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={ALARM_MODES.map((m) => ({ value: m, label: t(`alarm.mode.${m}`) }))}
        />
      </Form.Item>
      <Form.Item name="placeId" label={t('manual.place')} extra={t('manual.placeHint')}>
        <PlaceSelect key={chosenSchool} schoolId={chosenSchool} kinds={PLACE_KINDS} allowClear />
      </Form.Item>
      <Form.Item name="note" label={t('manual.note')} rules={[{ max: 500 }]}>
        <Input.TextArea rows={3} maxLength={500} placeholder={t('manual.notePlaceholder')} />
      </Form.Item>
    </FormModal>
  );
}
