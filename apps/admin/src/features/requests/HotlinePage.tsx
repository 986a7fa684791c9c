import { newIdempotencyKey } from '@anxiao/web-core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Input, Radio, Result, Select, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { queryKeys } from '../../api/keys';
import type { Place } from '../../api/types';
import shared from '../../components/page.module.css';
import { PlaceSelect } from '../../components/PlaceSelect';
import { useSchool } from '../../components/SchoolSelect';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { formatDateTime, trimmed } from '../../lib/format';
import { fileHotline } from './api';
import { AttributeFields, attributeValues, type AttributeAnswers } from './AttributeFields';
import { useCategories } from './hooks';
import styles from './requests.module.css';
import { StatusTag } from './tags';
import {
  IDENTITIES,
  PRIORITIES,
  type Filed,
  type Identity,
  type Priority,
  type RequestCategory,
} from './types';

const PLACE_KINDS: readonly Place['kind'][] = ['building', 'floor', 'room', 'gate', 'area'];
const PHONE = /^[0-9+\- ]{5,20}$/;

interface Values {
  /** only asked for when the user has several schools */
  schoolId?: string;
  categoryId: string;
  attributes?: AttributeAnswers;
  description: string;
  placeId?: string;
  address?: string;
  callerName?: string;
  callerPhone?: string;
  identity: Identity;
  externalNo?: string;
  priority: Priority;
}

/** The private link a caller follows the request by (also anonymous callers): the phone app's page. */
export const trackLink = (token: string) => `${window.location.origin}/m/#/r/${token}`;

function categoryOptions(categories: readonly RequestCategory[]) {
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const c of categories.filter((x) => x.active)) {
    const list = groups.get(c.groupName) ?? [];
    list.push({ value: c.id, label: c.name });
    groups.set(c.groupName, list);
  }
  return [...groups].map(([label, options]) => ({ label, title: label, options }));
}

