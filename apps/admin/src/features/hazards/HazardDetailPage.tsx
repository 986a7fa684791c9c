import { AuditOutlined, FilePdfOutlined, WarningOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Popconfirm,
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
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { chinaDate } from '../../lib/deadline';
import { EMPTY, formatDateTime } from '../../lib/format';
import { ActionModal, DANGER_ACTIONS } from './ActionModal';
import { issueNotice, noticePdfUrl, photoUrl } from './api';
import styles from './hazards.module.css';
import { HazardTimeline } from './HazardTimeline';
import { useHazard, useKeepHazard } from './hooks';
import { Countdown, domainName, FlagTags, GradeTag, StatusTag, unitText } from './tags';
import { HAZARD_ACTIONS, isOpenStatus, type HazardAction, type HazardDetail } from './types';

/** Steps beside the loop: the first of the others is the primary button. */
const SIDE_ACTIONS: ReadonlySet<HazardAction> = new Set(['assign', 'reject', 'comment']);

function HazardActions({ hazard, onAct }: { hazard: HazardDetail; onAct: (action: HazardAction) => void }) {
  const t = useT();
  return (
    <ActionBar
      all={HAZARD_ACTIONS}
      allowed={hazard.actions}
      side={SIDE_ACTIONS}
      danger={DANGER_ACTIONS}
      label={(a) => t(`hazards.action.${a}`)}
      onAct={onAct}
      emptyText={t('hazards.detail.viewOnly')}
      testId="hazard"
    />
  );
}

/** 整改通知书: issue it (the office, once), or open the PDF once it has a number. */
function Notice({ hazard: h }: { hazard: HazardDetail }) {
  const t = useT();
  const { message } = App.useApp();
  const keep = useKeepHazard();
  const issue = useMutation({
    mutationFn: () => issueNotice(h.id),
    onSuccess: (detail) => {
      keep(detail);
      void message.success(t('hazards.notice.issued', { no: detail.noticeNo ?? '' }));
    },
    onError: (err) => void message.error(errorMessage(err, t)),
  });
  if (h.noticeNo)
    return (
      <Button
        icon={<FilePdfOutlined />}
        href={noticePdfUrl(h.id)}
        target="_blank"
        rel="noopener"
        data-testid="hazard-notice-link"
        data-notice-no={h.noticeNo}
      >
        {t('hazards.notice.view', { no: h.noticeNo })}
      </Button>
    );
  if (!h.canIssueNotice || !isOpenStatus(h.status)) return null;
  return (
    <Popconfirm
      title={t('hazards.notice.confirmTitle')}
      description={t('hazards.notice.confirm', { unit: h.unit?.name ?? t('hazards.noUnit') })}
      okText={t('hazards.notice.issue')}
      cancelText={t('common.cancel')}
      onConfirm={() => issue.mutate()}
    >
      <Button icon={<AuditOutlined />} loading={issue.isPending} data-testid="hazard-notice-issue">
        {t('hazards.notice.issue')}
      </Button>
    </Popconfirm>
  );
}

function Deadlines({ hazard: h }: { hazard: HazardDetail }) {
  const t = useT();
  const late = h.closedAt !== null && Date.parse(h.closedAt) > Date.parse(h.deadline);
  return (
    <Card size="small" title={t('hazards.detail.deadline')} className={shared.sideCard}>
      <div className={shared.deadline}>
        <Typography.Text type="secondary">{t('hazards.detail.deadlineDay')}</Typography.Text>
        <div data-testid="hazard-deadline">{chinaDate(h.deadline)}</div>
        <div>{isOpenStatus(h.status) && <Countdown dueAt={h.deadline} />}</div>
      </div>
      {h.plan && (
        <div className={shared.deadline}>
          <Typography.Text type="secondary">{t('hazards.plan.deadline')}</Typography.Text>
          <div>{chinaDate(h.plan.deadline)}</div>
        </div>
      )}
      {h.closedAt && (
        <div className={shared.deadline}>
          <Typography.Text type="secondary">{t('hazards.detail.closedAt')}</Typography.Text>
          <div>
            {formatDateTime(h.closedAt)}{' '}
            {late ? (
              <Tag color="red">{t('hazards.detail.closedLate')}</Tag>
            ) : (
              <Tag color="green">{t('hazards.detail.closedInTime')}</Tag>
            )}
          </div>
          {h.verifiedByName && (
            <div>
              {t('hazards.detail.verifiedBy')} <span className={styles.signature}>{h.verifiedByName}</span>
            </div>
          )}
        </div>
      )}
      <Flex wrap gap={4} className={shared.section}>
        <FlagTags hazard={h} />
      </Flex>
    </Card>
  );
}

/** The 五定 once the unit has filled them. */
function FiveFixesCard({ hazard: h }: { hazard: HazardDetail }) {
  const t = useT();
  if (!h.plan) return null;
  const p = h.plan;
  return (
    <Card size="small" title={t('hazards.detail.plan')} className={shared.section} data-testid="hazard-plan">
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'person', label: t('hazards.plan.person'), children: p.person },
          { key: 'funds', label: t('hazards.plan.funds'), children: `¥${p.funds.toLocaleString('zh-CN')}` },
          { key: 'deadline', label: t('hazards.plan.deadline'), children: chinaDate(p.deadline) },
          {
            key: 'measures',
            label: t('hazards.plan.measures'),
            children: <span className={styles.pre}>{p.measures}</span>,
            span: 'filled',
          },
          {
            key: 'interim',
            label: t('hazards.plan.interim'),
            children: p.interim ? <span className={styles.pre}>{p.interim}</span> : EMPTY,
            span: 'filled',
          },
        ]}
      />
    </Card>
  );
}

