import type { z } from 'zod';
import { authorize, pathInScope, type Actor } from '../../kernel/access/index.js';
import { audit } from '../../kernel/audit/audit.js';
import { errors } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import type { Kernel } from '../../kernel/kernel.js';
import { findOrgById } from '../orgs/index.js';
import type { CapConfig } from './cap.config.js';
import { capErrors } from './cap.errors.js';
import { checkFeedUrl } from './cap.fetch.js';
import { CapIntake } from './cap.intake.js';
import { CapRejected, type RejectReason } from './cap.parse.js';
import { CapPublisher } from './cap.publish.js';
import * as repo from './cap.repository.js';
import type { inboundQuery, subscriptionBody } from './cap.schemas.js';

export const CAP_POLL_JOB = 'cap.poll';
export const CAP_POLL_ONE_JOB = 'cap.poll_one';
/** Feeds one organisation may take: a school needs a few (weather, earthquakes, the district). */
const MAX_SUBSCRIPTIONS = 20;
const SUBSCRIBING_KINDS = ['school', 'education_bureau', 'stability_office', 'region'];

/** The CAP module's door: the public feed, subscriptions and what they brought. */
export class CapService {
  readonly publisher: CapPublisher;
  readonly intake: CapIntake;

  constructor(
    private readonly k: Kernel,
    readonly cfg: CapConfig,
  ) {
    this.publisher = new CapPublisher(k, cfg);
    this.intake = new CapIntake(k, cfg);
  }

  // ---- the public feed (no personal data: what a warning or alarm says to the public) -------------

  alert(identifier: string) {
    return repo.alertByIdentifier(this.k.db, identifier);
  }

  current(orgPath: string, limit: number) {
    return repo.currentAlerts(this.k.db, orgPath, this.k.clock.now(), limit);
  }

  // ---- subscriptions ---------------------------------------------------------------------------

  /**
   * The recurring job: a read of each subscription whose interval has passed, each its own job
   * (one slow or failing feed holds up no other; a read still queued or running is not doubled).
   */
  async pollDue(): Promise<number> {
    const before = new Date(this.k.clock.now().getTime() - (this.cfg.CAP_POLL_MINUTES * 60_000 - 30_000));
    const due = await repo.dueSubscriptions(this.k.db, before, 500);
    await this.k.jobs.enqueueAll(
      this.k.db,
      due.map((d) => ({
        queue: CAP_POLL_ONE_JOB,
        payload: { subscriptionId: d.id },
        opts: { singletonKey: d.id },
      })),
    );
    return due.length;
  }

  async subscriptions(actor: Actor) {
    const scope = authorize(actor, 'cap.read');
    const list = await repo.listSubscriptions(this.k.db, scope);
    return list.map(({ s, orgName }) => presentSubscription(s, orgName));
  }

  async subscribe(actor: Actor, body: z.infer<typeof subscriptionBody>) {
    const scope = authorize(actor, 'cap.subscribe');
    const org = await findOrgById(this.k.db, body.orgId);
    // Another school (or one that does not exist) is not found, as everywhere.
    if (!org || !pathInScope(scope, org.path)) throw errors.notFound({ field: 'orgId' });
    if (!SUBSCRIBING_KINDS.includes(org.kind)) throw capErrors.badOrg();
    let url: string;
    try {
      url = checkFeedUrl(body.url).toString();
    } catch (e) {
      if (e instanceof CapRejected) throw capErrors.badUrl({ field: 'url', problem: e.detail });
      throw e;
    }
    const row = await this.k.transaction(async (tx) => {
      if ((await repo.countSubscriptions(tx, org.id)) >= MAX_SUBSCRIPTIONS) throw capErrors.tooMany();
      const r = await repo.insertSubscription(tx, {
        id: newId(),
        orgId: org.id,
        name: body.name,
        url,
        createdBy: actor.userId,
        createdAt: this.k.clock.now(),
      });
      if (!r) throw capErrors.duplicate();
      await audit(tx, this.k.clock, actor, {
        action: 'cap.subscribe',
        targetType: 'cap_subscription',
        targetId: r.id,
        orgId: org.id,
        details: { name: body.name, url },
      });
      // Read at once, not at the next round of the interval.
      await this.k.jobs.enqueue(tx, CAP_POLL_ONE_JOB, { subscriptionId: r.id }, { singletonKey: r.id });
      return r;
    });
    return presentSubscription(row, org.name);
  }

  async unsubscribe(actor: Actor, id: string): Promise<void> {
    const scope = authorize(actor, 'cap.subscribe');
    await this.k.transaction(async (tx) => {
      const found = await repo.findSubscription(tx, scope, id);
      if (!found) throw errors.notFound();
      await repo.deleteSubscription(tx, id);
      await audit(tx, this.k.clock, actor, {
        action: 'cap.unsubscribe',
        targetType: 'cap_subscription',
        targetId: id,
        orgId: found.s.orgId,
        details: { name: found.s.name, url: found.s.url },
      });
    });
  }

  /**
   * Read a feed soon (the console's button): a job, since one read may take a while (every linked
   * document, each within its own time limit). A second press while one waits adds nothing.
   */
  async pollNow(actor: Actor, id: string): Promise<void> {
    const scope = authorize(actor, 'cap.subscribe');
    const found = await repo.findSubscription(this.k.db, scope, id);
    if (!found) throw errors.notFound();
    await this.k.jobs.enqueue(this.k.db, CAP_POLL_ONE_JOB, { subscriptionId: id }, { singletonKey: id });
  }

  async rejects(actor: Actor, id: string) {
    const scope = authorize(actor, 'cap.read');
    const found = await repo.findSubscription(this.k.db, scope, id);
    if (!found) throw errors.notFound();
    const list = await repo.rejectsOf(this.k.db, id, 50);
    return list.map((r) => ({
      url: r.url,
      reason: r.reason as RejectReason,
      detail: r.detail,
      at: r.at.toISOString(),
    }));
  }

  async inbound(actor: Actor, q: z.infer<typeof inboundQuery>) {
    const scope = authorize(actor, 'cap.read');
    const [list, total] = await repo.listInbound(this.k.db, scope, q);
    return {
      total,
      items: list.map(({ a, subscriptionName }) => ({
        id: a.id,
        subscriptionId: a.subscriptionId,
        subscriptionName,
        identifier: a.identifier,
        sender: a.sender,
        sent: a.sent.toISOString(),
        msgType: a.msgType,
        status: a.status,
        references: a.references,
        event: a.event,
        headline: a.headline,
        severity: a.severity,
        areaDesc: a.areaDesc,
        expires: a.expires?.toISOString() ?? null,
        schoolCount: a.schoolIds.length,
        receivedAt: a.receivedAt.toISOString(),
      })),
    };
  }
}

function presentSubscription(s: repo.SubscriptionRow, orgName: string) {
  return {
    id: s.id,
    orgId: s.orgId,
    orgName,
    name: s.name,
    url: s.url,
    lastFetchedAt: s.lastFetchedAt?.toISOString() ?? null,
    lastResult: s.lastResult,
    lastError: s.lastError,
    lastNew: s.lastNew,
    createdAt: s.createdAt.toISOString(),
  };
}
