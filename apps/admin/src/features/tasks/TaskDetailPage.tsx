import {
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  List,
  Row,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { Link } from 'react-router';
import { BackButton, DetailPending } from '../../components/DetailFrame';
import shared from '../../components/page.module.css';
import { PhotoStrip } from '../../components/PhotoStrip';
import { useI18n, type Translate } from '../../i18n/I18nProvider';
import { EMPTY, formatDateTime } from '../../lib/format';
import { fileUrl } from './api';
import { useTask } from './hooks';
import { KindTag, TaskStatusTag } from './tags';
import styles from './tasks.module.css';
import type { ChecklistItem, StoredAnswer, TaskDetail } from './types';
import { withNote } from '../../lib/words';

interface Line {
  item: ChecklistItem;
  answer: StoredAnswer | undefined;
  failed: boolean;
  hazard: TaskDetail['hazards'][number] | undefined;
}

/** An answer as the checklist reads it: 是 / 否 / 不适用, the option's label, the number, the text. */
function answerText(t: Translate, item: ChecklistItem, value: StoredAnswer['value'] | undefined): string {
  if (value === null || value === undefined || value === '') return EMPTY;
  switch (item.type) {
    case 'yes_no':
      return value === 'yes'
        ? t('tasks.answer.yes')
        : value === 'no'
          ? t('tasks.answer.no')
          : t('tasks.answer.na');
    case 'choice':
      return item.options?.find((o) => o.key === value)?.label ?? String(value);
    case 'number':
    case 'text':
    case 'signature':
    case 'photo':
      return String(value);
  }
}

/** What the item accepts, in a few words (是否题 · 否为不合格; 数值 ≥ 2…). */
function ruleText(t: Translate, item: ChecklistItem): string {
  const parts = [t(`tasks.itemType.${item.type}`)];
  if (item.type === 'yes_no' && item.failOn)
    parts.push(t('tasks.rule.failOn', { answer: t(`tasks.answer.${item.failOn}`) }));
  if (item.type === 'number' && (item.min !== undefined || item.max !== undefined))
    parts.push(t('tasks.rule.range', { min: item.min ?? '', max: item.max ?? '' }));
  if (item.points !== undefined) parts.push(t('tasks.rule.points', { points: item.points }));
  return parts.join(' · ');
}

/** A signature drawn on the phone's pad (the signature item's one image), shown as signed. */
function Signature({ fileIds, alt }: { fileIds: readonly string[]; alt: string }) {
  const id = fileIds[0];
  if (!id) return null;
  return <img src={fileUrl(id)} alt={alt} className={styles.signature} data-testid="task-signature" />;
}

/**
 * One grid task (/tasks/<id>, where overdue notifications link): what, where and when it was due;
 * who did it, when and where they stood; the checklist with every answer, its photos and note
 * (failed items in red), the score, and the hazards made from failed items.
 */
export function TaskDetailPage({ id }: { id: string }) {
  const { t, tCode } = useI18n();
  const query = useTask(id);

  const backButton = <BackButton list="/tasks">{t('tasks.detail.back')}</BackButton>;

  const task = query.data;
  if (query.error || !task) return <DetailPending query={query} back={backButton} />;

  const lines: Line[] = task.items.map((item) => ({
    item,
    answer: task.answers.find((a) => a.code === item.code),
    failed: task.failed.includes(item.code),
    hazard: task.hazards.find((h) => h.itemCode === item.code),
  }));

  const columns: TableColumnsType<Line> = [
    { title: '#', key: 'no', width: 44, render: (_, __, i) => i + 1 },
    {
      title: t('tasks.detail.item'),
      key: 'item',
      render: (_, l) => (
        <>
          {l.item.prompt}
          {l.item.required && <Typography.Text type="danger"> *</Typography.Text>}
          <Typography.Text type="secondary" className={shared.sub}>
            {l.item.code} · {ruleText(t, l.item)}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('tasks.detail.answer'),
      key: 'answer',
      width: 200,
      render: (_, l) => (
        <>
          {/* signed by hand only: the drawing below is the answer */}
          {!(l.item.type === 'signature' && l.answer?.photoIds.length && !l.answer.value) && (
            <span className={l.failed ? styles.failed : undefined} data-testid={`task-answer-${l.item.code}`}>
              {answerText(t, l.item, l.answer?.value)}
            </span>
          )}{' '}
          {l.failed && <Tag color="red">{t('tasks.detail.failed')}</Tag>}
          {l.answer?.note && (
            <Typography.Text type="secondary" className={shared.sub}>
              {l.answer.note}
            </Typography.Text>
          )}
          {l.item.type === 'signature' ? (
            <Signature fileIds={l.answer?.photoIds ?? []} alt={t('tasks.detail.signatureDrawn')} />
          ) : (
            <PhotoStrip
              urls={(l.answer?.photoIds ?? []).map((f) => fileUrl(f))}
              size={56}
              alt={l.item.prompt}
              compact
            />
          )}
        </>
      ),
    },
    {
      title: t('tasks.detail.hazard'),
      key: 'hazard',
      width: 150,
      render: (_, l) =>
        l.hazard ? (
          <>
            <Link to={`/hazards/${l.hazard.id}`}>{l.hazard.no}</Link>
            <Typography.Text type="secondary" className={shared.sub}>
              {tCode('hazards.status', l.hazard.status)}
            </Typography.Text>
          </>
        ) : (
          EMPTY
        ),
    },
  ];

  const loc = task.location;
  return (
    <div data-testid="task-detail" data-status={task.status} data-id={task.id}>
      <Card className={shared.headCard}>
        {backButton}
        <Flex wrap gap={8} align="center">
          <Typography.Title level={4} className={shared.flat}>
            {task.templateName}
          </Typography.Title>
          <KindTag kind={task.kind} />
          <TaskStatusTag task={task} />
          {task.domain && <Tag>{t(`riskDomain.${task.domain}`)}</Tag>}
        </Flex>
        <Descriptions
          size="small"
          className={shared.section}
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            { key: 'grid', label: t('tasks.col.grid'), children: task.gridName },
            { key: 'period', label: t('tasks.col.period'), children: task.periodKey },
            { key: 'due', label: t('tasks.col.dueAt'), children: formatDateTime(task.dueAt) },
            ...(task.equipment
              ? [
                  {
                    key: 'equipment',
                    label: t('tasks.detail.equipment'),
                    children: withNote(t, task.equipment.name, task.equipment.code),
                  },
                ]
              : []),
            { key: 'by', label: t('tasks.detail.completedBy'), children: task.completedByName ?? EMPTY },
            { key: 'at', label: t('tasks.detail.completedAt'), children: formatDateTime(task.completedAt) },
            {
              key: 'location',
              label: t('tasks.detail.location'),
              children: loc
                ? `${loc.lng.toFixed(5)}, ${loc.lat.toFixed(5)}${loc.accuracy !== null ? `（±${Math.round(loc.accuracy)} m）` : ''}`
                : EMPTY,
            },
            ...(task.escalatedAt
              ? [
                  {
                    key: 'escalated',
                    label: t('tasks.detail.escalatedAt'),
                    children: formatDateTime(task.escalatedAt),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Row gutter={[16, 16]} className={shared.detailBody}>
        <Col xs={24} xl={17}>
          <Card size="small" title={t('tasks.detail.checklist', { count: task.items.length })}>
            <Table<Line>
              rowKey={(l) => l.item.code}
              size="small"
              columns={columns}
              dataSource={lines}
              pagination={false}
              rowClassName={(l) => (l.failed ? (styles.failedRow ?? '') : '')}
              data-testid="task-checklist"
            />
          </Card>
        </Col>
        <Col xs={24} xl={7}>
          <Card size="small" title={t('tasks.detail.score')}>
            {task.score ? (
              <>
                <div className={styles.score} data-testid="task-score">
                  {task.score.percent === null ? EMPTY : `${task.score.percent.toFixed(0)}%`}
                </div>
                <Typography.Text type="secondary">
                  {t('tasks.detail.points', { score: task.score.score, max: task.score.max })}
                </Typography.Text>
              </>
            ) : (
              <Typography.Text type="secondary">
                {task.status === 'done' ? t('tasks.detail.noScore') : t('tasks.detail.notDone')}
              </Typography.Text>
            )}
            <div className={shared.section}>
              {t('tasks.detail.failedCount', { failed: task.failed.length, total: task.items.length })}
            </div>
          </Card>
          <Card size="small" title={t('tasks.detail.hazards')} className={shared.section}>
            {task.hazards.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.detail.noHazards')} />
            ) : (
              <List
                size="small"
                dataSource={task.hazards}
                renderItem={(h) => (
                  <List.Item>
                    <Link to={`/hazards/${h.id}`}>{h.no}</Link>
                    <Tag>{tCode('hazards.status', h.status)}</Tag>
                    <Typography.Text type="secondary" ellipsis className={shared.grow}>
                      {task.items.find((i) => i.code === h.itemCode)?.prompt ?? h.itemCode}
                    </Typography.Text>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
