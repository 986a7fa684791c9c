import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { ApiError } from '@anxiao/web-core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Flex, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { queryKeys } from '../../api/keys';
import type { GridDetail } from '../../api/types';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { updateGrid } from './api';
import styles from './grids.module.css';

const MAX_LINES = 50;

interface DutyValues {
  lines: string[];
}

/** 以格定责: the duties of the grid, one line each; editable by whoever may manage the grid. */
export function ResponsibilitiesCard({ grid }: { grid: GridDetail }) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm<DutyValues>();

  const save = useMutation({
    mutationFn: (lines: string[]) => updateGrid(grid.id, { responsibilities: lines, version: grid.version }),
    onSuccess: (updated) => {
      queryClient.setQueryData([...queryKeys.grids, 'detail', grid.id], updated);
      void queryClient.invalidateQueries({ queryKey: queryKeys.grids });
      void message.success(t('common.saved'));
      setEditing(false);
    },
    onError: (err) => {
      // Someone saved first: reload so that the next save carries the fresh version.
      if (err instanceof ApiError && err.status === 409)
        void queryClient.invalidateQueries({ queryKey: [...queryKeys.grids, 'detail', grid.id] });
    },
  });

  const start = () => {
    save.reset();
    form.setFieldsValue({ lines: grid.responsibilities.length > 0 ? grid.responsibilities : [''] });
    setEditing(true);
  };

  return (
    <Card
      title={t('grids.duties')}
      extra={
        grid.canManage &&
        !editing && (
          <Button size="small" icon={<EditOutlined />} onClick={start}>
            {t('common.edit')}
          </Button>
        )
      }
    >
      {editing ? (
        <Form<DutyValues>
          form={form}
          onFinish={(v) => save.mutate(v.lines.map((l) => l.trim()).filter(Boolean))}
          onValuesChange={() => save.reset()}
        >
          <Form.List name="lines">
            {(fields, { add, remove }) => (
              <Flex vertical gap={8}>
                {fields.map((field, index) => (
                  <Flex key={field.key} gap={8} align="flex-start">
                    <span className={styles.dutyIndex}>{index + 1}.</span>
                    <Form.Item
                      name={field.name}
                      rules={[{ max: 200, message: t('grids.dutyRule') }]}
                      className={styles.dutyItem}
                    >
                      <Input.TextArea
                        autoSize={{ minRows: 1, maxRows: 4 }}
                        placeholder={t('grids.dutyPlaceholder')}
                      />
                    </Form.Item>
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      aria-label={t('grids.dutyRemove')}
                      onClick={() => remove(field.name)}
                    />
                  </Flex>
                ))}
                {fields.length < MAX_LINES && (
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')}>
                    {t('grids.dutyAdd')}
                  </Button>
                )}
              </Flex>
            )}
          </Form.List>
          {save.error && (
            <Alert type="error" showIcon title={errorMessage(save.error, t)} className={styles.formAlert} />
          )}
          <Flex justify="flex-end" className={styles.formActions}>
            <Space>
              <Button onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
              <Button type="primary" htmlType="submit" loading={save.isPending}>
                {t('common.save')}
              </Button>
            </Space>
          </Flex>
        </Form>
      ) : grid.responsibilities.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('grids.dutiesNone')} />
      ) : (
        <ol className={styles.duties}>
          {grid.responsibilities.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ol>
      )}
    </Card>
  );
}
