import type { z } from 'zod';
import type { Actor } from '../../kernel/access/index.js';
import type { Kernel } from '../../kernel/kernel.js';
import { capConsumer } from './warnings.cap.js';
import { approve, create, edit, preview, reject, submit } from './warnings.compose.js';
import type { WarningsContext } from './warnings.context.js';
import { autoRemind, deliver } from './warnings.delivery.js';
import { cancel, remindNow } from './warnings.publish.js';
import { acknowledge, detail, list, mine, open, recipients } from './warnings.reading.js';
import type { Audience } from './warnings.model.js';
import type { createBody, editBody, listQuery, recipientsQuery } from './warnings.schemas.js';

export { DELIVER_JOB, REMIND_JOB } from './warnings.delivery.js';

/**
 * Warnings (快速预警): a warning written for an audience (the school, colleges, grids, roles, or the
 * district's schools), approved by a second person when it goes beyond the sending organisation,
 * sent to every person through the notification port, read and acknowledged per person, reminded,
 * updated and cancelled; incoming CAP alerts become drafts.
 *
 * This class is the module's one door; each step lives in a file of its own: composing and
 * approval (warnings.compose), sending, updates, cancellation and reminders by hand
 * (warnings.publish), the hand-out in chunks and the automatic reminders (warnings.delivery),
 * reading and the summary (warnings.reading), CAP intake (warnings.cap).
 */
export class WarningsService {
  private readonly c: WarningsContext;

  constructor(k: Kernel) {
    this.c = { k };
  }

  list(actor: Actor, q: z.infer<typeof listQuery>) {
    return list(this.c, actor, q);
  }

  detail(actor: Actor, id: string) {
    return detail(this.c, actor, id);
  }

  recipients(actor: Actor, id: string, q: z.infer<typeof recipientsQuery>) {
    return recipients(this.c, actor, id, q);
  }

  preview(actor: Actor, orgId: string, audience: Audience) {
    return preview(this.c, actor, orgId, audience);
  }

  async create(actor: Actor, input: z.infer<typeof createBody>) {
    return this.detail(actor, await create(this.c, actor, input));
  }

  async edit(actor: Actor, id: string, input: z.infer<typeof editBody>) {
    await edit(this.c, actor, id, input);
    return this.detail(actor, id);
  }

  async submit(actor: Actor, id: string) {
    await submit(this.c, actor, id);
    return this.detail(actor, id);
  }

  async approve(actor: Actor, id: string) {
    await approve(this.c, actor, id);
    return this.detail(actor, id);
  }

  async reject(actor: Actor, id: string, reason: string) {
    await reject(this.c, actor, id, reason);
    return this.detail(actor, id);
  }

  async cancel(actor: Actor, id: string, reason: string) {
    await cancel(this.c, actor, id, reason);
    return this.detail(actor, id);
  }

  remind(actor: Actor, id: string) {
    return remindNow(this.c, actor, id);
  }

  // ---- the recipient's side ----------------------------------------------------------------------

  mine(actor: Actor) {
    return mine(this.c, actor);
  }

  open(actor: Actor, id: string) {
    return open(this.c, actor, id);
  }

  acknowledge(actor: Actor, id: string) {
    return acknowledge(this.c, actor, id);
  }

  // ---- background ------------------------------------------------------------------------------

  deliver(warningId: string) {
    return deliver(this.c, warningId);
  }

  autoRemind(warningId: string, n: number) {
    return autoRemind(this.c, warningId, n);
  }

  capConsumer() {
    return capConsumer(this.c);
  }
}
