import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Form,
  Input,
  InputNumber,
  Modal,
  Rate,
  Select,
  Space,
  Switch,
  Typography,
  type FormRule,
} from 'antd';
import { useEffect, useState } from 'react';
import { queryKeys } from '../../api/keys';
import { UnitSelect, useUnits } from '../../components/UnitSelect';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { trimmed } from '../../lib/format';
import { isChangedMeanwhile } from '../../lib/records';
import { listRequests } from './api';
import { useRequestAction } from './hooks';
import {
  ALARM_CLASSES,
  type ActionInput,
  type AlarmClass,
  type DurationUnit,
  type RequestAction,
  type RequestDetail,
} from './types';
import { PhotoPicker } from '../../components/PhotoPicker';
import { ReporterContact } from './ReporterContact';

/** Steps that may carry photos of the work done (整改后照片), as the server takes them. */
const AFTER_PHOTO_ACTIONS: ReadonlySet<RequestAction> = new Set(['reply', 'answer_directly']);

/** Steps the server refuses without a reason (退单, 转办, 延期, 挂账, 审核不通过, 不予办理, 不属本单位). */
const NEEDS_REASON: ReadonlySet<RequestAction> = new Set([
  'return',
  'transfer',
  'extend',
  'park',
  'audit_fail',
  'close_no_action',
  'close_not_ours',
]);
/** Steps whose words go to the reporter as a message. */
const MESSAGE_ACTIONS: ReadonlySet<RequestAction> = new Set([
  'contact',
  'progress',
  'reply',
  'answer_directly',
  'resume',
  'audit_pass',
  'visit',
]);
/** …of which these must say something (the answer itself). */
const MESSAGE_REQUIRED: ReadonlySet<RequestAction> = new Set(['reply', 'answer_directly']);
/** Steps the reporter never sees (between the centre and the unit). */
export const INTERNAL_ACTIONS: ReadonlySet<RequestAction> = new Set(['return', 'audit_pass', 'audit_fail']);
/** Steps that end the request or hand it elsewhere: shown in red. */
export const DANGER_ACTIONS: ReadonlySet<RequestAction> = new Set([
  'close_no_action',
  'close_not_ours',
  'merge',
  'refer',
  'audit_fail',
  'return',
]);
const EXTEND_UNITS: readonly DurationUnit[] = ['working_days', 'working_hours'];

interface Values {
  text?: string;
  unitId?: string;
  amount?: number;
  durationUnit?: DurationUnit;
  contacted?: boolean;
  solved?: boolean;
  satisfaction?: number;
  mergeInto?: string;
  alarmClass?: AlarmClass;
  /** reply, answer_directly: photos of the work done */
  photos?: string[];
}

/** Another open request of the same school, found by its number or words (the merge target). */
function MergeTargetSelect({
  id,
  request,
  value,
  onChange,
}: {
  id?: string;
  request: RequestDetail;
  value?: string;
  onChange?: (value: string | undefined) => void;
}) {
  const t = useT();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(search.trim()), 300);
    return () => clearTimeout(timer);
  }, [search]);
  const list = useQuery({
    queryKey: [...queryKeys.requests, 'merge-targets', request.schoolId, q],
    queryFn: () => listRequests({ schoolId: request.schoolId, open: 'true', q: q || undefined }, 1, 20),
    placeholderData: keepPreviousData,
  });
  const options = [
    ...request.possibleDuplicates.map((d) => ({ value: d.id, label: `${d.no} · ${d.description}` })),
    ...(list.data?.items ?? [])
      .filter((r) => r.id !== request.id && !request.possibleDuplicates.some((d) => d.id === r.id))
      .map((r) => ({ value: r.id, label: `${r.no} · ${r.categoryName} · ${r.description}` })),
  ];
  return (
    <Select<string>
      id={id}
      value={value}
      onChange={onChange}
      options={options}
      loading={list.isFetching}
      placeholder={t('requests.form.mergePlaceholder')}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      notFoundContent={list.isFetching ? undefined : t('common.noMatch')}
    />
  );
}

