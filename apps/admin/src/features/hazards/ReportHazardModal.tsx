import { newIdempotencyKey } from '@anxiao/web-core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Radio, Select } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { queryKeys } from '../../api/keys';
import { RISK_DOMAINS, type RiskDomain } from '../../api/types';
import { PlaceSelect } from '../../components/PlaceSelect';
import { useSchool } from '../../components/SchoolSelect';
import { UnitSelect, useUnits } from '../../components/UnitSelect';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { trimmed } from '../../lib/format';
import { useCurrentUser } from '../../session/CurrentUser';
import { reportHazard } from './api';
import { PhotoPicker } from '../../components/PhotoPicker';
import { GRADES, REPORT_ORIGINS, type Grade, type ReportInput, type ReportOrigin } from './types';

interface Values {
  schoolId?: string;
  origin: ReportOrigin;
  domain?: RiskDomain;
  grade: Grade;
  title?: string;
  description?: string;
  placeId?: string;
  address?: string;
  photos?: string[];
  unitId?: string;
}

/**
 * 上报隐患: what was found, where, how grave, with photos; the responsible unit may be named (else
 * the grid covering the place, or the office assigns it). One idempotency key per dialog, so 上报
 * pressed again after a lost answer reports nothing twice. The new hazard opens.
 */
export function ReportHazardModal({ onClose }: { onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useCurrentUser();
  const [pageSchool, , schools] = useSchool();
  const [form] = Form.useForm<Values>();
  const [key] = useState(newIdempotencyKey);
  const [uploading, setUploading] = useState(false);
  const schoolId = Form.useWatch('schoolId', form) ?? pageSchool;
  const units = useUnits(schoolId);
  const police = me.memberships.some((m) => m.role === 'police');

  const report = useMutation({
    mutationFn: (input: ReportInput) => reportHazard(input),
    onSuccess: ({ hazard }) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.hazards });
      void message.success(t('hazards.report.done', { no: hazard.no }));
      onClose();
      void navigate(`/hazards/${hazard.id}`);
    },
  });

  const submit = (v: Values) => {
    const input: ReportInput = {
      key,
      schoolId,
      origin: v.origin,
      domain: v.domain!,
      grade: v.grade,
      title: v.title!.trim(),
      description: trimmed(v.description) ?? '',
      placeId: v.placeId,
      address: trimmed(v.address),
      photos: v.photos ?? [],
    };
    if (v.unitId) {
      if (units.kindOf(v.unitId) === 'org') input.unitOrgId = v.unitId;
      else input.unitGridId = v.unitId;
    }
    report.mutate(input);
  };

  return (
    <Modal
      open
      width={640}
      title={t('hazards.report.title')}
      okText={t('hazards.report.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{
        loading: report.isPending,
        disabled: uploading,
        ...{ 'data-testid': 'hazard-report-submit' },
      }}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        data-testid="hazard-report-form"
        initialValues={{ schoolId: pageSchool, origin: 'adhoc', grade: 'general' }}
        onFinish={submit}
        onValuesChange={(changed: Partial<Values>) => {
          report.reset();
          // Another school's places and units mean nothing there.
          if ('schoolId' in changed) form.setFieldsValue({ placeId: undefined, unitId: undefined });
        }}
      >
        {schools.length > 1 && (
          <Form.Item name="schoolId" label={t('hazards.field.school')} rules={[{ required: true }]}>
            <Select options={schools.map((s) => ({ value: s.id, label: s.name }))} />
          </Form.Item>
        )}
        <Form.Item name="origin" label={t('hazards.field.origin')}>
          <Radio.Group
            optionType="button"
            options={REPORT_ORIGINS.filter((o) => o !== 'police' || police).map((o) => ({
              value: o,
              label: t(`hazards.origin.${o}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="domain"
          label={t('hazards.field.domain')}
          rules={[{ required: true, message: t('hazards.report.domainRequired') }]}
        >
          <Select<RiskDomain>
            data-testid="hazard-report-domain"
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('hazards.report.domainPlaceholder')}
            options={RISK_DOMAINS.map((d) => ({ value: d, label: t(`riskDomain.${d}`) }))}
          />
        </Form.Item>
        <Form.Item name="grade" label={t('hazards.field.grade')} extra={t('hazards.report.gradeHint')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={GRADES.map((g) => ({ value: g, label: t(`hazards.grade.${g}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('hazards.field.title')}
          rules={[
            { required: true, whitespace: true, message: t('hazards.report.titleRequired') },
            { max: 100 },
          ]}
        >
          <Input
            maxLength={100}
            placeholder={t('hazards.report.titlePlaceholder')}
            data-testid="hazard-report-title"
          />
        </Form.Item>
        <Form.Item name="description" label={t('hazards.field.description')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount data-testid="hazard-report-description" />
        </Form.Item>
        <Form.Item name="placeId" label={t('hazards.field.place')} extra={t('hazards.report.placeHint')}>
          <PlaceSelect
            allowClear
            schoolId={schoolId}
            kinds={['building', 'floor', 'room', 'gate', 'area']}
            placeholder={t('hazards.report.placePlaceholder')}
          />
        </Form.Item>
        <Form.Item name="address" label={t('hazards.field.address')} rules={[{ max: 200 }]}>
          <Input maxLength={200} placeholder={t('hazards.report.addressPlaceholder')} />
        </Form.Item>
        <Form.Item name="photos" label={t('hazards.field.photos')}>
          <PhotoPicker onBusy={setUploading} data-testid="hazard-report-photo-input" />
        </Form.Item>
        <Form.Item name="unitId" label={t('hazards.field.unit')} extra={t('hazards.report.unitHint')}>
          <UnitSelect allowClear schoolId={schoolId} placeholder={t('hazards.report.unitPlaceholder')} />
        </Form.Item>
        {!!report.error && <Alert type="error" showIcon title={errorMessage(report.error, t)} />}
      </Form>
    </Modal>
  );
}
