import { eq } from 'drizzle-orm';
import { appendEvents } from '../../kernel/events/index.js';
import { newId } from '../../kernel/ids.js';
import type { Kernel } from '../../kernel/kernel.js';
import { orgs } from '../orgs/index.js';
import type { CapConfig } from './cap.config.js';
import { CAP_EVENTS } from './cap.events.js';
import { fetchBounded } from './cap.fetch.js';
import { areasCover, hasGeometry } from './cap.model.js';
import {
  CapRejected,
  parseXml,
  readAtomLinks,
  readCap,
  type InboundCap,
  type InboundInfo,
} from './cap.parse.js';
import * as repo from './cap.repository.js';
import { capSubscriptions } from './cap.tables.js';

/**
 * CAP intake: read a subscribed feed (an Atom index or one CAP document), keep each alert once, and
 * tell each school its area covers (cap.inbound.received, events-contract.md). A geocode-only alert
 * (no polygon, no circle) counts for the subscribing school itself: its office chose that feed for
 * its own area. An Update or Cancel also goes to the schools told of what it refers to.
 */

/** CAP documents read from one Atom index per poll. */
const MAX_ENTRIES = 50;

export interface InboundReceivedPayload extends Omit<InboundInfo, 'areaDesc'> {
  capAlertId: string;
  schoolId: string;
  identifier: string;
  sender: string;
  sent: string;
  msgType: 'Alert' | 'Update' | 'Cancel';
  references: string[];
  status: string;
  areaDesc: string;
}

export interface PollResult {
  fresh: number;
  rejected: number;
  error: string | null;
}

export class CapIntake {
  constructor(
    private readonly k: Kernel,
    private readonly cfg: CapConfig,
  ) {}

  /** Read one subscription's feed now. Never throws for what the feed served: that is recorded. */
  async poll(subscriptionId: string): Promise<PollResult> {
    const [sub] = await this.k.db
      .select({ s: capSubscriptions, orgPath: orgs.path, orgKind: orgs.kind })
      .from(capSubscriptions)
      .innerJoin(orgs, eq(orgs.id, capSubscriptions.orgId))
      .where(eq(capSubscriptions.id, subscriptionId))
      .limit(1);
    if (!sub) return { fresh: 0, rejected: 0, error: null };
    const limits = { maxBytes: this.cfg.CAP_FETCH_MAX_BYTES, timeoutMs: this.cfg.CAP_FETCH_TIMEOUT_MS };
    let fresh = 0;
    let rejected = 0;
    const refuse = async (url: string, e: CapRejected) => {
      rejected++;
      await repo.recordReject(this.k.db, {
        id: newId(),
        subscriptionId,
        url: url.slice(0, 2000),
        reason: e.reason,
        detail: e.detail,
        at: this.k.clock.now(),
      });
    };
    const takeDocument = async (url: string, root: ReturnType<typeof parseXml>) => {
      try {
        if (await this.take(sub, readCap(root), url)) fresh++;
      } catch (e) {
        if (!(e instanceof CapRejected)) throw e;
        await refuse(url, e);
      }
    };
    try {
      const feed = await fetchBounded(sub.s.url, limits);
      const root = parseXml(feed.text);
      const links = readAtomLinks(root, feed.url, MAX_ENTRIES);
      if (links === null) await takeDocument(sub.s.url, root);
      else {
        const known = await repo.knownUrls(this.k.db, subscriptionId, links);
        for (const link of links.filter((l) => !known.has(l))) {
          try {
            const doc = await fetchBounded(link, limits);
            await takeDocument(link, parseXml(doc.text));
          } catch (e) {
            if (!(e instanceof CapRejected)) throw e;
            await refuse(link, e);
          }
        }
      }
    } catch (e) {
      if (!(e instanceof CapRejected)) throw e;
      await refuse(sub.s.url, e);
      const error = `${e.reason}: ${e.detail}`;
      await repo.recordFetch(this.k.db, subscriptionId, this.k.clock.now(), { ok: false, error });
      return { fresh, rejected, error };
    }
    await repo.recordFetch(this.k.db, subscriptionId, this.k.clock.now(), { ok: true, fresh });
    return { fresh, rejected, error: null };
  }

  /** Keep one alert and tell its schools, in one transaction. False when it was already kept. */
  private async take(
    sub: { s: repo.SubscriptionRow; orgPath: string; orgKind: string },
    cap: InboundCap,
    url: string,
  ): Promise<boolean> {
    return this.k.transaction(async (tx) => {
      const now = this.k.clock.now();
      const borrowed = cap.info ? undefined : await repo.referredInfo(tx, cap.references);
      const info: InboundInfo = cap.info ?? (borrowed?.info as InboundInfo | undefined) ?? placeholderInfo();
      const row = await repo.insertInbound(tx, {
        id: newId(),
        subscriptionId: sub.s.id,
        orgId: sub.s.orgId,
        identifier: cap.identifier,
        sender: cap.sender,
        url: url.slice(0, 2000),
        sent: new Date(cap.sent),
        msgType: cap.msgType,
        status: cap.status,
        references: cap.references.map((r) => r.identifier),
        event: info.event,
        headline: info.headline,
        severity: info.severity,
        areaDesc: info.areaDesc,
        expires: info.expires ? new Date(info.expires) : null,
        info: { ...info },
        schoolIds: [],
        receivedAt: now,
      });
      if (!row) return false;

      const schools = new Set<string>();
      if (hasGeometry(cap.areas)) {
        for (const s of await repo.schoolsUnder(tx, sub.orgPath))
          if (s.lon !== null && s.lat !== null && areasCover(cap.areas, [s.lon, s.lat])) schools.add(s.id);
      } else if (cap.info && sub.orgKind === 'school') schools.add(sub.s.orgId);
      if (cap.msgType !== 'Alert')
        for (const id of await repo.schoolsTold(tx, cap.references)) schools.add(id);

      const told: string[] = [];
      for (const schoolId of schools) {
        if (
          await repo.deliver(tx, {
            schoolId,
            sender: cap.sender,
            identifier: cap.identifier,
            inboundId: row.id,
            at: now,
          })
        )
          told.push(schoolId);
      }
      await repo.setInboundSchools(tx, row.id, [...schools]);
      await appendEvents(
        tx,
        this.k.clock,
        told.map((schoolId) => ({
          type: CAP_EVENTS.inboundReceived,
          orgId: schoolId,
          payload: {
            capAlertId: row.id,
            schoolId,
            identifier: cap.identifier,
            sender: cap.sender,
            sent: cap.sent,
            msgType: cap.msgType,
            references: cap.references.map((r) => r.identifier),
            status: cap.status,
            category: info.category,
            event: info.event,
            headline: info.headline,
            description: info.description,
            instruction: info.instruction,
            severity: info.severity,
            urgency: info.urgency,
            certainty: info.certainty,
            areaDesc: info.areaDesc,
            effective: info.effective,
            expires: info.expires,
            language: info.language,
          } satisfies InboundReceivedPayload,
        })),
      );
      return true;
    });
  }
}

/** A Cancel without info whose original was never seen: what the payload must still carry. */
function placeholderInfo(): InboundInfo {
  return {
    language: 'zh-CN',
    category: 'Other',
    event: '预警撤销',
    urgency: 'Past',
    severity: 'Unknown',
    certainty: 'Unknown',
    headline: '预警撤销',
    description: '',
    instruction: null,
    effective: null,
    expires: null,
    areaDesc: '',
  };
}
