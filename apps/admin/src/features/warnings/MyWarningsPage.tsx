import { CheckCircleFilled } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/format';
import { acknowledgeWarning, myWarnings, openMyWarning } from './api';
import { DrillTag, SeverityTag } from './labels';

/** 我收到的预警: the list, and /my-warnings/<id> — where the notification links — with 确认收到. */
export function MyWarningsPage() {
  const id = useParams()['*'] || '';
  return id ? <MyWarning id={id} /> : <MyList />;
}

function MyList() {
  const t = useT();
  const navigate = useNavigate();
  const q = useQuery({ queryKey: ['my-warnings'], queryFn: myWarnings });
  return (
    <Card title={t('menu.myWarnings')}>
      <List
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('warnings.my.empty')} /> }}
        renderItem={(w) => (
          <List.Item onClick={() => void navigate(`/my-warnings/${w.id}`)} style={{ cursor: 'pointer' }}>
            <Space>
              <SeverityTag severity={w.severity} />
              <DrillTag capStatus={w.capStatus} />
              <Typography.Text strong>{w.headline}</Typography.Text>
              {w.acknowledgedAt ? <Tag color="success">{t('warnings.delivery.acknowledged')}</Tag> : null}
              <Typography.Text type="secondary">{formatDateTime(w.sentAt)}</Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

function MyWarning({ id }: { id: string }) {
  const t = useT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const key = ['my-warnings', id];
  const q = useQuery({ queryKey: key, queryFn: () => openMyWarning(id) });
  const ack = useMutation({
    mutationFn: () => acknowledgeWarning(id),
    onSuccess: (w) => qc.setQueryData(key, w),
    onError: (e) => void message.error(errorMessage(e, t)),
  });
  const w = q.data;
  if (!w) return <Card loading={q.isLoading}>{q.isError && <Empty />}</Card>;
  return (
    <Card
      title={
        <Space>
          <SeverityTag severity={w.severity} />
          <DrillTag capStatus={w.capStatus} />
          <span>{w.event}</span>
        </Space>
      }
      style={{ maxWidth: 760 }}
    >
      {w.state === 'cancelled' && <Alert type="success" showIcon message={t('warnings.my.cancelled')} />}
      <Typography.Title level={3}>{w.headline}</Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('warnings.my.from', { sender: w.senderName, time: formatDateTime(w.sentAt) })} · {w.areaDesc}
      </Typography.Paragraph>
      <Typography.Paragraph>{w.description}</Typography.Paragraph>
      {w.instruction && (
        <Alert type="warning" showIcon message={t('warnings.my.instruction')} description={w.instruction} />
      )}
      <div style={{ marginTop: 24 }}>
        {w.acknowledgedAt ? (
          <Typography.Text type="success" data-testid="warning-acknowledged-at">
            <CheckCircleFilled /> {t('warnings.my.acknowledged', { time: formatDateTime(w.acknowledgedAt) })}
          </Typography.Text>
        ) : (
          <Button
            type="primary"
            size="large"
            block
            loading={ack.isPending}
            onClick={() => ack.mutate()}
            data-testid="warning-ack"
          >
            {t('warnings.my.acknowledge')}
          </Button>
        )}
      </div>
    </Card>
  );
}
