import {
  ApartmentOutlined,
  FireOutlined,
  HomeOutlined,
  IdcardOutlined,
  KeyOutlined,
  TableOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Card, Col, Row, Table, Typography, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import type { ImportColumn, ImportKind } from './api';
import styles from './imports.module.css';

const ICONS: Record<string, ReactNode> = {
  students: <UserOutlined />,
  staff: <IdcardOutlined />,
  rooms: <HomeOutlined />,
  dorm_assignments: <KeyOutlined />,
  equipment: <FireOutlined />,
  grid_members: <ApartmentOutlined />,
};

/** The kinds the user may import, as cards; one is picked. */
export function KindCards({
  kinds,
  value,
  onChange,
}: {
  kinds: ImportKind[];
  value: string | undefined;
  onChange: (kind: string) => void;
}) {
  const { t, lang } = useI18n();
  return (
    <Row gutter={[12, 12]} role="radiogroup" aria-label={t('imports.kind')}>
      {kinds.map((k) => {
        const selected = k.kind === value;
        const required = k.columns.filter((c) => c.required).length;
        return (
          <Col key={k.kind} xs={12} md={8} xl={4}>
            <Card
              hoverable
              size="small"
              role="radio"
              aria-checked={selected}
              tabIndex={0}
              data-kind={k.kind}
              className={selected ? `${styles.kindCard} ${styles.kindCardOn}` : styles.kindCard}
              onClick={() => onChange(k.kind)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  onChange(k.kind);
                }
              }}
            >
              <div className={styles.kindIcon}>{ICONS[k.kind] ?? <TableOutlined />}</div>
              <div className={styles.kindTitle}>{lang === 'en-US' ? k.title.en : k.title.zh}</div>
              <Typography.Text type="secondary" className={styles.kindMeta}>
                {t('imports.columnCount', { n: k.columns.length, required })}
              </Typography.Text>
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}

/** The columns of a kind's sheet: which are required and what to write in them. */
export function ColumnsTable({ kind }: { kind: ImportKind }) {
  const { t, lang } = useI18n();
  const columns: TableColumnsType<ImportColumn> = [
    {
      title: t('imports.colHeader'),
      key: 'header',
      width: 200,
      render: (_, c) => (
        <span>
          {c.required && <span className={styles.requiredMark}>*</span>}
          {c.header}
          {lang === 'en-US' && <Typography.Text type="secondary"> ({c.headerEn})</Typography.Text>}
        </span>
      ),
    },
    {
      title: t('imports.colRequired'),
      dataIndex: 'required',
      width: 80,
      render: (r: boolean) => (r ? t('imports.yes') : t('imports.no')),
    },
    {
      title: t('imports.colNote'),
      dataIndex: 'note',
      render: (n: string | null) => n ?? '',
    },
  ];
  return (
    <Table<ImportColumn>
      rowKey="key"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={kind.columns}
    />
  );
}