function Entered({ filed, onAnother }: { filed: Filed; onAnother: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const link = filed.trackToken ? trackLink(filed.trackToken) : null;
  return (
    <Result
      status="success"
      title={t(filed.created ? 'requests.hotline.done' : 'requests.hotline.doneAgain', { no: filed.no })}
      subTitle={t('requests.hotline.doneHint')}
      extra={[
        <Button key="view" type="primary" onClick={() => void navigate(`/requests/${filed.id}`)}>
          {t('requests.hotline.view')}
        </Button>,
        <Button key="another" onClick={onAnother} data-testid="hotline-another">
          {t('requests.hotline.another')}
        </Button>,
      ]}
    >
      <Descriptions
        size="small"
        column={1}
        bordered
        data-testid="hotline-result"
        items={[
          {
            key: 'no',
            label: t('requests.col.no'),
            children: (
              <Typography.Text strong copyable data-testid="hotline-no">
                {filed.no}
              </Typography.Text>
            ),
          },
          { key: 'status', label: t('common.status'), children: <StatusTag status={filed.status} /> },
          {
            key: 'respondBy',
            label: t('requests.detail.respondBy'),
            children: formatDateTime(filed.respondBy),
          },
          {
            key: 'resolveBy',
            label: t('requests.detail.resolveBy'),
            children: formatDateTime(filed.resolveBy),
          },
          ...(link
            ? [
                {
                  key: 'link',
                  label: t('requests.hotline.link'),
                  children: (
                    <>
                      <Typography.Text
                        copyable={{ text: link }}
                        data-testid="hotline-link"
                        className={styles.link}
                      >
                        {link}
                      </Typography.Text>
                      <Typography.Paragraph type="secondary" className={shared.hint}>
                        {t('requests.hotline.linkHint')}
                      </Typography.Paragraph>
                    </>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Result>
  );
}

/**
 * 热线登记: an operator enters a call (the school's hotline, or a 12345 transfer keeping its ticket
 * number). One idempotency key per entry, so 保存 pressed again after a lost answer files nothing
 * twice. The answer gives the number and the private link to read out to the caller.
 */
export function HotlinePage() {
  // One key per entry: a new entry is a new form (fresh fields) with a new key.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [filed, setFiled] = useState<Filed | null>(null);
  if (filed)
    return (
      <Card>
        <Entered
          filed={filed}
          onAnother={() => {
            setIdempotencyKey(newIdempotencyKey());
            setFiled(null);
          }}
        />
      </Card>
    );
  return <HotlineForm key={idempotencyKey} idempotencyKey={idempotencyKey} onFiled={setFiled} />;
}

function HotlineForm({ idempotencyKey, onFiled }: { idempotencyKey: string; onFiled: (f: Filed) => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [defaultSchool, , schools] = useSchool();
  const [form] = Form.useForm<Values>();
  const schoolId = Form.useWatch('schoolId', form) ?? defaultSchool;
  const categoryId = Form.useWatch('categoryId', form);
  const identity = Form.useWatch('identity', form);
  const categories = useCategories(schoolId);
  const category = categories.data?.find((c) => c.id === categoryId);

  const save = useMutation({
    mutationFn: (v: Values) =>
      fileHotline({
        idempotencyKey,
        schoolId: v.schoolId ?? schoolId!,
        categoryId: v.categoryId,
        description: v.description.trim(),
        placeId: v.placeId,
        address: trimmed(v.address),
        callerName: v.identity === 'anonymous' ? undefined : trimmed(v.callerName),
        callerPhone: v.identity === 'anonymous' ? undefined : trimmed(v.callerPhone),
        identity: v.identity,
        externalNo: trimmed(v.externalNo),
        priority: v.priority,
        attributes: attributeValues(category?.attributes ?? [], v.attributes),
      }),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.requests });
      onFiled(r);
    },
  });

  return (
    <Card title={t('requests.hotline.title')} className={styles.formCard}>
      <Typography.Paragraph type="secondary">{t('requests.hotline.intro')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        data-testid="hotline-form"
        initialValues={{ schoolId: defaultSchool, identity: 'named', priority: 'normal' }}
        onFinish={(v) => save.mutate(v)}
        onValuesChange={(changed: Partial<Values>) => {
          save.reset();
          if ('schoolId' in changed) form.setFieldsValue({ categoryId: undefined, placeId: undefined });
          if ('categoryId' in changed) form.setFieldValue('attributes', undefined);
        }}
        className={styles.form}
      >
        {schools.length > 1 && (
          <Form.Item name="schoolId" label={t('requests.hotline.school')} rules={[{ required: true }]}>
            <Select options={schools.map((s) => ({ value: s.id, label: s.name }))} />
          </Form.Item>
        )}
        <Form.Item
          name="categoryId"
          label={t('requests.col.category')}
          rules={[{ required: true, message: t('requests.hotline.categoryRequired') }]}
          extra={category?.description}
        >
          <Select
            options={categoryOptions(categories.data ?? [])}
            loading={categories.isLoading}
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="hotline-category"
          />
        </Form.Item>
        {category && <AttributeFields key={category.id} attributes={category.attributes} />}
        <Form.Item
          name="description"
          label={t('requests.hotline.description')}
          rules={[
            { required: true, whitespace: true, message: t('requests.hotline.descriptionRequired') },
            { min: 5, message: t('requests.hotline.descriptionMin') },
          ]}
        >
          <Input.TextArea
            rows={4}
            maxLength={2000}
            showCount
            placeholder={t('requests.hotline.descriptionPlaceholder')}
            data-testid="hotline-description"
          />
        </Form.Item>
        <Form.Item name="placeId" label={t('requests.detail.place')} extra={t('requests.hotline.placeHint')}>
          <PlaceSelect key={schoolId} schoolId={schoolId} kinds={PLACE_KINDS} allowClear />
        </Form.Item>
        <Form.Item name="address" label={t('requests.detail.address')} rules={[{ max: 200 }]}>
          <Input maxLength={200} placeholder={t('requests.hotline.addressPlaceholder')} />
        </Form.Item>
        <Form.Item
          name="identity"
          label={t('requests.hotline.identity')}
          extra={t(`requests.identityHint.${identity ?? 'named'}`)}
        >
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={IDENTITIES.map((i) => ({ value: i, label: t(`requests.identity.${i}`) }))}
          />
        </Form.Item>
        {identity !== 'anonymous' && (
          <div className={styles.pair}>
            <Form.Item name="callerName" label={t('requests.hotline.callerName')} rules={[{ max: 40 }]}>
              <Input maxLength={40} data-testid="hotline-caller-name" />
            </Form.Item>
            <Form.Item
              name="callerPhone"
              label={t('requests.hotline.callerPhone')}
              rules={[{ pattern: PHONE, message: t('requests.hotline.phoneRule') }]}
            >
              <Input maxLength={20} data-testid="hotline-caller-phone" />
            </Form.Item>
          </div>
        )}
        <div className={styles.pair}>
          <Form.Item
            name="externalNo"
            label={t('requests.hotline.externalNo')}
            extra={t('requests.hotline.externalNoHint')}
            rules={[{ max: 40 }]}
          >
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="priority" label={t('requests.hotline.priority')}>
            <Radio.Group
              optionType="button"
              options={PRIORITIES.map((p) => ({ value: p, label: t(`requests.priority.${p}`) }))}
            />
          </Form.Item>
        </div>
        {!!save.error && (
          <Alert type="error" showIcon title={errorMessage(save.error, t)} className={shared.section} />
        )}
        <Button
          type="primary"
          htmlType="submit"
          loading={save.isPending}
          disabled={!schoolId}
          data-testid="hotline-submit"
        >
          {t('requests.hotline.submit')}
        </Button>
      </Form>
    </Card>
  );
}
