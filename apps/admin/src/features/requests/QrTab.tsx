import { PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Input, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { queryKeys } from '../../api/keys';
import type { Place } from '../../api/types';
import { ListEmpty } from '../../components/ListEmpty';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { EMPTY } from '../../lib/format';
import { listBuildings, qrSheetUrl } from './api';
import styles from './requests.module.css';

/**
 * 报事二维码: a printable sheet per building, one QR code for the building and one for each of its
 * rooms; scanning one opens the phone's form with the place filled in.
 */
export function QrTab({ schoolId }: { schoolId: string }) {
  const t = useT();
  const [q, setQ] = useState('');
  const list = useQuery({
    queryKey: [...queryKeys.places, 'buildings', schoolId],
    queryFn: () => listBuildings(schoolId),
  });
  const text = q.trim();
  const buildings = (list.data ?? []).filter((b) => !text || b.name.includes(text) || b.code.includes(text));
  const columns: TableColumnsType<Place> = [
    { title: t('requests.qr.code'), dataIndex: 'code', width: 140 },
    { title: t('requests.qr.name'), dataIndex: 'name' },
    {
      title: t('requests.qr.use'),
      dataIndex: 'use',
      width: 120,
      render: (u: Place['use']) => (u ? t(`places.use.${u}`) : EMPTY),
    },
    {
      title: t('common.actions'),
      key: 'print',
      width: 150,
      render: (_, b) => (
        <a href={qrSheetUrl(b.id)} target="_blank" rel="noreferrer" data-testid={`qr-${b.code}`}>
          <PrinterOutlined /> {t('requests.qr.print')}
        </a>
      ),
    },
  ];
  return (
    <>
      <div className={styles.tabBar}>
        <Typography.Text type="secondary">{t('requests.qr.intro')}</Typography.Text>
        <Input.Search
          allowClear
          placeholder={t('requests.qr.search')}
          style={{ width: 220 }}
          onChange={(e) => setQ(e.target.value)}
        />
      </div>
      {!!list.error && <Alert type="error" showIcon title={errorMessage(list.error, t)} />}
      <Table<Place>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={buildings}
        loading={list.isFetching}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: <ListEmpty filtered={!!text} emptyText={t('requests.qr.empty')} /> }}
      />
    </>
  );
}
