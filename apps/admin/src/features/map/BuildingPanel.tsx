import { CloseOutlined, DeleteOutlined, EditOutlined, PhoneOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  List,
  Space,
  Spin,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { queryKeys } from '../../api/keys';
import type { MapBuilding } from '../../api/types';
import { errorMessage, useI18n } from '../../i18n/I18nProvider';
import { EMPTY } from '../../lib/format';
import { useCan } from '../../session/CurrentUser';
import { getMapBuilding } from './api';
import styles from './map.module.css';

type OpenItem = MapBuilding['openItems'][number];

/** Why equipment is open: faulty, expired, or (any other status) its inspection is overdue. */
function equipmentState(item: OpenItem): {
  key: 'map.item.faulty' | 'map.item.expired' | 'map.item.overdue';
  colour: string;
} {
  if (item.status === 'faulty') return { key: 'map.item.faulty', colour: 'red' };
  if (item.status === 'expired') return { key: 'map.item.expired', colour: 'volcano' };
  return { key: 'map.item.overdue', colour: 'orange' };
}

/** An open item's tag, title link and due line: a hazard, a request or a piece of equipment. */
function OpenItemRow({ item }: { item: OpenItem }) {
  const { t, tCode } = useI18n();
  const can = useCan();
  const tag =
    item.kind === 'equipment' ? (
      <Tag color={equipmentState(item).colour}>{t(equipmentState(item).key)}</Tag>
    ) : (
      <Tag color={item.kind === 'hazard' ? 'red' : 'blue'}>
        {t(item.kind === 'hazard' ? 'map.item.hazard' : 'map.item.request')} ·{' '}
        {tCode(item.kind === 'hazard' ? 'hazards.status' : 'requests.status', item.status)}
      </Tag>
    );
  const link =
    item.kind === 'hazard' && can('hazard.read')
      ? `/hazards/${item.id}`
      : item.kind === 'request' && can('request.read')
        ? `/requests/${item.id}`
        : null;
  const due = item.due ? dayjs(item.due).format('YYYY-MM-DD') : null;
  return (
    <List.Item extra={tag} data-open-item={item.kind}>
      <List.Item.Meta
        title={
          <Space size={6}>
            {link ? <Link to={link}>{item.name}</Link> : item.name}
            <Typography.Text type="secondary">{item.code}</Typography.Text>
          </Space>
        }
        description={
          due
            ? item.kind === 'equipment'
              ? t('map.panel.due', { date: due })
              : t('map.panel.deadline', { date: due })
            : undefined
        }
      />
    </List.Item>
  );
}

/** The grid leader's phone: a tel: link, or as sent when the server masked it (no contact right). */
function LeaderPhone({ phone }: { phone: string | null }) {
  if (!phone) return EMPTY;
  return (
    <Space size={4}>
      <PhoneOutlined />
      {phone.includes('*') ? (
        <span className={styles.mono}>{phone}</span>
      ) : (
        <a className={styles.mono} href={`tel:${phone}`}>
          {phone}
        </a>
      )}
    </Space>
  );
}

/** The side panel of the selected building: its grid, its people, what needs attention. */
export function BuildingPanel({
  id,
  hasOutline,
  canManage,
  editing,
  onClose,
  onEdit,
  onRemoveOutline,
}: {
  id: string;
  hasOutline: boolean;
  canManage: boolean;
  editing: boolean;
  onClose: () => void;
  onEdit: () => void;
  onRemoveOutline: () => void;
}) {
  const { t, tCode } = useI18n();
  const building = useQuery({
    queryKey: [...queryKeys.map, 'building', id],
    queryFn: () => getMapBuilding(id),
  });
  const b = building.data;

  return (
    <Card
      size="small"
      className={styles.panel}
      title={b?.name ?? t('map.panel.title')}
      extra={
        <Button
          type="text"
          size="small"
          icon={<CloseOutlined />}
          aria-label={t('map.panel.close')}
          onClick={onClose}
        />
      }
    >
      {building.isPending && (
        <Flex justify="center">
          <Spin />
        </Flex>
      )}
      {building.error && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(building.error, t)}
          action={
            <Button size="small" onClick={() => void building.refetch()}>
              {t('common.retry')}
            </Button>
          }
        />
      )}
      {b && (
        <Flex vertical gap={16}>
          <Flex wrap gap={4}>
            {b.use && <Tag color="blue">{tCode('map.use', b.use)}</Tag>}
            {b.keyPart && <Tag color="red">{t('map.panel.keyPart')}</Tag>}
            {!hasOutline && <Tag>{t('map.panel.noOutline')}</Tag>}
          </Flex>
          {b.keyPart && b.keyReason && <Typography.Text type="secondary">{b.keyReason}</Typography.Text>}

          <Descriptions
            size="small"
            column={2}
            items={[
              { key: 'code', label: t('map.panel.code'), children: b.code },
              { key: 'floors', label: t('map.panel.floors'), children: b.floors ?? EMPTY },
              {
                key: 'height',
                label: t('map.panel.height'),
                children: b.height === null ? EMPTY : t('map.panel.metres', { n: b.height }),
              },
              { key: 'zone', label: t('map.panel.zone'), children: b.zone?.name ?? EMPTY },
            ]}
          />

          {b.grid ? (
            <Descriptions
              size="small"
              column={1}
              bordered
              title={t('map.panel.grid')}
              extra={<Link to={`/grids?open=${b.grid.id}`}>{t('map.panel.viewGrid')}</Link>}
              items={[
                { key: 'name', label: t('map.panel.gridName'), children: b.grid.name },
                {
                  key: 'leader',
                  label: t('map.panel.leader'),
                  children: b.grid.leaderName ?? (
                    <Typography.Text type="warning">{t('map.panel.noLeader')}</Typography.Text>
                  ),
                },
                {
                  key: 'phone',
                  label: t('map.panel.phone'),
                  children: <LeaderPhone phone={b.grid.leaderPhone} />,
                },
              ]}
            />
          ) : (
            <Alert
              type="warning"
              showIcon
              title={t('map.panel.noGrid')}
              description={t('map.panel.noGridHint')}
            />
          )}

          <Flex justify="space-between">
            <Statistic title={t('map.panel.rooms')} value={b.rooms} />
            <Statistic title={t('map.panel.beds')} value={b.beds} />
            <Statistic title={t('map.panel.students')} value={b.students} />
          </Flex>

          <div>
            <Typography.Title level={5}>
              {t('map.panel.keyParts')} <Tag>{b.keyParts.length}</Tag>
            </Typography.Title>
            {b.keyParts.length === 0 ? (
              <Typography.Text type="secondary">{t('map.panel.noKeyParts')}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={b.keyParts}
                renderItem={(p) => (
                  <List.Item key={p.id}>
                    <List.Item.Meta
                      title={
                        <Space size={6}>
                          {p.name}
                          <Typography.Text type="secondary">{p.code}</Typography.Text>
                        </Space>
                      }
                      description={p.reason ?? undefined}
                    />
                  </List.Item>
                )}
              />
            )}
          </div>

          <div>
            <Typography.Title level={5}>
              {t('map.panel.openItems')}{' '}
              <Tag color={b.openItems.length ? 'red' : undefined}>{b.openItems.length}</Tag>
            </Typography.Title>
            {b.openItems.length === 0 ? (
              <Typography.Text type="secondary">{t('map.panel.noOpenItems')}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={b.openItems}
                renderItem={(item) => <OpenItemRow key={`${item.kind}:${item.id}`} item={item} />}
              />
            )}
          </div>

          {canManage && !editing && (
            <Flex wrap gap={8}>
              <Button icon={<EditOutlined />} onClick={onEdit}>
                {hasOutline ? t('map.edit.start') : t('map.edit.draw')}
              </Button>
              {hasOutline && (
                <Button danger icon={<DeleteOutlined />} onClick={onRemoveOutline}>
                  {t('map.edit.remove')}
                </Button>
              )}
            </Flex>
          )}
        </Flex>
      )}
      {!b && !building.isPending && !building.error && <Empty />}
    </Card>
  );
}