/**
 * One step on a request, with what it needs (a unit, a reason, the words to the reporter, an
 * extension, the return visit's answers, a merge target, an alarm class). It sends the version
 * the user saw when opening it: changed meanwhile, the server refuses and the request is read again.
 */
export function ActionModal({
  request,
  action,
  mergeInto,
  onClose,
}: {
  request: RequestDetail;
  action: RequestAction;
  /** a merge target chosen beforehand (合并到此 on a possible duplicate) */
  mergeInto?: string;
  onClose: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  // The version the user decided on: a change by someone else meanwhile must not slip through.
  const [version] = useState(request.version);
  const units = useUnits(request.schoolId);
  const act = useRequestAction(onClose);
  const durationUnit = Form.useWatch('durationUnit', form);
  const [uploading, setUploading] = useState(false);

  const needsReason = NEEDS_REASON.has(action);
  const isMessage = MESSAGE_ACTIONS.has(action);
  const hasText = action !== 'sign' && action !== 'dispatch';
  const textRequired = needsReason || MESSAGE_REQUIRED.has(action);
  const publicText = hasText && !INTERNAL_ACTIONS.has(action);
  const textRules: FormRule[] = textRequired
    ? [
        {
          required: true,
          whitespace: true,
          message: t(needsReason ? 'requests.form.reasonRequired' : 'requests.form.answerRequired'),
        },
      ]
    : [];

  const submit = (v: Values) => {
    const text = trimmed(v.text);
    const input: ActionInput = { action, version };
    if (text) {
      if (isMessage) input.message = text;
      else input.reason = text;
    }
    if ((action === 'dispatch' || action === 'transfer') && v.unitId) {
      if (units.kindOf(v.unitId) === 'org') input.unitOrgId = v.unitId;
      else input.unitGridId = v.unitId;
    }
    if (action === 'extend' && v.amount && v.durationUnit)
      input.extension = { amount: v.amount, unit: v.durationUnit };
    if (action === 'visit')
      input.visit = {
        contacted: v.contacted ?? false,
        solved: v.solved ?? false,
        satisfaction: v.satisfaction ?? 1,
      };
    if (action === 'merge') input.mergeInto = v.mergeInto;
    if (action === 'refer') input.alarmClass = v.alarmClass;
    if (AFTER_PHOTO_ACTIONS.has(action) && v.photos?.length) input.photos = v.photos;
    act.mutate({ id: request.id, input });
  };

  return (
    <Modal
      open
      title={`${t(`requests.action.${action}`)} · ${request.no}`}
      okText={t('requests.form.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{
        danger: DANGER_ACTIONS.has(action),
        loading: act.isPending,
        disabled: uploading,
        ...{ 'data-testid': 'req-action-confirm' },
      }}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<Values>
        form={form}
        data-testid="req-form"
        data-action={action}
        layout="vertical"
        initialValues={{
          durationUnit: 'working_days',
          amount: 1,
          contacted: true,
          solved: true,
          alarmClass: 'police',
          mergeInto,
        }}
        onFinish={submit}
        onValuesChange={() => act.reset()}
      >
        <Typography.Paragraph type="secondary">{t(`requests.actionHint.${action}`)}</Typography.Paragraph>
        {action === 'contact' && <ReporterContact request={request} />}
        {(action === 'dispatch' || action === 'transfer') && (
          <Form.Item
            name="unitId"
            label={t('requests.form.unit')}
            extra={t('requests.form.unitHint')}
            rules={[{ required: true, message: t('requests.form.unitRequired') }]}
          >
            <UnitSelect schoolId={request.schoolId} data-testid="req-unit" />
          </Form.Item>
        )}
        {action === 'extend' && (
          <Form.Item label={t('requests.form.extension')} required>
            <Space.Compact>
              <Form.Item
                name="amount"
                noStyle
                rules={[{ required: true, message: t('requests.form.amountRequired') }]}
              >
                <InputNumber<number>
                  min={durationUnit === 'working_days' ? 1 : 0.5}
                  max={durationUnit === 'working_days' ? 60 : 480}
                  step={durationUnit === 'working_days' ? 1 : 0.5}
                  precision={durationUnit === 'working_days' ? 0 : 1}
                  aria-label={t('requests.form.amount')}
                  style={{ width: 120 }}
                  data-testid="req-extend-amount"
                />
              </Form.Item>
              <Form.Item name="durationUnit" noStyle>
                <Select<DurationUnit>
                  style={{ width: 130 }}
                  aria-label={t('requests.form.durationUnit')}
                  options={EXTEND_UNITS.map((u) => ({ value: u, label: t(`requests.duration.${u}`) }))}
                />
              </Form.Item>
            </Space.Compact>
          </Form.Item>
        )}
        {action === 'visit' && (
          <>
            <Form.Item name="contacted" label={t('requests.form.visitContacted')} valuePropName="checked">
              <Switch checkedChildren={t('requests.yes')} unCheckedChildren={t('requests.no')} />
            </Form.Item>
            <Form.Item
              name="solved"
              label={t('requests.form.visitSolved')}
              valuePropName="checked"
              extra={t('requests.form.visitSolvedHint')}
            >
              <Switch checkedChildren={t('requests.yes')} unCheckedChildren={t('requests.no')} />
            </Form.Item>
            <Form.Item
              name="satisfaction"
              label={t('requests.form.satisfaction')}
              rules={[{ required: true, message: t('requests.form.satisfactionRequired') }]}
            >
              <Rate
                tooltips={[1, 2, 3, 4, 5].map((n) => t(`requests.satisfaction.${n as 1 | 2 | 3 | 4 | 5}`))}
              />
            </Form.Item>
          </>
        )}
        {action === 'merge' && (
          <Form.Item
            name="mergeInto"
            label={t('requests.form.mergeInto')}
            extra={t('requests.form.mergeHint')}
            rules={[{ required: true, message: t('requests.form.mergeRequired') }]}
          >
            <MergeTargetSelect request={request} />
          </Form.Item>
        )}
        {action === 'refer' && (
          <>
            <Alert
              type="warning"
              showIcon
              title={t('requests.form.referWarning')}
              style={{ marginBottom: 16 }}
            />
            <Form.Item name="alarmClass" label={t('requests.form.alarmClass')} rules={[{ required: true }]}>
              <Select<AlarmClass>
                options={ALARM_CLASSES.map((c) => ({ value: c, label: t(`requests.alarmClass.${c}`) }))}
              />
            </Form.Item>
          </>
        )}
        {hasText && (
          <Form.Item
            name="text"
            label={
              <Space size={4}>
                {t(
                  needsReason || !isMessage
                    ? 'requests.form.reason'
                    : action === 'reply' || action === 'answer_directly'
                      ? 'requests.form.answer'
                      : 'requests.form.message',
                )}
                <Typography.Text type="secondary">
                  {t(publicText ? 'requests.form.visibleToReporter' : 'requests.form.internalOnly')}
                </Typography.Text>
              </Space>
            }
            rules={[...textRules, { max: needsReason || !isMessage ? 500 : 2000 }]}
          >
            <Input.TextArea
              rows={4}
              maxLength={needsReason || !isMessage ? 500 : 2000}
              showCount
              placeholder={t(`requests.placeholder.${action}`)}
              data-testid="req-action-message"
            />
          </Form.Item>
        )}
        {AFTER_PHOTO_ACTIONS.has(action) && (
          <Form.Item
            name="photos"
            label={t('requests.form.afterPhotos')}
            extra={t('requests.form.afterPhotosHint')}
          >
            <PhotoPicker
              onBusy={setUploading}
              max={6}
              alt={t('requests.form.afterPhotos')}
              data-testid="req-photo-input"
            />
          </Form.Item>
        )}
        {!!act.error && !isChangedMeanwhile(act.error) && (
          <Alert type="error" showIcon title={errorMessage(act.error, t)} />
        )}
      </Form>
    </Modal>
  );
}
