import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  AutoComplete,
  Button,
  Checkbox,
  Col,
  Divider,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { queryKeys } from '../../api/keys';
import { FormModal } from '../../components/FormModal';
import { useT } from '../../i18n/I18nProvider';
import { trimmed } from '../../lib/format';
import { createCategory, updateCategory } from './api';
import { DurationField } from './DurationField';
import styles from './requests.module.css';
import {
  ATTRIBUTE_TYPES,
  isListType,
  type AttributeType,
  type CategoryAttribute,
  type DeadlinePolicy,
  type RequestCategory,
} from './types';

const CODE = /^[A-Za-z0-9_-]{1,40}$/;
const ATTRIBUTE_CODE = /^[A-Za-z0-9_]{1,40}$/;
const POLICY_KEYS = ['respond', 'resolve', 'urgeBefore', 'superviseAfter', 'noticeAfter'] as const;

interface Values {
  code: string;
  name: string;
  nameEn?: string;
  groupName: string;
  description?: string;
  keywords?: string;
  policy: DeadlinePolicy;
  attributes?: CategoryAttribute[];
  active: boolean;
  sortOrder?: number;
}

const NEW_POLICY: DeadlinePolicy = {
  respond: { amount: 2, unit: 'working_hours' },
  resolve: { amount: 3, unit: 'working_days' },
  urgeBefore: { amount: 4, unit: 'working_hours' },
  superviseAfter: { amount: 0, unit: 'working_hours' },
  noticeAfter: { amount: 2, unit: 'working_days' },
};

/** The questions a category asks besides the description (Open311 attributes). */
function AttributesEditor() {
  const t = useT();
  const form = Form.useFormInstance<Values>();
  const attributes = Form.useWatch('attributes', form);
  return (
    <Form.List name="attributes">
      {(fields, { add, remove }) => (
        <>
          {fields.map((field) => {
            const datatype = attributes?.[field.name]?.datatype;
            return (
              <div key={field.key} className={styles.attribute} data-testid="category-attribute">
                <Row gutter={8}>
                  <Col span={6}>
                    <Form.Item
                      name={[field.name, 'code']}
                      label={t('requests.category.attrCode')}
                      rules={[
                        {
                          required: true,
                          pattern: ATTRIBUTE_CODE,
                          message: t('requests.category.attrCodeRule'),
                        },
                      ]}
                    >
                      <Input maxLength={40} />
                    </Form.Item>
                  </Col>
                  <Col span={10}>
                    <Form.Item
                      name={[field.name, 'description']}
                      label={t('requests.category.attrQuestion')}
                      rules={[{ required: true, whitespace: true, max: 200 }]}
                    >
                      <Input maxLength={200} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name={[field.name, 'datatype']} label={t('requests.category.attrType')}>
                      <Select<AttributeType>
                        options={ATTRIBUTE_TYPES.map((a) => ({
                          value: a,
                          label: t(`requests.attrType.${a}`),
                        }))}
                      />
                    </Form.Item>
                  </Col>
                </Row>
                <Space wrap align="center">
                  <Form.Item name={[field.name, 'required']} valuePropName="checked" noStyle>
                    <Checkbox>{t('requests.category.attrRequired')}</Checkbox>
                  </Form.Item>
                  <Form.Item name={[field.name, 'order']} noStyle>
                    <InputNumber<number>
                      min={0}
                      max={100}
                      precision={0}
                      prefix={t('requests.category.attrOrder')}
                      style={{ width: 120 }}
                    />
                  </Form.Item>
                  <Button type="link" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)}>
                    {t('requests.category.attrRemove')}
                  </Button>
                </Space>
                {datatype && isListType(datatype) && (
                  <Form.List name={[field.name, 'values']}>
                    {(choices, choice) => (
                      <div className={styles.choices}>
                        <Typography.Text type="secondary">
                          {t('requests.category.attrValues')}
                        </Typography.Text>
                        {choices.map((c) => (
                          <Space.Compact key={c.key} block className={styles.choice}>
                            <Form.Item
                              name={[c.name, 'key']}
                              noStyle
                              rules={[{ required: true, whitespace: true }]}
                            >
                              <Input
                                placeholder={t('requests.category.valueKey')}
                                maxLength={40}
                                style={{ width: '35%' }}
                              />
                            </Form.Item>
                            <Form.Item
                              name={[c.name, 'name']}
                              noStyle
                              rules={[{ required: true, whitespace: true }]}
                            >
                              <Input placeholder={t('requests.category.valueName')} maxLength={100} />
                            </Form.Item>
                            <Button
                              icon={<DeleteOutlined />}
                              aria-label={t('requests.category.valueRemove')}
                              onClick={() => choice.remove(c.name)}
                            />
                          </Space.Compact>
                        ))}
                        <Button
                          size="small"
                          type="dashed"
                          icon={<PlusOutlined />}
                          onClick={() => choice.add({ key: '', name: '' })}
                        >
                          {t('requests.category.valueAdd')}
                        </Button>
                      </div>
                    )}
                  </Form.List>
                )}
              </div>
            );
          })}
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() =>
              add({
                code: '',
                description: '',
                datatype: 'string',
                required: false,
                order: fields.length + 1,
              })
            }
          >
            {t('requests.category.attrAdd')}
          </Button>
        </>
      )}
    </Form.List>
  );
}

