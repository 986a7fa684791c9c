import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, InputNumber, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { queryKeys } from '../../api/keys';
import type { Place } from '../../api/types';
import { FormModal } from '../../components/FormModal';
import { PlaceSelect } from '../../components/PlaceSelect';
import { useT } from '../../i18n/I18nProvider';
import styles from './alarms.module.css';
import { registerDevice } from './api';
import { ALARM_CLASSES, DEVICE_KINDS, type AlarmClass, type DeviceKind } from './types';

const PLACE_KINDS: readonly Place['kind'][] = ['building', 'gate', 'area', 'floor', 'room'];
const CODE = /^[A-Za-z0-9_.-]{2,40}$/;

interface Values {
  /** only asked for when the user has several schools */
  schoolId?: string;
  code: string;
  name: string;
  kind: DeviceKind;
  alarmClass: AlarmClass;
  placeId?: string;
  heartbeatSeconds?: number;
}

/** The device's signing secret, shown this once: copy it now or register the device again. */
function SecretModal({
  device,
  secret,
  onClose,
}: {
  device: { code: string; name: string };
  secret: string;
  onClose: () => void;
}) {
  const t = useT();
  return (
    <Modal
      open
      title={t('devices.secretTitle')}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('devices.secretDone')}
        </Button>
      }
    >
      <Space orientation="vertical" size={12}>
        <Alert type="warning" showIcon title={t('devices.secretWarning')} />
        <Typography.Text>{t('devices.secretFor', { name: device.name, code: device.code })}</Typography.Text>
        <Typography.Paragraph
          code
          copyable={{ text: secret, tooltips: [t('devices.secretCopy'), t('devices.secretCopied')] }}
          data-testid="device-secret"
          className={styles.secret}
        >
          {secret}
        </Typography.Paragraph>
      </Space>
    </Modal>
  );
}

/** Register an alarm device; its secret then shows once. Mount only while shown. */
export function DeviceFormModal({
  schoolId,
  schools,
  onClose,
}: {
  schoolId: string;
  schools: { id: string; name: string }[];
  onClose: () => void;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const chosenSchool = Form.useWatch('schoolId', form) ?? schoolId;
  const [registered, setRegistered] = useState<{
    device: { code: string; name: string };
    secret: string;
  } | null>(null);
  const save = useMutation({
    mutationFn: (v: Values) =>
      registerDevice({
        schoolId: v.schoolId ?? schoolId,
        code: v.code.trim(),
        name: v.name.trim(),
        kind: v.kind,
        alarmClass: v.alarmClass,
        placeId: v.placeId,
        heartbeatSeconds: v.heartbeatSeconds ?? undefined,
      }),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.alarmDevices });
      void queryClient.invalidateQueries({ queryKey: queryKeys.alarmOverview });
      setRegistered(r);
    },
  });

  if (registered)
    return <SecretModal device={registered.device} secret={registered.secret} onClose={onClose} />;
  return (
    <FormModal<Values>
      title={t('devices.registerTitle')}
      form={form}
      save={save}
      initialValues={{ schoolId, kind: 'gate', alarmClass: 'police', heartbeatSeconds: 60 }}
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
        name="code"
        label={t('devices.code')}
        extra={t('devices.codeRule')}
        rules={[{ required: true, pattern: CODE, message: t('devices.codeRule') }]}
      >
        <Input maxLength={40} />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('devices.name')}
        rules={[{ required: true, whitespace: true, max: 100, message: t('devices.nameRule') }]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="kind" label={t('devices.kind')} rules={[{ required: true }]}>
        <Select options={DEVICE_KINDS.map((k) => ({ value: k, label: t(`devices.kind.${k}`) }))} />
      </Form.Item>
      <Form.Item
        name="alarmClass"
        label={t('devices.class')}
        rules={[{ required: true }]}
        extra={t('alarm.class.policeHint')}
      >
        <Select options={ALARM_CLASSES.map((c) => ({ value: c, label: t(`alarm.class.${c}`) }))} />
      </Form.Item>
      <Form.Item name="placeId" label={t('devices.place')}>
        <PlaceSelect key={chosenSchool} schoolId={chosenSchool} kinds={PLACE_KINDS} allowClear />
      </Form.Item>
      <Form.Item name="heartbeatSeconds" label={t('devices.heartbeat')} extra={t('devices.heartbeatHint')}>
        <InputNumber min={10} max={3600} precision={0} />
      </Form.Item>
    </FormModal>
  );
}
