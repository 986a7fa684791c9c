import { Button, Flex, Input, Radio, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import shared from '../../components/page.module.css';
import { PhotoStrip } from '../../components/PhotoStrip';
import { useI18n, type Translate } from '../../i18n/I18nProvider';
import { photoUrl } from './api';
import { useRequestMessage } from './hooks';
import styles from './requests.module.css';
import { StatusTag } from './tags';
import { CHANNELS, DURATION_UNITS, type DurationUnit, type RequestDetail, type RequestEvent } from './types';

const LADDER_KINDS = new Set(['respond_late', 'urge', 'supervise', 'notice']);

function colourOf(e: RequestEvent): string {
  if (LADDER_KINDS.has(e.kind)) return 'red';
  if (e.side === 'reporter') return 'green';
  if (e.side === 'system') return 'gray';
  return e.visibility === 'internal' ? 'orange' : 'blue';
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function isDurationUnit(v: unknown): v is DurationUnit {
  return DURATION_UNITS.some((u) => u === v);
}

/** What an event's data adds to its line: the unit, the extension, the visit's answers, the link. */
function details(e: RequestEvent, t: Translate): string[] {
  const d = e.data ?? {};
  const out: string[] = [];
  const unit = str(d['unit']);
  if (unit) out.push(t('requests.event.toUnit', { unit }));
  const ext = d['extension'];
  if (ext && typeof ext === 'object' && 'amount' in ext && 'unit' in ext && isDurationUnit(ext.unit))
    out.push(
      t('requests.event.extendedByAmount', {
        amount: t(`requests.amount.${ext.unit}`, { n: Number(ext.amount) }),
      }),
    );
  const visit = d['visit'];
  if (visit && typeof visit === 'object' && 'solved' in visit && 'satisfaction' in visit)
    out.push(
      t('requests.event.visitAnswer', {
        contacted: t(
          'contacted' in visit && visit.contacted
            ? 'requests.visit.contacted'
            : 'requests.visit.notContacted',
        ),
        solved: t(visit.solved ? 'requests.visit.solved' : 'requests.visit.notSolved'),
        satisfaction: String(visit.satisfaction),
      }),
    );
  const into = str(d['into']);
  if (into) out.push(t('requests.event.into', { no: into }));
  const from = str(d['from']);
  if (from) out.push(t('requests.event.from', { no: from }));
  const nos = d['nos'];
  if (Array.isArray(nos) && nos.length)
    out.push(
      t('requests.event.similar', {
        nos: nos.filter((n) => typeof n === 'string').join(t('common.listSeparator')),
      }),
    );
  const channel = CHANNELS.find((c) => c === d['channel']);
  if (e.kind === 'received' && channel) out.push(t(`requests.channel.${channel}`));
  const externalNo = str(d['externalNo']);
  if (externalNo) out.push(t('requests.event.externalNo', { no: externalNo }));
  return out;
}

function MessageBox({ requestId }: { requestId: string }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [internal, setInternal] = useState(false);
  const send = useRequestMessage(requestId, () => setText(''));
  return (
    <div className={styles.messageBox} data-testid="req-message-box">
      <Input.TextArea
        aria-label={t('requests.thread.label')}
        value={text}
        maxLength={2000}
        autoSize={{ minRows: 2, maxRows: 6 }}
        placeholder={t(internal ? 'requests.thread.notePlaceholder' : 'requests.thread.placeholder')}
        onChange={(e) => setText(e.target.value)}
        data-testid="req-message-text"
      />
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Radio.Group
          size="small"
          optionType="button"
          value={internal}
          onChange={(e) => setInternal(e.target.value as boolean)}
          options={[
            { value: false, label: t('requests.thread.public') },
            { value: true, label: t('requests.thread.internal') },
          ]}
        />
        <Button
          type="primary"
          loading={send.isPending}
          disabled={!text.trim()}
          onClick={() => send.mutate({ body: text.trim(), internal })}
          data-testid="req-message-send"
        >
          {t(internal ? 'requests.thread.addNote' : 'requests.thread.send')}
        </Button>
      </Flex>
    </div>
  );
}

/**
 * Everything that happened to the request, newest first: intake, each step with who took it,
 * messages both ways, the system's clocks (催办, 督办, 通报); internal entries marked 内部. Above it,
 * the box to write to the reporter or add an internal note.
 */
export function RequestTimeline({ request }: { request: RequestDetail }) {
  const { t, tCode } = useI18n();
  const events = [...request.events].reverse();
  return (
    <div data-testid="req-timeline">
      {request.canMessage && <MessageBox requestId={request.id} />}
      <Timeline
        className={styles.timeline}
        items={events.map((e) => {
          const at = dayjs(e.at);
          const label =
            e.side === 'reporter' && (e.kind === 'message' || e.kind === 'visit')
              ? t(e.kind === 'message' ? 'requests.event.reporterMessage' : 'requests.event.reporterRated')
              : tCode('requests.event', e.kind);
          const extra = details(e, t);
          const incidentId = str(e.data?.['incidentId']);
          return {
            key: e.id,
            color: colourOf(e),
            content: (
              <div data-kind={e.kind} data-visibility={e.visibility} className={shared.timelineRow}>
                <span className={shared.timelineTime} title={at.format('YYYY-MM-DD HH:mm:ss')}>
                  {at.format('YYYY-MM-DD HH:mm')}
                </span>{' '}
                <Typography.Text strong>{label}</Typography.Text>
                {e.status && e.kind !== 'received' && (
                  <>
                    {' → '}
                    <StatusTag status={e.status} />
                  </>
                )}
                {e.visibility === 'internal' && (
                  <Tag color="orange" className={styles.internalTag}>
                    {t('requests.thread.internalTag')}
                  </Tag>
                )}
                <Typography.Text type="secondary">
                  {' · '}
                  {e.side === 'reporter' ? t('requests.side.reporter') : e.actorName}
                </Typography.Text>
                {extra.length > 0 && <div className={shared.timelineExtra}>{extra.join(' · ')}</div>}
                {incidentId && (
                  <div className={shared.timelineExtra}>
                    <Link to={`/incidents/${incidentId}`}>{t('requests.event.incident')}</Link>
                  </div>
                )}
                {e.body && <div className={shared.timelineBody}>{e.body}</div>}
                <PhotoStrip
                  urls={e.photos.map((f) => photoUrl(request.id, f))}
                  size={72}
                  compact
                  alt={t('requests.form.afterPhotos')}
                  data-testid="req-event-photos"
                />
              </div>
            ),
          };
        })}
      />
    </div>
  );
}
