import { EyeOutlined, WarningOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  List,
  Popconfirm,
  Rate,
  Row,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { ActionBar } from '../../components/ActionBar';
import { BackButton, DetailPending } from '../../components/DetailFrame';
import shared from '../../components/page.module.css';
import { PhotoStrip } from '../../components/PhotoStrip';
import { useSchool } from '../../components/SchoolSelect';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { EMPTY, formatDateTime } from '../../lib/format';
import { ActionModal, DANGER_ACTIONS } from './ActionModal';
import { photoUrl, revealReporter } from './api';
import { useCategories, useRequest, useRequestRights } from './hooks';
import { RequestTimeline } from './RequestTimeline';
import styles from './requests.module.css';
import { Countdown, LadderTags, PriorityTag, StatusTag } from './tags';
import {
  REQUEST_ACTIONS,
  isOpenStatus,
  type RequestAction,
  type RequestCategory,
  type RequestDetail,
} from './types';
import { withNote } from '../../lib/words';

/** Steps that move the request on (the first of them is the primary button); the rest are detours. */
const SIDE_ACTIONS: ReadonlySet<RequestAction> = new Set([
  'extend',
  'park',
  'return',
  'transfer',
  'merge',
  'refer',
  'close_not_ours',
  'close_no_action',
  'audit_fail',
]);

/** Who filed it: 实名 name and phone; 保密 hidden, revealed (audited) to the centre on demand; 匿名. */
function Reporter({ request }: { request: RequestDetail }) {
  const t = useT();
  const { message } = App.useApp();
  const reveal = useMutation({
    mutationFn: () => revealReporter(request.id),
    onError: (err) => void message.error(errorMessage(err, t)),
  });
  const r = request.reporter;
  if (r.identity === 'named')
    return (
      <span data-identity="named">
        {r.name ?? <Typography.Text type="secondary">{t('requests.identity.noName')}</Typography.Text>}
        {r.phone && <Typography.Text copyable={{ text: r.phone }}> {r.phone}</Typography.Text>}
      </span>
    );
  if (r.identity === 'anonymous')
    return (
      <Tag data-identity="anonymous" color="default">
        {t('requests.identity.anonymous')}
      </Tag>
    );
  const who = reveal.data;
  return (
    <Space wrap size={4} data-identity="sealed">
      <Tag color="purple">{t('requests.identity.sealed')}</Tag>
      {who ? (
        <span data-testid="req-reporter-revealed">
          {who.name ?? EMPTY} {who.phone && <Typography.Text copyable>{who.phone}</Typography.Text>}
        </span>
      ) : (
        request.canRevealReporter && (
          <Popconfirm
            title={t('requests.reveal.title')}
            description={t('requests.reveal.warning')}
            icon={<WarningOutlined style={{ color: '#faad14' }} />}
            okText={t('requests.reveal.ok')}
            cancelText={t('common.cancel')}
            onConfirm={() => reveal.mutate()}
          >
            <Button size="small" icon={<EyeOutlined />} loading={reveal.isPending} data-testid="req-reveal">
              {t('requests.reveal.button')}
            </Button>
          </Popconfirm>
        )
      )}
    </Space>
  );
}

/** The category's extra answers, named by its questions when the catalogue can be read. */
function Attributes({
  values,
  category,
}: {
  values: RequestDetail['attributes'];
  category: RequestCategory | undefined;
}) {
  const entries = Object.entries(values);
  if (entries.length === 0) return null;
  const defs = category?.attributes ?? [];
  const nameOf = (code: string, key: string) =>
    defs.find((d) => d.code === code)?.values?.find((v) => v.key === key)?.name ?? key;
  return (
    <>
      {entries.map(([code, v]) => {
        const def = defs.find((d) => d.code === code);
        const text = (Array.isArray(v) ? v : [v]).map((x) => nameOf(code, x)).join('、');
        return (
          <div key={code}>
            <Typography.Text type="secondary">{def?.description ?? code}：</Typography.Text>
            {text}
          </div>
        );
      })}
    </>
  );
}

/** A deadline: when it was met (late or not), or the live countdown while it runs. */
function DeadlineLine({
  label,
  dueAt,
  doneAt,
  late,
  running,
}: {
  label: string;
  dueAt: string;
  doneAt: string | null;
  late: boolean;
  running: boolean;
}) {
  const t = useT();
  return (
    <div className={shared.deadline}>
      <Typography.Text type="secondary">{label}</Typography.Text>
      <div>{formatDateTime(dueAt)}</div>
      <div>
        {doneAt ? (
          <>
            {t('requests.due.doneAt', { time: formatDateTime(doneAt) })}{' '}
            {late ? (
              <Tag color="red">{t('requests.due.late')}</Tag>
            ) : (
              <Tag color="green">{t('requests.due.inTime')}</Tag>
            )}
          </>
        ) : running ? (
          <Countdown dueAt={dueAt} />
        ) : (
          EMPTY
        )}
      </div>
    </div>
  );
}

function Deadlines({ request: r }: { request: RequestDetail }) {
  const t = useT();
  const open = isOpenStatus(r.status);
  return (
    <Card size="small" title={t('requests.detail.deadlines')} className={shared.sideCard}>
      <DeadlineLine
        label={t('requests.detail.respondBy')}
        dueAt={r.respondBy}
        doneAt={r.respondedAt}
        late={r.respondOverdue}
        running={open}
      />
      <DeadlineLine
        label={t('requests.detail.resolveBy')}
        dueAt={r.resolveBy}
        doneAt={r.repliedAt}
        late={r.overdue}
        running={open && r.status !== 'parked'}
      />
      <Flex wrap gap={4} className={styles.ladder}>
        <LadderTags request={r} />
        {r.reopenCount > 0 && (
          <Tag color="red">{t('requests.detail.reopened', { count: r.reopenCount })}</Tag>
        )}
      </Flex>
      {r.closedAt && (
        <div className={shared.deadline}>
          <Typography.Text type="secondary">{t('requests.detail.closedAt')}</Typography.Text>
          <div>{formatDateTime(r.closedAt)}</div>
        </div>
      )}
      {r.visit && (
        <div className={shared.deadline} data-testid="req-visit">
          <Typography.Text type="secondary">
            {t('requests.detail.visit')} {r.visitedAt && formatDateTime(r.visitedAt)}
          </Typography.Text>
          <div>
            {t(r.visit.contacted ? 'requests.visit.contacted' : 'requests.visit.notContacted')} ·{' '}
            {t(r.visit.solved ? 'requests.visit.solved' : 'requests.visit.notSolved')}
          </div>
          <Rate disabled value={r.visit.satisfaction} className={styles.rate} />
        </div>
      )}
    </Card>
  );
}

function Duplicates({
  request,
  onMerge,
}: {
  request: RequestDetail;
  onMerge: ((targetId: string) => void) | null;
}) {
  const t = useT();
  if (request.possibleDuplicates.length === 0) return null;
  return (
    <Card
      size="small"
      title={t('requests.detail.duplicates')}
      className={shared.sideCard}
      data-testid="req-duplicates"
    >
      <Typography.Paragraph type="secondary" className={shared.hint}>
        {t('requests.detail.duplicatesHint')}
      </Typography.Paragraph>
      <List
        size="small"
        dataSource={request.possibleDuplicates}
        renderItem={(d) => (
          <List.Item
            actions={
              onMerge
                ? [
                    <Button
                      key="merge"
                      size="small"
                      danger
                      data-testid={`req-merge-${d.no}`}
                      onClick={() => onMerge(d.id)}
                    >
                      {t('requests.detail.mergeHere')}
                    </Button>,
                  ]
                : []
            }
          >
            <div>
              <Link to={`/requests/${d.id}`}>{d.no}</Link> <StatusTag status={d.status} />
              <div className={shared.sub}>{d.description}</div>
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}

function RequestActions({
  request,
  onAct,
}: {
  request: RequestDetail;
  onAct: (action: RequestAction) => void;
}) {
  const t = useT();
  return (
    <ActionBar
      all={REQUEST_ACTIONS}
      allowed={request.actions}
      side={SIDE_ACTIONS}
      danger={DANGER_ACTIONS}
      label={(a) => t(`requests.action.${a}`)}
      onAct={onAct}
      emptyText={t(isOpenStatus(request.status) ? 'requests.detail.viewOnly' : 'requests.detail.noActions')}
      testId="req"
    />
  );
}

/**
 * One request (/requests/<id>, where notifications link): what was asked, where, by whom; its
 * deadlines with the escalation ladder; the steps the reader may take now (exactly the server's
 * `actions`); possible duplicates; the timeline with the thread.
 */
export function RequestDetailPage({ id }: { id: string }) {
  const t = useT();
  const rights = useRequestRights();
  const [, , schools] = useSchool();
  const query = useRequest(id);
  const request = query.data;
  const [acting, setActing] = useState<{ action: RequestAction; mergeInto?: string } | null>(null);
  // The catalogue names the extra answers; readable where the user sees the school itself.
  const categories = useCategories(
    request?.schoolId,
    !!request && (rights.dispatch || rights.catalogue || schools.some((s) => s.id === request.schoolId)),
  );

  const backButton = <BackButton list="/requests">{t('requests.detail.back')}</BackButton>;

  if (query.error || !request) return <DetailPending query={query} back={backButton} />;

  const r = request;
  const category = categories.data?.find((c) => c.id === r.categoryId);
  const item = (key: string, label: string, children: ReactNode, span = 1) => ({
    key,
    label,
    children,
    span,
  });
  const unitLabel = (u: NonNullable<RequestDetail['unit']>) =>
    withNote(t, u.name, t(u.kind === 'org' ? 'requests.unit.department' : 'requests.unit.grid'));

  return (
    <div data-testid="request-detail" data-status={r.status} data-id={r.id} data-no={r.no}>
      <Card className={shared.headCard}>
        {backButton}
        <Flex wrap gap={8} align="center" className={shared.detailHead}>
          <Typography.Title level={4} className={shared.flat}>
            {r.no}
          </Typography.Title>
          <StatusTag status={r.status} closeKind={r.closeKind} />
          <PriorityTag priority={r.priority} />
          <LadderTags request={r} />
          <Typography.Text type="secondary">
            {r.categoryName} · {r.schoolName}
          </Typography.Text>
        </Flex>
        {r.mergedInto && (
          <Alert
            className={shared.section}
            type="info"
            showIcon
            title={
              <>
                {t('requests.detail.mergedInto')}{' '}
                <Link to={`/requests/${r.mergedInto.id}`}>{r.mergedInto.no}</Link>
              </>
            }
          />
        )}
        {r.incidentId && (
          <Alert
            className={shared.section}
            type="warning"
            showIcon
            title={
              <>
                {t('requests.detail.referred')}{' '}
                <Link to={`/incidents/${r.incidentId}`}>{t('requests.event.incident')}</Link>
              </>
            }
          />
        )}
        <div className={shared.section}>
          <RequestActions request={r} onAct={(action) => setActing({ action })} />
        </div>
      </Card>
      <Row gutter={[16, 16]} className={shared.detailBody}>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('requests.detail.what')}>
            <Typography.Paragraph className={shared.description} data-testid="req-description">
              {r.description}
            </Typography.Paragraph>
            <Attributes values={r.attributes} category={category} />
            <PhotoStrip
              urls={r.photos.map((f) => photoUrl(r.id, f))}
              size={96}
              alt={t('requests.detail.photo')}
              data-testid="req-photos"
            />
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              className={shared.section}
              items={[
                item('place', t('requests.detail.place'), r.placeName ?? EMPTY),
                item('grid', t('requests.detail.grid'), r.gridName ?? EMPTY),
                ...(r.address ? [item('address', t('requests.detail.address'), r.address)] : []),
                ...(r.lon !== null && r.lat !== null
                  ? [item('coords', t('requests.detail.coords'), `${r.lon.toFixed(5)}, ${r.lat.toFixed(5)}`)]
                  : []),
                item('reporter', t('requests.detail.reporter'), <Reporter request={r} />),
                item('channel', t('requests.col.channel'), t(`requests.channel.${r.channel}`)),
                ...(r.externalNo ? [item('externalNo', t('requests.detail.externalNo'), r.externalNo)] : []),
                item('received', t('requests.col.receivedAt'), formatDateTime(r.receivedAt)),
                item(
                  'unit',
                  t('requests.col.unit'),
                  r.unit ? (
                    unitLabel(r.unit)
                  ) : (
                    <Typography.Text type="secondary">{t('requests.noUnit')}</Typography.Text>
                  ),
                ),
                ...(r.firstUnit && r.firstUnit.id !== r.unit?.id
                  ? [item('firstUnit', t('requests.detail.firstUnit'), r.firstUnit.name)]
                  : []),
              ]}
            />
          </Card>
          <Card size="small" title={t('requests.detail.timeline')} className={shared.section}>
            {r.events.length === 0 && !r.canMessage ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <RequestTimeline request={r} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Deadlines request={r} />
          <Duplicates
            request={r}
            onMerge={
              r.actions.includes('merge')
                ? (targetId) => setActing({ action: 'merge', mergeInto: targetId })
                : null
            }
          />
        </Col>
      </Row>
      {acting && (
        <ActionModal
          key={`${acting.action}-${acting.mergeInto ?? ''}`}
          request={r}
          action={acting.action}
          mergeInto={acting.mergeInto}
          onClose={() => setActing(null)}
        />
      )}
    </div>
  );
}
