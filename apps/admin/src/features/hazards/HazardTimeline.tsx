import { Descriptions, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import shared from '../../components/page.module.css';
import { PhotoStrip } from '../../components/PhotoStrip';
import { useUnits } from '../../components/UnitSelect';
import { useI18n, type Translate } from '../../i18n/I18nProvider';
import { chinaDate } from '../../lib/deadline';
import { photoUrl } from './api';
import styles from './hazards.module.css';
import { isGrade, isOrigin, type EventKind, type HazardDetail, type HazardEvent } from './types';

const COLOUR: Record<EventKind, string> = {
  found: 'blue',
  assign: 'blue',
  notice: 'orange',
  plan: 'blue',
  progress: 'blue',
  submit: 'cyan',
  pass: 'green',
  reject: 'red',
  overdue: 'red',
  supervise: 'red',
  comment: 'gray',
};

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const record = (v: unknown): Record<string, unknown> | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

/** What an event's data adds to its line: the grade, the origin, the deadline, the unit, the notice. */
function details(e: HazardEvent, t: Translate, unitName: (id: string) => string | undefined): string[] {
  const d = e.data ?? {};
  const out: string[] = [];
  const grade = str(d['grade']);
  if (grade && isGrade(grade) && (e.kind === 'found' || e.kind === 'assign'))
    out.push(t('hazards.event.grade', { grade: t(`hazards.grade.${grade}`) }));
  const origin = str(d['origin']);
  if (origin && isOrigin(origin)) out.push(t(`hazards.origin.${origin}`));
  const unitId = str(d['unitOrgId']) ?? str(d['unitGridId']);
  const unit = unitId ? unitName(unitId) : undefined;
  if (unit) out.push(t('hazards.event.toUnit', { unit }));
  const deadline = str(d['deadline']);
  if (deadline && e.kind !== 'plan') out.push(t('hazards.event.deadline', { date: chinaDate(deadline) }));
  const noticeNo = str(d['noticeNo']);
  if (noticeNo) out.push(t('hazards.event.noticeNo', { no: noticeNo }));
  return out;
}

/** The 五定 as recorded on a plan event. */
function PlanData({ e }: { e: HazardEvent }) {
  const { t } = useI18n();
  const p = record(e.data?.['plan']);
  if (!p) return null;
  const deadline = str(p['deadline']);
  const funds = num(p['funds']);
  return (
    <Descriptions
      size="small"
      column={1}
      className={shared.section}
      items={[
        { key: 'person', label: t('hazards.plan.person'), children: str(p['person']) },
        {
          key: 'measures',
          label: t('hazards.plan.measures'),
          children: <span className={styles.pre}>{str(p['measures'])}</span>,
        },
        {
          key: 'funds',
          label: t('hazards.plan.funds'),
          children: funds === null ? '' : `¥${funds.toLocaleString('zh-CN')}`,
        },
        { key: 'deadline', label: t('hazards.plan.deadline'), children: deadline ? chinaDate(deadline) : '' },
        ...(str(p['interim'])
          ? [{ key: 'interim', label: t('hazards.plan.interim'), children: str(p['interim']) }]
          : []),
      ]}
    />
  );
}

/**
 * Everything that happened to the hazard, newest first: the finding, grading and assignment, the
 * notice, the 五定, each progress report with its photos (整改前 / 整改后), the request for
 * verification, the verifier's signed pass or sending back, the clocks (逾期, 挂牌督办), notes.
 */
export function HazardTimeline({ hazard }: { hazard: HazardDetail }) {
  const { t } = useI18n();
  // the grids named by the events, asked by id (a school's whole grid list is never loaded)
  const gridIds = hazard.events.flatMap((e) => str(e.data?.['unitGridId']) ?? []);
  const units = useUnits(hazard.schoolId, gridIds);
  const unitName = units.nameOf;
  const events = [...hazard.events].reverse();
  return (
    <div data-testid="hazard-timeline">
      <Timeline
        className={styles.timeline}
        items={events.map((e) => {
          const at = dayjs(e.at);
          const extra = details(e, t, unitName);
          const signature = str(e.data?.['signature']);
          return {
            key: e.id,
            color: COLOUR[e.kind],
            content: (
              <div data-kind={e.kind} data-testid={`hazard-event-${e.kind}`} className={shared.timelineRow}>
                <span className={shared.timelineTime} title={at.format('YYYY-MM-DD HH:mm:ss')}>
                  {at.format('YYYY-MM-DD HH:mm')}
                </span>{' '}
                <Typography.Text strong>{t(`hazards.event.${e.kind}`)}</Typography.Text>
                {e.phase && (
                  <Tag
                    color={e.phase === 'after' ? 'green' : 'orange'}
                    className={styles.phaseTag}
                    data-phase={e.phase}
                  >
                    {t(`hazards.phase.${e.phase}`)}
                  </Tag>
                )}
                <Typography.Text type="secondary">
                  {' · '}
                  {e.actorName}
                </Typography.Text>
                {extra.length > 0 && <div className={shared.timelineExtra}>{extra.join(' · ')}</div>}
                {e.body && <div className={shared.timelineBody}>{e.body}</div>}
                {e.kind === 'plan' && <PlanData e={e} />}
                {signature && (
                  <div className={shared.timelineExtra} data-testid="hazard-event-signature">
                    {t('hazards.event.signedBy')} <span className={styles.signature}>{signature}</span>
                  </div>
                )}
                <PhotoStrip
                  urls={e.photos.map((f) => photoUrl(hazard.id, f))}
                  size={80}
                  alt={e.phase ? t(`hazards.phase.${e.phase}`) : t('hazards.photo')}
                />
              </div>
            ),
          };
        })}
      />
    </div>
  );
}
