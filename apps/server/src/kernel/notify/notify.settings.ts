import { and, asc, eq, sql } from 'drizzle-orm';
import { authorize, type Actor } from '../access/index.js';
import { audit } from '../audit/audit.js';
import { rows } from '../db.js';
import { errors } from '../errors.js';
import { newId } from '../ids.js';
import type { Severity } from './channel.js';
import { notifyContacts, notifyPrefs, notifyTemplates } from './notify.centre.tables.js';
import type { DispatchDeps } from './notify.dispatch.js';
import { maskAddress } from './notify.policy.js';

export const IM_CHANNELS = ['wecom', 'dingtalk', 'feishu'] as const;
export const DIGEST_CHANNELS = ['email', ...IM_CHANNELS] as const;

export interface Prefs {
  /** China time, HH:MM; both or neither */
  quietHours: { from: string; to: string } | null;
  digestChannel: (typeof DIGEST_CHANNELS)[number] | null;
  contacts: Partial<Record<(typeof IM_CHANNELS)[number], string>>;
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const toHhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

export interface TemplateInput {
  provider: string;
  noticeKind: string | null;
  severity: Severity | null;
  templateCode: string;
  params: Record<string, string>;
}

/** A person's own notification settings, and the platform's provider templates. */
export class NotifySettings {
  constructor(private readonly d: DispatchDeps) {}

  /** The signed-in person's settings; phone and e-mail (masked) come from their account. */
  async prefs(actor: Actor) {
    const userId = actor.userId;
    if (!userId) throw errors.unauthenticated();
    const [p] = await this.d.db.select().from(notifyPrefs).where(eq(notifyPrefs.userId, userId));
    const contacts = await this.d.db.select().from(notifyContacts).where(eq(notifyContacts.userId, userId));
    const [u] = await rows<{ phone: string | null; email: string | null }>(
      this.d.db,
      sql`select phone, email from users where id = ${userId}`,
    );
    return {
      quietHours:
        p && p.quietFrom !== null && p.quietTo !== null
          ? { from: toHhmm(p.quietFrom), to: toHhmm(p.quietTo) }
          : null,
      digestChannel: p?.digestChannel ?? null,
      contacts: Object.fromEntries(contacts.map((c) => [c.channel, c.address])),
      phone: u?.phone ? maskAddress('sms', u.phone) : null,
      email: u?.email ? maskAddress('email', u.email) : null,
    };
  }

  async savePrefs(actor: Actor, input: Prefs) {
    const userId = actor.userId;
    if (!userId) throw errors.unauthenticated();
    if (input.quietHours && input.quietHours.from === input.quietHours.to)
      throw errors.validation({ reason: 'quiet hours must not start and end at the same time' });
    const now = this.d.clock.now();
    await this.d.db.transaction(async (tx) => {
      const values = {
        quietFrom: input.quietHours ? toMinutes(input.quietHours.from) : null,
        quietTo: input.quietHours ? toMinutes(input.quietHours.to) : null,
        digestChannel: input.digestChannel,
        updatedAt: now,
      };
      await tx
        .insert(notifyPrefs)
        .values({ userId, ...values })
        .onConflictDoUpdate({ target: notifyPrefs.userId, set: values });
      await tx.delete(notifyContacts).where(eq(notifyContacts.userId, userId));
      const contacts = IM_CHANNELS.flatMap((channel) => {
        const address = input.contacts[channel]?.trim();
        return address ? [{ userId, channel, address, updatedAt: now }] : [];
      });
      if (contacts.length) await tx.insert(notifyContacts).values(contacts);
    });
    return this.prefs(actor);
  }

  /** The providers this install has, and the templates registered for them. */
  async templates(actor: Actor) {
    authorize(actor, 'notify.templates');
    const items = await this.d.db
      .select()
      .from(notifyTemplates)
      .orderBy(asc(notifyTemplates.provider), asc(notifyTemplates.noticeKind), asc(notifyTemplates.severity));
    return {
      providers: this.d.adapters.map((a) => ({
        provider: a.provider,
        kind: a.kind,
        needsTemplate: a.needsTemplate,
      })),
      items,
    };
  }

  /** Create or replace the template of (provider, notice kind) or (provider, severity fallback). */
  async saveTemplate(actor: Actor, t: TemplateInput) {
    authorize(actor, 'notify.templates');
    if ((t.noticeKind === null) === (t.severity === null))
      throw errors.validation({ reason: 'name either a notice kind or a severity (the fallback)' });
    const now = this.d.clock.now();
    return this.d.db.transaction(async (tx) => {
      const [existing] = await tx
        .select({ id: notifyTemplates.id })
        .from(notifyTemplates)
        .where(
          and(
            eq(notifyTemplates.provider, t.provider),
            sql`coalesce(${notifyTemplates.noticeKind}, '') = ${t.noticeKind ?? ''}`,
            sql`coalesce(${notifyTemplates.severity}, '') = ${t.severity ?? ''}`,
          ),
        );
      const id = existing?.id ?? newId();
      const values = { ...t, updatedAt: now };
      if (existing) await tx.update(notifyTemplates).set(values).where(eq(notifyTemplates.id, id));
      else await tx.insert(notifyTemplates).values({ id, ...values });
      await audit(tx, this.d.clock, actor, {
        action: 'notify.template_save',
        targetType: 'notify_template',
        targetId: id,
        details: {
          provider: t.provider,
          noticeKind: t.noticeKind,
          severity: t.severity,
          code: t.templateCode,
        },
      });
      const [row] = await tx.select().from(notifyTemplates).where(eq(notifyTemplates.id, id));
      return row!;
    });
  }

  async deleteTemplate(actor: Actor, id: string): Promise<void> {
    authorize(actor, 'notify.templates');
    await this.d.db.transaction(async (tx) => {
      const [gone] = await tx.delete(notifyTemplates).where(eq(notifyTemplates.id, id)).returning();
      if (!gone) throw errors.notFound({ id });
      await audit(tx, this.d.clock, actor, {
        action: 'notify.template_delete',
        targetType: 'notify_template',
        targetId: id,
        details: { provider: gone.provider, noticeKind: gone.noticeKind, severity: gone.severity },
      });
    });
  }
}