/**
 * One hazard (/hazards/<id>, where notifications link): what was found, where, by whom, with its
 * photos; the responsible unit, the 五定, the deadline with its clock; the steps the reader may
 * take now (exactly the server's `actions`); the notice; the timeline with every photo.
 */
export function HazardDetailPage({ id }: { id: string }) {
  const t = useT();
  const query = useHazard(id);
  const [acting, setActing] = useState<HazardAction | null>(null);

  const backButton = <BackButton list="/hazards">{t('hazards.detail.back')}</BackButton>;

  const h = query.data;
  if (query.error || !h) return <DetailPending query={query} back={backButton} />;

  const item = (key: string, label: string, children: ReactNode) => ({ key, label, children });

  return (
    <div
      data-testid="hazard-detail"
      data-status={h.status}
      data-id={h.id}
      data-no={h.no}
      data-version={h.version}
    >
      <Card className={shared.headCard}>
        {backButton}
        <Flex wrap gap={8} align="center" className={shared.detailHead}>
          <Typography.Title level={4} className={shared.flat}>
            {h.no}
          </Typography.Title>
          <GradeTag grade={h.grade} />
          <StatusTag status={h.status} />
          <FlagTags hazard={h} />
          {isOpenStatus(h.status) && <Countdown dueAt={h.deadline} />}
        </Flex>
        <div className={`${shared.section} ${styles.title}`} data-testid="hazard-title">
          {h.title}
        </div>
        <Typography.Text type="secondary">
          {h.schoolName} · {domainName(t, h.domain)} · {t(`hazards.origin.${h.origin}`)}
        </Typography.Text>
        <Flex wrap gap={8} justify="space-between" className={shared.section}>
          <HazardActions hazard={h} onAct={setActing} />
          <Notice hazard={h} />
        </Flex>
      </Card>
      <Row gutter={[16, 16]} className={shared.detailBody}>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('hazards.detail.finding')}>
            {/* a 随手拍 report's title is the start of its words: said once */}
            {h.description && h.description !== h.title ? (
              <Typography.Paragraph className={shared.description} data-testid="hazard-description">
                {h.description}
              </Typography.Paragraph>
            ) : null}
            <PhotoStrip
              urls={h.photos.map((f) => photoUrl(h.id, f))}
              size={112}
              alt={t('hazards.photo')}
              data-testid="hazard-photos"
            />
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              className={shared.section}
              items={[
                item(
                  'place',
                  t('hazards.field.place'),
                  <span data-testid="hazard-place">{h.placeName ?? EMPTY}</span>,
                ),
                item('grid', t('hazards.detail.grid'), h.gridName ?? EMPTY),
                ...(h.address ? [item('address', t('hazards.field.address'), h.address)] : []),
                item('foundBy', t('hazards.detail.foundBy'), h.foundByName),
                item('foundAt', t('hazards.detail.foundAt'), formatDateTime(h.foundAt)),
                item(
                  'unit',
                  t('hazards.field.unit'),
                  h.unit ? (
                    <span data-testid="hazard-unit">{unitText(t, h.unit)}</span>
                  ) : (
                    <Typography.Text type="warning">{t('hazards.noUnitYet')}</Typography.Text>
                  ),
                ),
                ...(h.taskInstanceId
                  ? [
                      item(
                        'task',
                        t('hazards.detail.task'),
                        <Link to={`/tasks/${h.taskInstanceId}`} data-testid="hazard-task-source">
                          {h.sourceTask
                            ? t('hazards.detail.taskSource', {
                                task: h.sourceTask,
                                item: h.sourceItem ?? h.itemCode ?? '',
                              })
                            : t('hazards.detail.taskLink', { item: h.itemCode ?? '' })}
                        </Link>,
                      ),
                    ]
                  : []),
                ...(h.contactPhone
                  ? [
                      item(
                        'phone',
                        t('hazards.detail.contactPhone'),
                        <Space size={4} wrap data-testid="hazard-contact-phone">
                          <Typography.Text copyable>{h.contactPhone}</Typography.Text>
                          <Typography.Text type="secondary" className={shared.sub}>
                            <WarningOutlined /> {t('hazards.detail.contactAudited')}
                          </Typography.Text>
                        </Space>,
                      ),
                    ]
                  : []),
              ]}
            />
          </Card>
          <FiveFixesCard hazard={h} />
          <Card size="small" title={t('hazards.detail.timeline')} className={shared.section}>
            {h.events.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <HazardTimeline hazard={h} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Deadlines hazard={h} />
        </Col>
      </Row>
      {acting && <ActionModal key={acting} hazard={h} action={acting} onClose={() => setActing(null)} />}
    </div>
  );
}
