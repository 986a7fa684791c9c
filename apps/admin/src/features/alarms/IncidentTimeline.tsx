import { useMutation } from '@tanstack/react-query';
import { App, Button, Flex, Input, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { errorMessage, useI18n } from '../../i18n/I18nProvider';
import { withNote } from '../../lib/words';
import { addNote } from './api';
import styles from './alarms.module.css';
import { useKeepIncident } from './hooks';
import type { IncidentDetail, TimelineEntry } from './types';

const COLOUR: Record<string, string> = {
  raised: 'red',
  escalated: 'orange',
  acknowledge: 'blue',
  police_accept: 'blue',
  dispatch: 'blue',
  on_scene: 'green',
  police_on_scene: 'green',
  resolve: 'green',
  close: 'gray',
  false_alarm: 'gray',
  cancel: 'gray',
  note: 'gray',
};

/** A delivery's dot: green when it reached the person, red when it did not. */
const OUTCOME_COLOUR: Record<string, string> = {
  answered: 'green',
  delivered: 'green',
  read: 'green',
  unanswered: 'red',
  failed: 'red',
};

function NoteForm({ incidentId }: { incidentId: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const keep = useKeepIncident();
  const [text, setText] = useState('');
  const save = useMutation({
    mutationFn: (note: string) => addNote(incidentId, note),
    onSuccess: (detail) => {
      keep(detail);
      setText('');
      void message.success(t('incident.noteAdded'));
    },
    onError: (err) => void message.error(errorMessage(err, t)),
  });
  return (
    <Flex gap={8} align="flex-start" className={styles.noteForm}>
      <Input.TextArea
        aria-label={t('incident.notes')}
        value={text}
        maxLength={1000}
        autoSize={{ minRows: 1, maxRows: 4 }}
        placeholder={t('incident.notePlaceholder')}
        onChange={(e) => setText(e.target.value)}
      />
      <Button loading={save.isPending} disabled={!text.trim()} onClick={() => save.mutate(text.trim())}>
        {t('incident.addNote')}
      </Button>
    </Flex>
  );
}

const text = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/**
 * A delivery of a notification about the incident, as the centre reported it: the channel, who
 * (masked number and name), and the outcome with the provider's reason ("呼叫 · 138****1234（张三）：未接听").
 */
function useDelivery(): (e: TimelineEntry) => { label: string; detail: string } | null {
  const { t, tCode } = useI18n();
  return (e) => {
    if (e.kind !== 'notified' || !e.data) return null;
    const to = text(e.data['to']);
    const name = text(e.data['name']);
    const phone = e.data['channel'] === 'voice' || e.data['channel'] === 'sms';
    const who = phone && to && name ? t('alarm.delivery.who', { to, name }) : (name ?? to ?? '');
    const outcome = tCode('alarm.delivery', text(e.data['outcome']) ?? '');
    const reason = text(e.data['reason']);
    return {
      label: tCode('alarm.channel', text(e.data['channel']) ?? ''),
      detail: t('alarm.delivery.detail', { who, outcome: reason ? withNote(t, outcome, reason) : outcome }),
    };
  };
}

/** What an entry's data adds: the role told on an escalation. */
function useDetail(): (e: TimelineEntry) => string | null {
  const { tCode } = useI18n();
  return (e) => {
    const step = e.data?.['step'];
    return e.kind === 'escalated' && typeof step === 'string' ? tCode('role', step) : null;
  };
}

/** Every step of the incident with its time (HH:mm:ss) and who took it, and a box for notes. */
export function IncidentTimeline({ incident, canNote }: { incident: IncidentDetail; canNote: boolean }) {
  const { tCode } = useI18n();
  const detail = useDetail();
  const delivery = useDelivery();
  const day = dayjs(incident.raisedAt).format('YYYY-MM-DD');
  return (
    <div data-testid="incident-timeline">
      {canNote && <NoteForm incidentId={incident.id} />}
      <Timeline
        items={incident.timeline.map((e) => {
          const at = dayjs(e.at);
          const sent = delivery(e);
          const extra = sent?.detail ?? detail(e);
          return {
            key: e.id,
            color: sent
              ? (OUTCOME_COLOUR[String(e.data?.['outcome'])] ?? 'blue')
              : (COLOUR[e.kind] ?? 'gray'),
            content: (
              <div className={styles.timelineRow} data-kind={e.kind}>
                <span className={styles.timelineTime} title={at.format('YYYY-MM-DD HH:mm:ss')}>
                  {at.format('YYYY-MM-DD') === day ? at.format('HH:mm:ss') : at.format('MM-DD HH:mm:ss')}
                </span>{' '}
                <Typography.Text strong>{sent?.label ?? tCode('alarm.kind', e.kind)}</Typography.Text>
                {extra && <> · {extra}</>}
                {!sent && (
                  <>
                    {' '}
                    · <Typography.Text type="secondary">{e.actorName}</Typography.Text>
                  </>
                )}
                {e.note && <div className={styles.timelineNote}>{e.note}</div>}
              </div>
            ),
          };
        })}
      />
    </div>
  );
}
