import type { z } from 'zod';
import type { Actor } from '../../kernel/access/index.js';
import { DEFAULT_LANG, type Lang } from '../../kernel/i18n.js';
import type { Kernel } from '../../kernel/kernel.js';
import type { TasksService } from '../tasks/index.js';
import { readable, reader } from './hazards.access.js';
import { deadlinePassed, superviseLate } from './hazards.clocks.js';
import type { HazardsContext } from './hazards.context.js';
import { fromItem, report } from './hazards.intake.js';
import { ledger, list, photo, queue, supervised } from './hazards.lists.js';
import { act } from './hazards.loop.js';
import { monthly, monthlyPdf, monthlyXlsx, reports, sendMonthly } from './hazards.monthly.js';
import { issueNotice, noticePdf } from './hazards.notice.js';
import { present, presentDetail } from './hazards.present.js';
import { publicPhotoLimits, publicPlace, publicReport } from './hazards.public.js';
import * as repo from './hazards.repository.js';
import type { actionBody, fromItemBody, listQuery, reportBody, settingsBody } from './hazards.schemas.js';
import { getSettings, putSettings } from './hazards.settings.js';

export { DEADLINE_JOB, SUPERVISE_JOB } from './hazards.clocks.js';

/**
 * Hazard rectification (隐患排查整改): a finding becomes a hazard with a grade, a responsible unit and
 * a deadline; the unit fills the 五定 and reports progress with photos; a verifier who did none of
 * the work passes (销号) or sends it back; late hazards escalate and major or long-late ones are
 * flagged for supervision (挂牌督办) until closed. Every step and every photo stays on the timeline.
 *
 * This class is the module's one door; each step of the work lives in a file of its own:
 * intake (hazards.intake, hazards.public, hazards.create), the loop (hazards.loop), the clocks and
 * supervision (hazards.clocks), lists and the ledger (hazards.lists), the notice (hazards.notice),
 * the monthly report (hazards.monthly) and the school's settings (hazards.settings).
 */
export class HazardsService {
  private readonly c: HazardsContext;

  constructor(k: Kernel, tasks: TasksService, pdfFont?: string) {
    this.c = { k, tasks, pdfFont };
    tasks.useHazards(async (instanceId) =>
      (await repo.ofTask(k.db, instanceId)).map((h) => ({ ...h, itemCode: h.itemCode ?? '' })),
    );
  }

  // ---- reading ----------------------------------------------------------------------------------

  present(item: repo.HazardItem, lang: Lang = DEFAULT_LANG) {
    return present(this.c, item, lang);
  }

  async detail(actor: Actor, id: string) {
    const r = await reader(this.c, actor);
    return presentDetail(this.c, r, await readable(this.c, r, id));
  }

  list(actor: Actor, q: z.infer<typeof listQuery>) {
    return list(this.c, actor, q);
  }

  supervised(actor: Actor) {
    return supervised(this.c, actor);
  }

  queue(actor: Actor) {
    return queue(this.c, actor);
  }

  ledger(actor: Actor, q: z.infer<typeof listQuery>) {
    return ledger(this.c, actor, q);
  }

  photo(actor: Actor, id: string, fileId: string) {
    return photo(this.c, actor, id, fileId);
  }

  // ---- finding ----------------------------------------------------------------------------------

  report(actor: Actor, input: z.infer<typeof reportBody>) {
    return report(this.c, actor, input);
  }

  fromItem(actor: Actor, instanceId: string, input: z.infer<typeof fromItemBody>) {
    return fromItem(this.c, actor, instanceId, input);
  }

  publicPhotoLimits() {
    return publicPhotoLimits(this.c);
  }

  publicPlace(placeId: string) {
    return publicPlace(this.c, placeId);
  }

  publicReport(input: Parameters<typeof publicReport>[1]) {
    return publicReport(this.c, input);
  }

  // ---- the loop and its clocks ------------------------------------------------------------------

  act(actor: Actor, id: string, input: z.infer<typeof actionBody>) {
    return act(this.c, actor, id, input);
  }

  deadlinePassed(hazardId: string, deadline: string) {
    return deadlinePassed(this.c, hazardId, deadline);
  }

  superviseLate(hazardId: string, deadline: string) {
    return superviseLate(this.c, hazardId, deadline);
  }

  // ---- documents and settings -------------------------------------------------------------------

  issueNotice(actor: Actor, id: string) {
    return issueNotice(this.c, actor, id);
  }

  noticePdf(actor: Actor, id: string) {
    return noticePdf(this.c, actor, id);
  }

  getSettings(actor: Actor, schoolId: string) {
    return getSettings(this.c, actor, schoolId);
  }

  putSettings(actor: Actor, schoolId: string, input: z.infer<typeof settingsBody>) {
    return putSettings(this.c, actor, schoolId, input);
  }

  monthly(actor: Actor, schoolId: string, month: string) {
    return monthly(this.c, actor, schoolId, month);
  }

  monthlyPdf(actor: Actor, schoolId: string, month: string) {
    return monthlyPdf(this.c, actor, schoolId, month);
  }

  monthlyXlsx(actor: Actor, schoolId: string, month: string) {
    return monthlyXlsx(this.c, actor, schoolId, month);
  }

  sendMonthly(actor: Actor, schoolId: string, month: string) {
    return sendMonthly(this.c, actor, schoolId, month);
  }

  reports(actor: Actor, schoolId?: string) {
    return reports(this.c, actor, schoolId);
  }
}
