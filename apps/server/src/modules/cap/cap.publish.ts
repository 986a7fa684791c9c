import { warningEventPayload, type WarningEventPayload } from '@anxiao/contracts';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { BusEvent, EventConsumer } from '../../kernel/events/index.js';
import type { Tx } from '../../kernel/db.js';
import { newId } from '../../kernel/ids.js';
import type { Kernel } from '../../kernel/kernel.js';
import { INCIDENT_EVENTS, incidents, type AlarmClass } from '../alarms/index.js';
import { orgs } from '../orgs/index.js';
import type { CapConfig } from './cap.config.js';
import { WARNING_EVENTS } from './cap.events.js';
import { capIdentifier, writeCap, type CapInfo, type CapMessage } from './cap.model.js';
import * as repo from './cap.repository.js';

/**
 * Publishing: warnings meant for the public feed and alarms of the public classes become CAP 1.2
 * messages, one row per message, written in the transaction that reads the event (a durable
 * consumer: nothing is lost, nothing is written twice).
 */

/** warning.published / updated / cancelled, as modules/warnings appends them (packages/contracts). */
const warningPayload = warningEventPayload;
export type WarningPayload = WarningEventPayload;

const incidentRaised = z.object({ id: z.uuid() });
const incidentUpdated = z.object({ id: z.uuid(), status: z.string() });
/** An incident in one of these is over: its public alert is cancelled. */
const ENDED = ['resolved', 'closed', 'cancelled', 'false_alarm'];

/** How a public alarm reads, per class (texts are Chinese: the feed's language is zh-CN). */
const ALARM_TEXTS: Record<
  AlarmClass,
  Pick<CapInfo, 'category' | 'event' | 'severity'> & { description: string; instruction: string }
> = {
  fire: {
    category: 'Fire',
    event: '校园火警',
    severity: 'Severe',
    description: '学校发生火警，正在组织疏散和处置。',
    instruction: '请勿靠近学校，为消防车辆让出通道；家长请勿前往学校，等待学校通知。',
  },
  police: {
    category: 'Security',
    event: '校园安全警情',
    severity: 'Severe',
    description: '学校发生安全警情，公安机关正在处置。',
    instruction: '请远离学校周边，听从公安机关指挥；家长请勿前往学校，等待学校通知。',
  },
  medical: {
    category: 'Health',
    event: '校园医疗急救',
    severity: 'Moderate',
    description: '学校有人需要医疗急救，正在处置。',
    instruction: '请为急救车辆让出通道。',
  },
  staff_assist: {
    category: 'Safety',
    event: '校园求助',
    severity: 'Minor',
    description: '学校有人求助，正在处置。',
    instruction: '无需采取行动。',
  },
};

const MODE_STATUS = { real: 'Actual', drill: 'Exercise', test: 'Test' } as const;
const MODE_MARK = { real: '', drill: '【演练】', test: '【测试】' } as const;
/** A public alarm's alert lapses after this long if no one closes the incident. */
const INCIDENT_ALERT_HOURS = 12;
/** Metres around the alarm (or the school) that its alert names. */
const INCIDENT_RADIUS_KM = 0.5;

export class CapPublisher {
  constructor(
    private readonly k: Kernel,
    private readonly cfg: CapConfig,
  ) {}

  consumer(): EventConsumer {
    return {
      name: 'cap.publish',
      types: [...Object.values(WARNING_EVENTS), INCIDENT_EVENTS.raised, INCIDENT_EVENTS.updated],
      handle: (e, tx) => this.handle(e, tx),
    };
  }

  private async handle(e: BusEvent, tx: Tx): Promise<void> {
    if (e.type === INCIDENT_EVENTS.raised) return this.incidentRaised(e, tx);
    if (e.type === INCIDENT_EVENTS.updated) return this.incidentUpdated(e, tx);
    const p = warningPayload.safeParse(e.payload);
    if (!p.success) {
      this.k.log.warn(
        { event: e.id, type: e.type, issues: p.error.issues },
        'cap: a warning event out of contract',
      );
      return;
    }
    return this.warning(e.type, p.data, tx);
  }

  private async warning(type: string, w: WarningPayload, tx: Tx): Promise<void> {
    const series = await repo.seriesOf(tx, 'warning', w.id);
    const last = series[series.length - 1];
    if (last?.msgType === 'Cancel') return;
    if (!w.publicFeed && !last) return;
    // Taken off the public feed after it was on it: the feed's readers are told it no longer stands.
    const msgType = type === WARNING_EVENTS.cancelled || !w.publicFeed ? 'Cancel' : last ? 'Update' : 'Alert';
    const org = await this.org(tx, w.orgId);
    await this.write(tx, {
      source: 'warning',
      sourceId: w.id,
      seq: Math.max(w.version, (last?.seq ?? 0) + 1),
      orgId: w.orgId,
      series,
      msgType,
      status: w.status,
      sent: new Date(w.sentAt),
      note: null,
      info: {
        language: w.language,
        category: w.category,
        event: w.event,
        urgency: w.urgency,
        severity: w.severity,
        certainty: w.certainty,
        effective: new Date(w.effective),
        expires: w.expires ? new Date(w.expires) : null,
        senderName: w.senderName,
        headline: w.headline,
        description: w.description,
        instruction: w.instruction,
        web: this.webOf(org?.code),
        areas: [{ areaDesc: w.areaDesc, polygons: w.polygon ? [w.polygon] : [], circles: [] }],
      },
    });
  }