/** Add a category, or change one (its version guards against a change made meanwhile). */
export function CategoryFormModal({
  schoolId,
  category,
  groups,
  onClose,
}: {
  schoolId: string;
  /** the category edited; none: a new one */
  category: RequestCategory | null;
  /** the groups already in use, offered as the group's name */
  groups: string[];
  onClose: () => void;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (v: Values) => {
      const attributes = (v.attributes ?? []).map((a, i) => ({
        code: a.code.trim(),
        datatype: a.datatype,
        required: !!a.required,
        description: a.description.trim(),
        order: a.order ?? i + 1,
        ...(isListType(a.datatype)
          ? { values: (a.values ?? []).map((x) => ({ key: x.key.trim(), name: x.name.trim() })) }
          : {}),
      }));
      const body = {
        code: v.code.trim(),
        name: v.name.trim(),
        nameEn: trimmed(v.nameEn),
        groupName: v.groupName.trim(),
        description: v.description?.trim() ?? '',
        keywords: v.keywords?.trim() ?? '',
        attributes,
        policy: v.policy,
        active: v.active,
        sortOrder: v.sortOrder ?? 0,
      };
      return category
        ? updateCategory(category.id, { ...body, version: category.version })
        : createCategory({ ...body, schoolId });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.requestCatalogue });
      onClose();
    },
  });

  return (
    <FormModal<Values>
      title={
        category
          ? t('requests.category.editTitle', { name: category.name })
          : t('requests.category.createTitle')
      }
      width={820}
      form={form}
      save={save}
      initialValues={
        category
          ? { ...category, nameEn: category.nameEn ?? undefined }
          : { policy: NEW_POLICY, active: true, attributes: [], sortOrder: 0 }
      }
      onClose={onClose}
    >
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item
            name="code"
            label={t('requests.category.code')}
            extra={t('requests.category.codeHint')}
            rules={[{ required: true, pattern: CODE, message: t('requests.category.codeRule') }]}
          >
            <Input maxLength={40} data-testid="category-code" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            name="name"
            label={t('requests.category.name')}
            rules={[{ required: true, whitespace: true, max: 60 }]}
          >
            <Input maxLength={60} data-testid="category-name" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            name="groupName"
            label={t('requests.category.group')}
            rules={[{ required: true, whitespace: true, max: 40 }]}
          >
            <AutoComplete
              options={groups.map((g) => ({ value: g }))}
              maxLength={40}
              data-testid="category-group"
            />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item name="nameEn" label={t('requests.category.nameEn')} rules={[{ max: 80 }]}>
            <Input maxLength={80} />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item
            name="keywords"
            label={t('requests.category.keywords')}
            extra={t('requests.category.keywordsHint')}
          >
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="sortOrder" label={t('requests.category.sortOrder')}>
            <InputNumber<number> min={0} max={1000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="description" label={t('requests.category.description')} rules={[{ max: 500 }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Divider titlePlacement="start" plain>
        {t('requests.category.deadlines')}
      </Divider>
      <Row gutter={12}>
        {POLICY_KEYS.map((k) => (
          <Col key={k} xs={24} md={12}>
            <Form.Item
              name={['policy', k]}
              label={t(`requests.policy.${k}`)}
              extra={t(`requests.policyHint.${k}`)}
              rules={[{ required: true }]}
            >
              <DurationField data-testid={`policy-${k}`} />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Divider titlePlacement="start" plain>
        {t('requests.category.attributes')}
      </Divider>
      <AttributesEditor />
      <Divider />
      <Form.Item
        name="active"
        label={t('requests.category.active')}
        valuePropName="checked"
        extra={t('requests.category.activeHint')}
      >
        <Switch />
      </Form.Item>
    </FormModal>
  );
}
