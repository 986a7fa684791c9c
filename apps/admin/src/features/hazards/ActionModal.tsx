import {
  Alert,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Typography,
  type FormRule,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { UnitSelect, useUnits } from '../../components/UnitSelect';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { chinaDate } from '../../lib/deadline';
import { trimmed } from '../../lib/format';
import { isChangedMeanwhile } from '../../lib/records';
import { useHazardAction } from './hooks';
import { PhotoPicker } from '../../components/PhotoPicker';
import {
  GRADES,
  PHASES,
  type ActionInput,
  type Grade,
  type HazardAction,
  type HazardDetail,
  type Phase,
} from './types';

const DATE = 'YYYY-MM-DD';
/** Steps shown in red: sending the work back. */
export const DANGER_ACTIONS: ReadonlySet<HazardAction> = new Set(['reject']);
/** Steps that need photos (the server refuses them without). */
const PHOTO_ACTIONS: ReadonlySet<HazardAction> = new Set(['progress', 'submit']);
/** Steps signed by the verifier (复查/验收 签字). */
const SIGNED_ACTIONS: ReadonlySet<HazardAction> = new Set(['pass', 'reject']);

interface Values {
  person?: string;
  measures?: string;
  funds?: number;
  deadline?: Dayjs;
  interim?: string;
  photos?: string[];
  phase?: Phase;
  body?: string;
  signature?: string;
  reason?: string;
  grade?: Grade;
  unitId?: string;
}

/**
 * One step on a hazard with what it needs: the 五定 (the unit's own date no later than the
 * hazard's deadline, interim controls required for a major hazard), a progress report with photos
 * before or after, the finished work with its "after" photos, the verifier's signed pass or
 * sending back with a reason, a new grade or unit, a note. It sends the version the user saw when
 * opening it: changed meanwhile, the server refuses and the hazard is read again.
 */
export function ActionModal({
  hazard,
  action,
  onClose,
}: {
  hazard: HazardDetail;
  action: HazardAction;
  onClose: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  // The version the user decided on: a change by someone else meanwhile must not slip through.
  const [version] = useState(hazard.version);
  const [uploading, setUploading] = useState(false);
  const [nothingChanged, setNothingChanged] = useState(false);
  const units = useUnits(hazard.schoolId);
  const act = useHazardAction(onClose);
  const lastDay = chinaDate(hazard.deadline);
  const major = hazard.grade === 'major';

  const required = (message: string): FormRule[] => [{ required: true, whitespace: true, message }];
  const photoRules: FormRule[] = [
    {
      validator: (_, value: string[] | undefined) =>
        value?.length ? Promise.resolve() : Promise.reject(new Error(t('hazards.form.photosRequired'))),
    },
  ];

  const submit = (v: Values) => {
    const input: ActionInput = { action, version };
    switch (action) {
      case 'plan':
        input.plan = {
          person: v.person!.trim(),
          measures: v.measures!.trim(),
          funds: v.funds ?? 0,
          // the end of the chosen day in China, as the hazard's own deadline is
          deadline: `${v.deadline!.format(DATE)}T23:59:59+08:00`,
          interim: trimmed(v.interim) ?? '',
        };
        break;
      case 'progress':
        input.photos = v.photos ?? [];
        input.phase = v.phase;
        input.body = trimmed(v.body);
        break;
      case 'submit':
        input.photos = v.photos ?? [];
        input.body = trimmed(v.body);
        break;
      case 'pass':
        input.signature = v.signature!.trim();
        input.body = trimmed(v.body);
        break;
      case 'reject':
        input.signature = v.signature!.trim();
        input.reason = v.reason!.trim();
        break;
      case 'assign':
        if (v.grade && v.grade !== hazard.grade) input.grade = v.grade;
        if (v.unitId && v.unitId !== hazard.unit?.id) {
          if (units.kindOf(v.unitId) === 'org') input.unitOrgId = v.unitId;
          else input.unitGridId = v.unitId;
        }
        if (!input.grade && !input.unitOrgId && !input.unitGridId) {
          setNothingChanged(true);
          return;
        }
        break;
      case 'comment':
        input.body = v.body!.trim();
        break;
    }
    act.mutate({ id: hazard.id, input });
  };

  return (
    <Modal
      open
      width={action === 'plan' ? 640 : 560}
      title={`${t(`hazards.action.${action}`)} · ${hazard.no}`}
      okText={t('hazards.form.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{
        danger: DANGER_ACTIONS.has(action),
        loading: act.isPending,
        disabled: uploading,
        ...{ 'data-testid': 'hazard-action-confirm' },
      }}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<Values>
        form={form}
        data-testid="hazard-form"
        data-action={action}
        layout="vertical"
        initialValues={{
          funds: 0,
          deadline: dayjs(lastDay),
          phase: 'before',
          grade: hazard.grade,
          unitId: hazard.unit?.id,
        }}
        onFinish={submit}
        onValuesChange={() => {
          act.reset();
          setNothingChanged(false);
        }}
      >
        <Typography.Paragraph type="secondary">
          {t(`hazards.actionHint.${action}`)}
          {action === 'plan' && major && ` ${t('hazards.form.majorInterim')}`}
        </Typography.Paragraph>
        {action === 'plan' && (
          <>
            <Form.Item
              name="person"
              label={t('hazards.plan.person')}
              rules={[...required(t('hazards.form.personRequired')), { max: 60 }]}
            >
              <Input maxLength={60} data-testid="hazard-plan-person" />
            </Form.Item>
            <Form.Item
              name="measures"
              label={t('hazards.plan.measures')}
              rules={[...required(t('hazards.form.measuresRequired')), { max: 2000 }]}
            >
              <Input.TextArea rows={3} maxLength={2000} showCount data-testid="hazard-plan-measures" />
            </Form.Item>
            <Form.Item
              name="funds"
              label={t('hazards.plan.funds')}
              extra={t('hazards.form.fundsHint')}
              rules={[{ required: true, message: t('hazards.form.fundsRequired') }]}
            >
              <InputNumber<number>
                min={0}
                max={100_000_000}
                precision={2}
                prefix="¥"
                style={{ width: 200 }}
                data-testid="hazard-plan-funds"
              />
            </Form.Item>
            <Form.Item
              name="deadline"
              label={t('hazards.plan.deadline')}
              extra={t('hazards.form.deadlineHint', { date: lastDay })}
              rules={[{ required: true, message: t('hazards.form.deadlineRequired') }]}
            >
              <DatePicker
                allowClear={false}
                disabledDate={(d) => d.format(DATE) > lastDay}
                data-testid="hazard-plan-deadline"
              />
            </Form.Item>
            <Form.Item
              name="interim"
              label={t('hazards.plan.interim')}
              rules={[...(major ? required(t('hazards.form.interimRequired')) : []), { max: 1000 }]}
            >
              <Input.TextArea
                rows={2}
                maxLength={1000}
                placeholder={t('hazards.form.interimPlaceholder')}
                data-testid="hazard-plan-interim"
              />
            </Form.Item>
          </>
        )}
        {action === 'progress' && (
          <Form.Item name="phase" label={t('hazards.form.phase')}>
            <Radio.Group
              optionType="button"
              options={PHASES.map((p) => ({ value: p, label: t(`hazards.phase.${p}`) }))}
            />
          </Form.Item>
        )}
        {PHOTO_ACTIONS.has(action) && (
          <Form.Item
            name="photos"
            label={t(action === 'submit' ? 'hazards.form.afterPhotos' : 'hazards.form.photos')}
            rules={photoRules}
            required
          >
            <PhotoPicker onBusy={setUploading} />
          </Form.Item>
        )}
        {action === 'assign' && (
          <>
            <Form.Item name="grade" label={t('hazards.field.grade')} extra={t('hazards.form.gradeHint')}>
              <Select<Grade>
                data-testid="hazard-assign-grade"
                options={GRADES.map((g) => ({ value: g, label: t(`hazards.grade.${g}`) }))}
              />
            </Form.Item>
            <Form.Item name="unitId" label={t('hazards.field.unit')} extra={t('hazards.form.unitHint')}>
              <UnitSelect schoolId={hazard.schoolId} data-testid="hazard-assign-unit" />
            </Form.Item>
          </>
        )}
        {action === 'reject' && (
          <Form.Item
            name="reason"
            label={t('hazards.form.reason')}
            rules={[...required(t('hazards.form.reasonRequired')), { max: 1000 }]}
          >
            <Input.TextArea rows={3} maxLength={1000} showCount data-testid="hazard-reason" />
          </Form.Item>
        )}
        {(action === 'progress' || action === 'submit' || action === 'pass' || action === 'comment') && (
          <Form.Item
            name="body"
            label={t(
              action === 'pass'
                ? 'hazards.form.opinion'
                : action === 'comment'
                  ? 'hazards.form.comment'
                  : 'hazards.form.note',
            )}
            rules={[
              ...(action === 'comment' ? required(t('hazards.form.commentRequired')) : []),
              { max: 2000 },
            ]}
          >
            <Input.TextArea rows={3} maxLength={2000} showCount data-testid="hazard-body" />
          </Form.Item>
        )}
        {SIGNED_ACTIONS.has(action) && (
          <Form.Item
            name="signature"
            label={t('hazards.form.signature')}
            extra={t('hazards.form.signatureHint')}
            rules={[...required(t('hazards.form.signatureRequired')), { max: 40 }]}
          >
            <Input maxLength={40} autoComplete="off" data-testid="hazard-signature" />
          </Form.Item>
        )}
        {nothingChanged && <Alert type="warning" showIcon title={t('hazards.form.assignNothing')} />}
        {!!act.error && !isChangedMeanwhile(act.error) && (
          <Alert type="error" showIcon title={errorMessage(act.error, t)} />
        )}
      </Form>
    </Modal>
  );
}