  private async incidentRaised(e: BusEvent, tx: Tx): Promise<void> {
    const p = incidentRaised.safeParse(e.payload);
    if (!p.success) return;
    const found = await this.incident(tx, p.data.id);
    if (!found || !this.cfg.CAP_PUBLIC_ALARM_CLASSES.includes(found.i.alarmClass)) return;
    const { i, school } = found;
    if ((await repo.seriesOf(tx, 'incident', i.id)).length) return;
    const sent = new Date(e.occurredAt);
    await this.write(tx, {
      source: 'incident',
      sourceId: i.id,
      seq: 1,
      orgId: school.id,
      series: [],
      msgType: 'Alert',
      status: MODE_STATUS[i.mode],
      sent,
      note: i.mode === 'real' ? null : i.mode === 'drill' ? '这是一次演练。' : '这是一次设备测试。',
      info: this.incidentInfo(i, school, sent, false),
    });
  }

  private async incidentUpdated(e: BusEvent, tx: Tx): Promise<void> {
    const p = incidentUpdated.safeParse(e.payload);
    if (!p.success || !ENDED.includes(p.data.status)) return;
    const series = await repo.seriesOf(tx, 'incident', p.data.id);
    const last = series[series.length - 1];
    if (!last || last.msgType === 'Cancel') return;
    const found = await this.incident(tx, p.data.id);
    if (!found) return;
    const sent = new Date(e.occurredAt);
    await this.write(tx, {
      source: 'incident',
      sourceId: found.i.id,
      seq: last.seq + 1,
      orgId: found.school.id,
      series,
      msgType: 'Cancel',
      status: last.status,
      sent,
      note: '警情已解除。',
      info: this.incidentInfo(found.i, found.school, sent, true),
    });
  }

  private incidentInfo(
    i: typeof incidents.$inferSelect,
    school: typeof orgs.$inferSelect,
    sent: Date,
    over: boolean,
  ): CapInfo {
    const t = ALARM_TEXTS[i.alarmClass];
    const lon = i.lon ?? school.lon;
    const lat = i.lat ?? school.lat;
    return {
      language: 'zh-CN',
      category: t.category,
      event: t.event,
      urgency: over ? 'Past' : 'Immediate',
      severity: t.severity,
      certainty: 'Observed',
      effective: sent,
      expires: over ? sent : new Date(sent.getTime() + INCIDENT_ALERT_HOURS * 3600_000),
      senderName: school.name,
      headline: `${MODE_MARK[i.mode]}${school.name}${t.event}${over ? '已解除' : ''}`,
      description: over ? `${school.name}${t.event}已处置完毕。` : `${school.name}：${t.description}`,
      instruction: over ? null : t.instruction,
      web: this.webOf(school.code),
      areas: [
        {
          areaDesc: school.address ? `${school.name}（${school.address}）` : school.name,
          polygons: [],
          circles: lon !== null && lat !== null ? [{ centre: [lon, lat], radiusKm: INCIDENT_RADIUS_KM }] : [],
        },
      ],
    };
  }

  private async incident(tx: Tx, id: string) {
    const [r] = await tx
      .select({ i: incidents, school: orgs })
      .from(incidents)
      .innerJoin(orgs, eq(orgs.id, incidents.schoolId))
      .where(eq(incidents.id, id))
      .limit(1);
    return r;
  }

  private async org(tx: Tx, id: string) {
    const [r] = await tx.select().from(orgs).where(eq(orgs.id, id)).limit(1);
    return r;
  }

  private webOf(orgCode: string | undefined): string | null {
    const base = this.cfg.CAP_PUBLIC_URL;
    return base && orgCode ? `${base}/cap/${encodeURIComponent(orgCode)}/feed.atom` : null;
  }

  private async write(
    tx: Tx,
    m: Omit<CapMessage, 'identifier' | 'sender' | 'references'> & {
      source: 'warning' | 'incident';
      sourceId: string;
      seq: number;
      orgId: string;
      series: repo.CapAlertRow[];
    },
  ): Promise<void> {
    const sender = this.cfg.CAP_SENDER;
    const identifier = capIdentifier(sender, m.sourceId, m.seq);
    const xml = writeCap({
      identifier,
      sender,
      sent: m.sent,
      status: m.status,
      msgType: m.msgType,
      references: m.series.map((r) => ({ sender: r.sender, identifier: r.identifier, sent: r.sent })),
      note: m.note,
      info: m.info,
    });
    await repo.insertAlert(tx, {
      id: newId(),
      identifier,
      sender,
      orgId: m.orgId,
      source: m.source,
      sourceId: m.sourceId,
      seq: m.seq,
      msgType: m.msgType,
      status: m.status,
      sent: m.sent,
      expires: m.info.expires,
      headline: m.info.headline.slice(0, 300),
      xml,
      createdAt: this.k.clock.now(),
    });
  }
}
