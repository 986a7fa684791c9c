import type { Readable } from 'node:stream';
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { authorize, pathInScope, scopeFor, type Actor, type Scope } from '../../kernel/access/index.js';
import { audit } from '../../kernel/audit/audit.js';
import { addChinaDays, chinaDate, chinaDayStart } from '../../kernel/calendar/index.js';
import type { Executor } from '../../kernel/db.js';
import { errors } from '../../kernel/errors.js';
import { DEFAULT_LANG, GENERATED, localize, localizeActor, type Lang } from '../../kernel/i18n.js';
import { appendEvent } from '../../kernel/events/index.js';
import { commitFiles } from '../../kernel/files/files.lifecycle.js';
import { newId } from '../../kernel/ids.js';
import type { Kernel } from '../../kernel/kernel.js';
import { firstBatchRead } from '../../kernel/http/export.js';
import { streamWorkbook } from '../../kernel/sheets/index.js';
import { answeringGrid, coveringGrid, gridOfSchool } from '../grids/index.js';
import { homeOrgPath, schoolUsersWithRoles, unitUsers } from '../identity/index.js';
import { findOrgById, schoolOf } from '../orgs/index.js';
import { RISK_DOMAINS, type TasksService } from '../tasks/index.js';
import { hazardErrors } from './hazards.errors.js';
import { HAZARD_EVENTS } from './hazards.events.js';
import {
  DEFAULT_GRADE_DEADLINES,
  hazardDeadline,
  hazardStep,
  isOverdue,
  type HazardAction,
  type HazardGrade,
  type HazardOrigin,
} from './hazards.model.js';
import { isolated } from '../../kernel/isolate/index.js';
import { monthlyPdf, monthlySheets, noticePdf } from './hazards.documents.js';

// Documents are laid out in a thread of their own (kernel/isolate): never on the alarm path's loop.
const DOCUMENTS = new URL('./hazards.documents.ts', import.meta.url);
const render = {
  notice: isolated(noticePdf, DOCUMENTS),
  monthlyPdf: isolated(monthlyPdf, DOCUMENTS),
  monthlyXlsx: isolated(monthlySheets, DOCUMENTS),
};
import * as repo from './hazards.repository.js';
import type { actionBody, fromItemBody, listQuery, reportBody, settingsBody } from './hazards.schemas.js';
import { DOMAIN_NAMES, GRADE_LABELS, LEDGER_COLUMNS, ORIGIN_LABELS, ledgerRow } from './hazards.sheets.js';
import { hazardEvents, hazardReports, hazards, type HazardEventKind } from './hazards.tables.js';

export const DEADLINE_JOB = 'hazards.deadline';
export const SUPERVISE_JOB = 'hazards.supervise';
const DAY = 86_400_000;
const DEFAULT_GRACE_DAYS = 3;

interface Reader {
  actor: Actor;
  access: repo.ReadAccess;
  verify: Scope | null;
  rectify: Scope | null;
}

interface NewHazard {
  schoolId: string;
  domain: string;
  grade: HazardGrade;
  origin: HazardOrigin;
  title: string;
  description: string;
  placeId: string | null;
  placePath: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  gridId: string | null;
  gridPath: string | null;
  unitOrgId: string | null;
  unitGridId: string | null;
  foundById: string | null;
  foundByName: string;
  photos: string[];
  taskInstanceId: string | null;
  itemCode: string | null;
  /** a checklist's hazard: the task's name and the item's words, kept as they were */
  source?: { task: string; item: string } | null;
  idempotencyKey: string | null;
  contactPhone: string | null;
}

/**
 * Hazard rectification (隐患排查整改): a finding becomes a hazard with a grade, a responsible unit and
 * a deadline; the unit fills the 五定 and reports progress with photos; a verifier who did none of
 * the work passes (销号) or sends it back; late hazards escalate and major or long-late ones are
 * flagged for supervision (挂牌督办) until closed. Every step and every photo stays on the timeline.
 */
export class HazardsService {
  constructor(
    private readonly k: Kernel,
    private readonly tasks: TasksService,
    private readonly pdfFont?: string,
  ) {
    tasks.useHazards(async (instanceId) =>
      (await repo.ofTask(this.k.db, instanceId)).map((h) => ({ ...h, itemCode: h.itemCode ?? '' })),
    );
  }

  // ---- who is reading ---------------------------------------------------------------------------

  private async reader(actor: Actor): Promise<Reader> {
    if (actor.kind === 'user' && !actor.userId) throw errors.unauthenticated();
    const rectify = scopeFor(actor, 'hazard.rectify');
    // A department answers for its hazards through its staff whose role lets them rectify (a
    // counselor, a guard): a grid position alone does not make its holder act for their department.
    const home = rectify && actor.userId ? await homeOrgPath(this.k.db, actor.userId) : null;
    const homePath =
      home && rectify && (rectify.all || rectify.paths.some((p) => home.startsWith(p))) ? home : null;
    return {
      actor,
      access: {
        scope: scopeFor(actor, 'hazard.read'),
        unitGridPaths: rectify && !rectify.all ? (rectify.gridPaths ?? []) : [],
        homePath,
      },
      verify: scopeFor(actor, 'hazard.verify'),
      rectify,
    };
  }

  private isVerifier(r: Reader, item: repo.HazardItem) {
    return r.verify !== null && pathInScope(r.verify, item.schoolPath);
  }

  private isUnit(r: Reader, item: repo.HazardItem) {
    if (!r.rectify) return false;
    const { homePath, unitGridPaths } = r.access;
    if (item.unitOrgPath && item.unitOrgPath !== item.schoolPath && homePath?.startsWith(item.unitOrgPath))
      return true;
    return !!item.unitGridPath && unitGridPaths.some((p) => item.unitGridPath!.startsWith(p));
  }

  /** A hazard the reader may see (404 otherwise: its existence is not confirmed). */
  private async readable(r: Reader, id: string) {
    const item = await repo.findById(this.k.db, id);
    if (!item) throw errors.notFound({ id });
    if (this.isVerifier(r, item) || this.isUnit(r, item)) return item;
    if (!(await repo.isReadable(this.k.db, id, r.access))) throw errors.notFound({ id });
    return item;
  }

  /** The steps this reader may take now. */
  private actionsOf(r: Reader, item: repo.HazardItem): (HazardAction | 'assign' | 'comment')[] {
    const h = item.hazard;
    const out: (HazardAction | 'assign' | 'comment')[] = [];
    const unit = this.isUnit(r, item) || this.isVerifier(r, item);
    if (unit && h.status === 'open') out.push('plan');
    if (unit && h.status === 'rectifying') out.push('progress', 'submit');
    if (this.isVerifier(r, item) && h.status === 'submitted' && !h.rectifiers.includes(r.actor.userId ?? ''))
      out.push('pass', 'reject');
    if (this.isVerifier(r, item) && h.status !== 'closed') out.push('assign');
    out.push('comment');
    return out;
  }

  // ---- presenting -------------------------------------------------------------------------------

  present(item: repo.HazardItem, lang: Lang = DEFAULT_LANG) {
    const h = item.hazard;
    const now = this.k.clock.now();
    return {
      id: h.id,
      no: h.no,
      schoolId: h.schoolId,
      schoolName: item.schoolName,
      domain: h.domain,
      grade: h.grade,
      origin: h.origin,
      title: localize(h.title, lang, ['notMet']),
      description: localize(h.description, lang, ['checkResult', 'fromCheck']),
      placeId: h.placeId,
      placeName: item.placeName,
      address: h.address,
      gridId: h.gridId,
      gridName: item.gridName,
      unit: h.unitOrgId
        ? { kind: 'org' as const, id: h.unitOrgId, name: item.unitOrgName ?? '' }
        : h.unitGridId
          ? { kind: 'grid' as const, id: h.unitGridId, name: item.unitGridName ?? '' }
          : null,
      foundByName: localizeActor(h.foundByName, lang),
      foundAt: h.foundAt,
      photos: h.photos,
      deadline: h.deadline,
      status: h.status,
      overdue: isOverdue(h, now),
      supervised: h.supervisedAt !== null && h.status !== 'closed',
      plan: h.plan ? { ...h.plan, deadline: new Date(h.plan.deadline) } : null,
      noticeNo: h.noticeNo,
      closedAt: h.closedAt,
      verifiedByName: h.verifiedByName,
      rejections: h.rejections,
      repeat: h.repeatOf !== null,
      taskInstanceId: h.taskInstanceId,
      itemCode: h.itemCode,
      sourceTask: h.sourceTask,
      sourceItem: h.sourceItem,
      version: h.version,
      updatedAt: h.updatedAt,
    };
  }

  async detail(actor: Actor, id: string) {
    const r = await this.reader(actor);
    const item = await this.readable(r, id);
    return this.presentDetail(r, item);
  }

  private async presentDetail(r: Reader, item: repo.HazardItem) {
    const events = await repo.events(this.k.db, item.hazard.id);
    const verifier = this.isVerifier(r, item);
    let contactPhone: string | null = null;
    if (verifier && item.hazard.contactPhone) {
      contactPhone = this.k.crypto.decrypt(item.hazard.contactPhone);
      await audit(this.k.db, this.k.clock, r.actor, {
        action: 'hazard.reporter_phone_read',
        targetType: 'hazard',
        targetId: item.hazard.id,
        orgId: item.hazard.schoolId,
        sensitive: true,
      });
    }
    return {
      ...this.present(item, r.actor.lang),
      events: events.map((e) => ({
        id: e.id,
        kind: e.kind,
        actorName: localizeActor(e.actorName, r.actor.lang),
        body: e.body,
        phase: e.phase,
        photos: e.photos,
        data: e.data,
        at: e.at,
      })),
      actions: this.actionsOf(r, item),
      canIssueNotice: verifier,
      contactPhone,
    };
  }

  // ---- finding ----------------------------------------------------------------------------------

  private async settings(ex: Executor, schoolId: string) {
    const s = await repo.settingsOf(ex, schoolId);
    return {
      deadlines: s?.deadlines ?? DEFAULT_GRADE_DEADLINES,
      graceDays: s?.graceDays ?? DEFAULT_GRACE_DAYS,
    };
  }

  /**
   * Record a hazard once (a retry with the same key, or the same failed item, finds the first),
   * tell the responsible unit and the office, and set its clocks.
   */
  private async create(input: NewHazard, actor: Actor | null): Promise<{ id: string; created: boolean }> {
    const again = input.idempotencyKey
      ? await repo.findByKey(this.k.db, input.idempotencyKey)
      : input.taskInstanceId && input.itemCode
        ? await repo.findByItem(this.k.db, input.taskInstanceId, input.itemCode)
        : undefined;
    if (again) return { id: again.hazard.id, created: false };
    const now = this.k.clock.now();
    const { deadlines, graceDays } = await this.settings(this.k.db, input.schoolId);
    const deadline = hazardDeadline(input.grade, now, deadlines);
    // The number is taken outside the transaction: its counter row would otherwise stay locked.
    const day = chinaDate(now);
    const n = await repo.nextNumber(this.k.db, `d:${day}`);
    const no = `YH${day.replaceAll('-', '')}${String(n).padStart(4, '0')}`;
    const repeatOf = input.placeId
      ? await repo.earlierAtPlace(this.k.db, input.placeId, input.domain, now)
      : null;
    const notifyUnit = await unitUsers(this.k.db, { orgId: input.unitOrgId, gridId: input.unitGridId });
    const office = await schoolUsersWithRoles(this.k.db, input.schoolId, ['grid_center']);
    const supervisors =
      input.grade === 'major'
        ? await repo.supervisorUsers(
            this.k.db,
            (await repo.supervisorsOf(this.k.db, input.schoolId)).map((o) => o.id),
          )
        : [];
    const id = newId();
    const created = await this.k.transaction(async (tx) => {
      const [row] = await tx
        .insert(hazards)
        .values({
          id,
          no,
          schoolId: input.schoolId,
          domain: input.domain,
          grade: input.grade,
          origin: input.origin,
          title: input.title,
          description: input.description,
          placeId: input.placeId,
          address: input.address,
          lat: input.lat,
          lng: input.lng,
          gridId: input.gridId,
          gridPath: input.gridPath,
          unitOrgId: input.unitOrgId,
          unitGridId: input.unitGridId,
          foundById: input.foundById,
          foundByName: input.foundByName,
          foundAt: now,
          contactPhone: input.contactPhone ? this.k.crypto.encrypt(input.contactPhone) : null,
          photos: input.photos,
          taskInstanceId: input.taskInstanceId,
          itemCode: input.itemCode,
          sourceTask: input.source?.task ?? null,
          sourceItem: input.source?.item ?? null,
          deadline,
          status: 'open',
          supervisedAt: input.grade === 'major' ? now : null,
          repeatOf,
          idempotencyKey: input.idempotencyKey,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: hazards.id });
      if (!row) return false;
      await this.addEvent(tx, id, actor, 'found', {
        body: input.description,
        photos: input.photos,
        data: { grade: input.grade, origin: input.origin, deadline: deadline.toISOString() },
        by: input.foundByName,
      });
      if (input.grade === 'major')
        await this.addEvent(tx, id, null, 'supervise', {
          body: '重大隐患，挂牌督办',
          by: GENERATED.system.zh,
        });
      await this.changed(tx, {
        id,
        no,
        status: 'open',
        kind: 'found',
        schoolId: input.schoolId,
        gridId: input.gridId,
      });
      await this.k.notify.notify(tx, {
        userIds: [...notifyUnit, ...office, ...supervisors].filter((u) => u !== actor?.userId),
        orgId: input.schoolId,
        kind: 'hazard.found',
        title: `${input.grade === 'major' ? '【重大隐患·挂牌督办】' : ''}新隐患待整改 ${no}`,
        body: `${input.title}（${GRADE_LABELS[input.grade]}），整改期限 ${chinaDate(deadline)}`,
        link: `/hazards/${id}`,
        data: { hazardId: id },
      });
      await this.setClocks(tx, id, deadline, graceDays, input.grade);
      return true;
    });
    if (!created) {
      const first = input.idempotencyKey
        ? await repo.findByKey(this.k.db, input.idempotencyKey)
        : await repo.findByItem(this.k.db, input.taskInstanceId!, input.itemCode!);
      return { id: first!.hazard.id, created: false };
    }
    return { id, created: true };
  }

  private async setClocks(ex: Executor, id: string, deadline: Date, graceDays: number, grade: HazardGrade) {
    const at = deadline.toISOString();
    await this.k.jobs.enqueueAll(ex, [
      {
        queue: DEADLINE_JOB,
        payload: { hazardId: id, deadline: at },
        opts: { runAt: new Date(deadline.getTime() + 1000), singletonKey: `${id}:${at}` },
      },
      ...(grade === 'major'
        ? []
        : [
            {
              queue: SUPERVISE_JOB,
              payload: { hazardId: id, deadline: at },
              opts: {
                runAt: new Date(deadline.getTime() + graceDays * DAY + 1000),
                singletonKey: `${id}:${at}`,
              },
            },
          ]),
    ]);
  }

  private async addEvent(
    ex: Executor,
    hazardId: string,
    actor: Actor | null,
    kind: HazardEventKind,
    e: {
      body?: string;
      photos?: string[];
      phase?: 'before' | 'after' | null;
      data?: Record<string, unknown>;
      by?: string;
    },
  ) {
    // Every photo of a hazard arrives on one of its events: this is where uploads become permanent.
    if (e.photos?.length) await commitFiles(ex, e.photos, this.k.clock.now());
    await ex.insert(hazardEvents).values({
      id: newId(),
      hazardId,
      kind,
      actorId: actor?.userId ?? null,
      actorName: e.by ?? actor?.name ?? GENERATED.system.zh,
      body: e.body ?? '',
      phase: e.phase ?? null,
      photos: e.photos ?? [],
      data: e.data ?? null,
      at: this.k.clock.now(),
    });
  }

  private async changed(
    ex: Executor,
    h: { id: string; no: string; status: string; kind: string; schoolId: string; gridId: string | null },
    actorId?: string | null,
  ) {
    await appendEvent(ex, this.k.clock, {
      type: HAZARD_EVENTS.changed,
      payload: { id: h.id, no: h.no, status: h.status, kind: h.kind },
      orgId: h.schoolId,
      gridId: h.gridId,
      actorId: actorId ?? null,
    });
  }

  private async checkPhotos(actor: Actor, photos: string[]) {
    if (!photos.length) return;
    const owned = new Set(await this.k.files.ownedImages(photos, actor.userId!));
    const foreign = photos.filter((p) => !owned.has(p));
    if (foreign.length) throw hazardErrors.badPhoto({ photos: foreign });
  }

  /** The responsible unit, checked to lie in the school: a department or a grid. */
  private async unitIn(schoolId: string, unitOrgId?: string, unitGridId?: string) {
    if (unitOrgId) {
      const school = await findOrgById(this.k.db, schoolId);
      const org = await findOrgById(this.k.db, unitOrgId);
      if (!school || !org || !org.path.startsWith(school.path)) throw errors.notFound({ unitOrgId });
      return { unitOrgId, unitGridId: null, name: org.name };
    }
    if (unitGridId) {
      const g = await gridOfSchool(this.k.db, schoolId, unitGridId);
      if (!g) throw errors.notFound({ unitGridId });
      return { unitOrgId: null, unitGridId, name: g.name };
    }
    return null;
  }

  private async placeIn(schoolId: string, placeId: string) {
    const p = await repo.activePlace(this.k.db, placeId);
    if (!p || p.school_id !== schoolId) throw errors.notFound({ placeId });
    return p;
  }

  /** The grid answering for a hazard found in `area` (its building's, or the area's own). */
  private async answeringGrid(area: { id: string; path: string } | null) {
    return area ? ((await answeringGrid(this.k.db, area.path)) ?? area.id) : null;
  }

  /** A member of staff (or the police) reports what they found. */
  async report(actor: Actor, input: z.infer<typeof reportBody>) {
    const scope = authorize(actor, 'hazard.report');
    const key = `${actor.userId}:${input.key}`;
    const again = await repo.findByKey(this.k.db, key);
    if (again) return { hazard: this.present(again), created: false };
    const schoolId = input.schoolId ?? (await this.schoolOfActor(actor));
    const school = await findOrgById(this.k.db, schoolId);
    // Staff report in their own school: their role may be held in a college or department inside it.
    const reaches =
      school &&
      (pathInScope(scope, school.path) || (!scope.all && scope.paths.some((p) => p.startsWith(school.path))));
    if (!school || school.kind !== 'school' || !reaches) throw errors.notFound({ schoolId });
    if (input.origin === 'police' && !actor.memberships.some((m) => m.role === 'police'))
      throw errors.forbidden({ permission: 'hazard.report' });
    await this.checkPhotos(actor, input.photos);
    const place = input.placeId ? await this.placeIn(schoolId, input.placeId) : null;
    const area = place ? await coveringGrid(this.k.db, place.path) : null;
    const chosen = await this.unitIn(schoolId, input.unitOrgId, input.unitGridId);
    const unit = chosen
      ? { unitOrgId: chosen.unitOrgId, unitGridId: chosen.unitGridId }
      : { unitOrgId: null, unitGridId: await this.answeringGrid(area) };
    const { id } = await this.create(
      {
        schoolId,
        domain: input.domain,
        grade: input.grade,
        origin: input.origin,
        title: input.title,
        description: input.description,
        placeId: place?.id ?? null,
        placePath: place?.path ?? null,
        address: input.address ?? null,
        lat: input.lat ?? null,
        lng: input.lng ?? null,
        gridId: area?.id ?? null,
        gridPath: area?.path ?? null,
        ...unit,
        foundById: actor.userId,
        foundByName: actor.name,
        photos: input.photos,
        taskInstanceId: null,
        itemCode: null,
        idempotencyKey: key,
        contactPhone: null,
      },
      actor,
    );
    return { hazard: this.present((await repo.findById(this.k.db, id))!), created: true };
  }

  private async schoolOfActor(actor: Actor) {
    for (const m of actor.memberships) {
      const s = await schoolOf(this.k.db, m.orgId);
      if (s) return s.id;
    }
    throw hazardErrors.noSchool();
  }

  /** One tap on a failed checklist item: it becomes a hazard of its grid (once, however often tapped). */
  async fromItem(actor: Actor, instanceId: string, input: z.infer<typeof fromItemBody>) {
    // Whoever may do the task may report what it found (a student 宿舍长 holding a room grid too).
    if (actor.kind === 'user' && !actor.userId) throw errors.unauthenticated();
    const item = await this.tasks.failedItem(actor, instanceId, input.itemCode);
    const again = await repo.findByItem(this.k.db, instanceId, input.itemCode);
    if (again) return { hazard: this.present(again), created: false };
    // Where the task is done (its room, its building): the hazard's place, and its repeats found there.
    const place = item.placeId ? await repo.activePlace(this.k.db, item.placeId) : undefined;
    const answer =
      item.answer === 'no' || item.answer === 'yes'
        ? ''
        : item.answer === null
          ? ''
          : GENERATED.checkResult.zh.replace('{answer}', String(item.answer));
    const { id, created } = await this.create(
      {
        schoolId: item.schoolId,
        domain: item.domain ?? 'facilities',
        grade: input.grade,
        origin: 'inspection',
        // The item states what should hold; the hazard is that it does not.
        title: GENERATED.notMet.zh.replace('{item}', item.prompt.replace(/[？?。]$/, '')).slice(0, 100),
        description: [
          input.description ?? item.note ?? '',
          answer,
          GENERATED.fromCheck.zh.replace('{template}', item.templateName),
        ]
          .filter(Boolean)
          .join('；')
          .slice(0, 2000),
        placeId: place?.id ?? null,
        placePath: place?.path ?? null,
        address: null,
        lat: item.location?.lat ?? null,
        lng: item.location?.lng ?? null,
        gridId: item.gridId,
        gridPath: item.gridPath,
        unitOrgId: null,
        unitGridId: item.gridId,
        foundById: actor.userId,
        foundByName: actor.name,
        photos: item.photoIds,
        taskInstanceId: instanceId,
        itemCode: input.itemCode,
        source: { task: item.templateName, item: item.prompt },
        idempotencyKey: null,
        contactPhone: null,
      },
      actor,
    );
    return { hazard: this.present((await repo.findById(this.k.db, id))!), created };
  }

  /** How many photos of what size a 随手拍 may carry (read while the upload streams in). */
  publicPhotoLimits() {
    const l = this.k.files.limits;
    return { maxPhotos: l.PUBLIC_UPLOAD_MAX_PHOTOS, maxBytes: l.PUBLIC_UPLOAD_MAX_BYTES };
  }

  /** The place a 随手拍 code names, for the public page's heading. */
  async publicPlace(placeId: string) {
    const p = await repo.activePlace(this.k.db, placeId);
    if (!p) throw errors.notFound({ placeId });
    return { placeId: p.id, placeName: p.name, schoolName: p.school_name };
  }

  /**
   * 随手拍: anyone, without an account, from a place's QR code. Photos are checked as images and
   * kept; a phone number only if they want to hear back (encrypted, shown to the office only).
   */
  async publicReport(input: {
    placeId: string;
    description: string;
    phone: string | null;
    key: string | null;
    photos: { name: string; data: Buffer }[];
  }) {
    const p = await repo.activePlace(this.k.db, input.placeId);
    if (!p) throw errors.notFound({ placeId: input.placeId });
    const key = input.key ? `public:${input.key}` : null;
    if (key) {
      const again = await repo.findByKey(this.k.db, key);
      if (again) return { no: again.hazard.no, receivedAt: again.hazard.foundAt, created: false };
    }
    const photos = await this.k.files.storePublicImages(p.school_id, p.id, input.photos);
    // Kept pending; a report refused from here on must not leave its photos behind.
    const made = await this.publicCreate(p, input, key, photos).catch(async (e: unknown) => {
      await this.k.files.discard(photos);
      throw e;
    });
    // A retry that raced the first send: its own photos were not taken, the first send's were.
    if (!made.created) await this.k.files.discard(photos);
    const h = (await repo.findById(this.k.db, made.id))!;
    return { no: h.hazard.no, receivedAt: h.hazard.foundAt, created: made.created };
  }

  private async publicCreate(
    p: NonNullable<Awaited<ReturnType<typeof repo.activePlace>>>,
    input: { description: string; phone: string | null },
    key: string | null,
    photos: string[],
  ) {
    const area = await coveringGrid(this.k.db, p.path);
    return this.create(
      {
        schoolId: p.school_id,
        domain: 'facilities',
        grade: 'general',
        origin: 'public',
        title: input.description.replace(/\s+/g, ' ').slice(0, 30),
        description: input.description,
        placeId: p.id,
        placePath: p.path,
        address: null,
        lat: null,
        lng: null,
        gridId: area?.id ?? null,
        gridPath: area?.path ?? null,
        unitOrgId: null,
        unitGridId: await this.answeringGrid(area),
        foundById: null,
        foundByName: GENERATED.snapshot.zh,
        photos,
        taskInstanceId: null,
        itemCode: null,
        idempotencyKey: key,
        contactPhone: input.phone,
      },
      null,
    );
  }

  // ---- the loop ---------------------------------------------------------------------------------

  async act(actor: Actor, id: string, input: z.infer<typeof actionBody>) {
    const r = await this.reader(actor);
    const item = await this.readable(r, id);
    const h = item.hazard;
    const allowed = this.actionsOf(r, item);
    if (!allowed.includes(input.action)) {
      if (input.action === 'pass' || input.action === 'reject') {
        if (h.status === 'submitted' && this.isVerifier(r, item)) throw hazardErrors.verifierIsRectifier();
        if (h.status === 'submitted') throw errors.forbidden({ permission: 'hazard.verify' });
      }
      if (input.action === 'assign' && h.status !== 'closed')
        throw errors.forbidden({ permission: 'hazard.verify' });
      const unitStep = input.action === 'plan' || input.action === 'progress' || input.action === 'submit';
      if (unitStep && !this.isUnit(r, item) && !this.isVerifier(r, item))
        throw errors.forbidden({ permission: 'hazard.rectify' });
      throw hazardErrors.transition({ status: h.status, action: input.action });
    }
    if (input.version !== h.version) throw errors.conflict({ id, version: h.version });
    await this.checkPhotos(actor, input.photos);
    const now = this.k.clock.now();
    const patch: Partial<typeof hazards.$inferInsert> = { updatedAt: now, version: h.version + 1 };
    let body = input.body ?? '';
    let data: Record<string, unknown> | undefined;
    let notifyTo: string[] = [];
    let title = '';
    const office = () => schoolUsersWithRoles(this.k.db, h.schoolId, ['grid_center']);
    const unitPeople = () => unitUsers(this.k.db, { orgId: h.unitOrgId, gridId: h.unitGridId });

    if (input.action === 'assign') {
      const unit = await this.unitIn(h.schoolId, input.unitOrgId, input.unitGridId);
      if (!unit && !input.grade) throw errors.validation({ reason: 'give a grade or a unit' });
      if (unit) Object.assign(patch, { unitOrgId: unit.unitOrgId, unitGridId: unit.unitGridId });
      if (input.grade && input.grade !== h.grade) {
        const { deadlines } = await this.settings(this.k.db, h.schoolId);
        patch.grade = input.grade;
        patch.deadline = hazardDeadline(input.grade, h.foundAt, deadlines);
        patch.overdueAt = null;
        if (input.grade === 'major') patch.supervisedAt = h.supervisedAt ?? now;
      }
      data = {
        grade: patch.grade ?? h.grade,
        unitOrgId: patch.unitOrgId,
        unitGridId: patch.unitGridId,
        ...(unit ? { unitName: unit.name } : {}),
        deadline: (patch.deadline ?? h.deadline).toISOString(),
      };
      notifyTo = await unitUsers(this.k.db, {
        orgId: patch.unitOrgId ?? h.unitOrgId,
        gridId: patch.unitGridId !== undefined ? patch.unitGridId : h.unitGridId,
      });
      title = `隐患已指派整改 ${h.no}`;
    } else if (input.action === 'comment') {
      if (!body.trim()) throw errors.validation({ reason: 'body required' });
    } else {
      const step = hazardStep(
        { status: h.status, grade: h.grade, deadline: h.deadline, rectifiers: h.rectifiers },
        input.action,
        {
          actorId: actor.userId ?? '',
          plan: input.plan,
          photos: input.photos.length,
          reason: input.reason,
        },
      );
      if (!step.ok) throw hazardErrors.step({ reason: step.reason });
      if ((input.action === 'pass' || input.action === 'reject') && !input.signature?.trim())
        throw hazardErrors.signatureRequired();
      patch.status = step.status;
      switch (input.action) {
        case 'plan': {
          const p = input.plan!;
          patch.plan = { ...p, deadline: p.deadline.toISOString() };
          patch.rectifiers = [...new Set([...h.rectifiers, actor.userId!])];
          data = { plan: patch.plan };
          notifyTo = await office();
          title = `隐患已制定整改方案 ${h.no}`;
          break;
        }
        case 'progress':
        case 'submit':
          patch.rectifiers = [...new Set([...h.rectifiers, actor.userId!])];
          if (input.action === 'submit') {
            notifyTo = await office();
            title = `隐患整改完成，待验收 ${h.no}`;
          }
          break;
        case 'pass':
          patch.closedAt = now;
          patch.verifiedById = actor.userId;
          patch.verifiedByName = input.signature!.trim();
          data = { signature: input.signature!.trim() };
          notifyTo = await unitPeople();
          title = `隐患验收通过，已销号 ${h.no}`;
          break;
        case 'reject':
          patch.rejections = h.rejections + 1;
          body = input.reason!.trim();
          data = { signature: input.signature!.trim() };
          notifyTo = await unitPeople();
          title = `隐患复查未通过，已退回 ${h.no}`;
          break;
      }
    }
    const kind: HazardEventKind = input.action;
    const phase =
      input.action === 'submit' ? 'after' : input.action === 'progress' ? (input.phase ?? null) : null;
    await this.k.transaction(async (tx) => {
      const [u] = await tx
        .update(hazards)
        .set(patch)
        .where(and(eq(hazards.id, id), eq(hazards.version, h.version)))
        .returning({ id: hazards.id });
      if (!u) throw errors.conflict({ id });
      await this.addEvent(tx, id, actor, kind, {
        body,
        photos: input.photos,
        phase,
        ...(data ? { data } : {}),
      });
      await this.changed(
        tx,
        { id, no: h.no, status: patch.status ?? h.status, kind, schoolId: h.schoolId, gridId: h.gridId },
        actor.userId,
      );
      if (notifyTo.length && title)
        await this.k.notify.notify(tx, {
          userIds: notifyTo.filter((x) => x !== actor.userId),
          orgId: h.schoolId,
          kind: `hazard.${kind}`,
          title,
          body: h.title,
          link: `/hazards/${id}`,
          data: { hazardId: id },
        });
      if (patch.deadline) {
        const { graceDays } = await this.settings(tx, h.schoolId);
        await this.setClocks(tx, id, patch.deadline, graceDays, patch.grade ?? h.grade);
      }
      if (input.action === 'pass' || input.action === 'reject' || input.action === 'assign')
        await audit(tx, this.k.clock, actor, {
          action: `hazard.${input.action}`,
          targetType: 'hazard',
          targetId: id,
          orgId: h.schoolId,
          details: { no: h.no, ...(data ?? {}) },
        });
    });
    return this.presentDetail(r, (await repo.findById(this.k.db, id))!);
  }

  // ---- clocks (durable jobs) --------------------------------------------------------------------

  /** The deadline passed: the unit, the office and the grid's leader are told (once per deadline). */
  async deadlinePassed(hazardId: string, deadline: string) {
    await this.k.transaction(async (tx) => {
      const [h] = await tx
        .update(hazards)
        .set({ overdueAt: this.k.clock.now() })
        .where(
          and(
            eq(hazards.id, hazardId),
            sql`${hazards.status} <> 'closed'`,
            sql`${hazards.overdueAt} is null`,
            eq(hazards.deadline, new Date(deadline)),
          ),
        )
        .returning();
      if (!h) return;
      const to = [
        ...(await unitUsers(tx, { orgId: h.unitOrgId, gridId: h.unitGridId })),
        ...(await schoolUsersWithRoles(tx, h.schoolId, ['grid_center'])),
      ];
      await this.addEvent(tx, h.id, null, 'overdue', { body: '已超过整改期限' });
      await this.changed(tx, {
        id: h.id,
        no: h.no,
        status: h.status,
        kind: 'overdue',
        schoolId: h.schoolId,
        gridId: h.gridId,
      });
      await this.k.notify.notify(tx, {
        userIds: to,
        orgId: h.schoolId,
        kind: 'hazard.overdue',
        title: `【逾期】隐患超过整改期限 ${h.no}`,
        body: `${h.title}，期限 ${chinaDate(h.deadline)}，请立即整改。`,
        link: `/hazards/${h.id}`,
        data: { hazardId: h.id },
      });
    });
  }

  /** Still open some days past its deadline: flagged for supervision (挂牌督办), supervisors told. */
  async superviseLate(hazardId: string, deadline: string) {
    const [h0] = await this.k.db.select().from(hazards).where(eq(hazards.id, hazardId));
    if (!h0) return;
    const supervisors = await repo.supervisorUsers(
      this.k.db,
      (await repo.supervisorsOf(this.k.db, h0.schoolId)).map((o) => o.id),
    );
    await this.k.transaction(async (tx) => {
      const [h] = await tx
        .update(hazards)
        .set({ supervisedAt: this.k.clock.now() })
        .where(
          and(
            eq(hazards.id, hazardId),
            sql`${hazards.status} <> 'closed'`,
            sql`${hazards.supervisedAt} is null`,
            eq(hazards.deadline, new Date(deadline)),
          ),
        )
        .returning();
      if (!h) return;
      await this.addEvent(tx, h.id, null, 'supervise', { body: '逾期未整改，挂牌督办' });
      await this.changed(tx, {
        id: h.id,
        no: h.no,
        status: h.status,
        kind: 'supervise',
        schoolId: h.schoolId,
        gridId: h.gridId,
      });
      await this.k.notify.notify(tx, {
        userIds: [
          ...supervisors,
          ...(await schoolUsersWithRoles(tx, h.schoolId, ['grid_center', 'school_admin'])),
        ],
        orgId: h.schoolId,
        kind: 'hazard.supervise',
        title: `【挂牌督办】隐患逾期未整改 ${h.no}`,
        body: h.title,
        link: `/hazards/${h.id}`,
        data: { hazardId: h.id },
      });
    });
  }

  // ---- lists ------------------------------------------------------------------------------------

  private filterOf(q: z.infer<typeof listQuery>): repo.HazardFilter {
    return {
      schoolId: q.schoolId,
      status: q.status,
      open: q.open === undefined ? undefined : q.open === 'true',
      grade: q.grade,
      domain: q.domain,
      origin: q.origin,
      gridId: q.gridId,
      overdueAt: q.overdue === 'true' ? this.k.clock.now() : undefined,
      supervised: q.supervised === undefined ? undefined : q.supervised === 'true',
      from: q.from ? chinaDayStart(q.from) : undefined,
      to: q.to ? chinaDayStart(addChinaDays(q.to, 1)) : undefined,
      q: q.q,
    };
  }

  private async listReader(actor: Actor) {
    const r = await this.reader(actor);
    if (!r.access.scope && !r.access.homePath && !r.access.unitGridPaths.length)
      throw errors.forbidden({ permission: 'hazard.read' });
    return r;
  }

  async list(actor: Actor, q: z.infer<typeof listQuery>) {
    const r = await this.listReader(actor);
    const { items, total } = await repo.list(this.k.db, r.access, this.filterOf(q), q.page, q.pageSize);
    return { items: items.map((i) => this.present(i, actor.lang)), total };
  }

  /** 挂牌督办: flagged and not closed, across every school the reader may see, the oldest first. */
  async supervised(actor: Actor) {
    const r = await this.listReader(actor);
    const { items } = await repo.list(this.k.db, r.access, { supervised: true }, 1, 500);
    return items
      .map((i) => this.present(i, actor.lang))
      .sort((a, b) => a.deadline.getTime() - b.deadline.getTime());
  }

  /** What waits for me: 五定 and progress for my unit; verification and assignment for the office. */
  async queue(actor: Actor) {
    const r = await this.listReader(actor);
    const { items } = await repo.list(this.k.db, r.access, { open: true }, 1, 500);
    const out: {
      todo: 'plan' | 'progress' | 'verify' | 'assign';
      hazard: ReturnType<HazardsService['present']>;
    }[] = [];
    for (const i of items) {
      const h = i.hazard;
      const verifier = this.isVerifier(r, i);
      if (verifier && h.status === 'submitted' && !h.rectifiers.includes(actor.userId ?? ''))
        out.push({ todo: 'verify', hazard: this.present(i, actor.lang) });
      else if (this.isUnit(r, i) && h.status === 'open')
        out.push({ todo: 'plan', hazard: this.present(i, actor.lang) });
      else if (this.isUnit(r, i) && h.status === 'rectifying')
        out.push({ todo: 'progress', hazard: this.present(i, actor.lang) });
      else if (verifier && !h.unitOrgId && !h.unitGridId)
        out.push({ todo: 'assign', hazard: this.present(i, actor.lang) });
    }
    return out.sort((a, b) => a.hazard.deadline.getTime() - b.hazard.deadline.getTime());
  }

  /** The ledger (台账) as a streamed xlsx: batches of 1,000 rows, whatever the total. */
  async ledger(actor: Actor, q: z.infer<typeof listQuery>): Promise<Readable> {
    const r = await this.listReader(actor);
    const filter = this.filterOf(q);
    const batches = repo.ledgerBatches(this.k.db, r.access, filter);
    const now = this.k.clock.now();
    await audit(this.k.db, this.k.clock, actor, {
      action: 'hazard.export',
      targetType: 'hazard',
      details: { filter: q },
    });
    async function* rowsOf() {
      for await (const batch of batches) yield batch.map((i) => ledgerRow(i, now));
    }
    return streamWorkbook({ name: '隐患台账', columns: LEDGER_COLUMNS }, await firstBatchRead(rowsOf()));
  }

  async photo(actor: Actor, id: string, fileId: string) {
    const r = await this.reader(actor);
    await this.readable(r, id);
    if (!(await repo.hasPhoto(this.k.db, id, fileId))) throw errors.notFound({ fileId });
    return this.k.files.openById(fileId);
  }

  // ---- the notice -------------------------------------------------------------------------------

  /** Issue the rectification notice (整改通知书): numbered once per school and year. */
  async issueNotice(actor: Actor, id: string) {
    const r = await this.reader(actor);
    const item = await this.readable(r, id);
    if (!this.isVerifier(r, item)) throw errors.forbidden({ permission: 'hazard.verify' });
    const h = item.hazard;
    if (!h.noticeNo) {
      const now = this.k.clock.now();
      const year = chinaDate(now).slice(0, 4);
      const n = await repo.nextNumber(this.k.db, `n:${h.schoolId}:${year}`);
      const noticeNo = `${year}-${String(n).padStart(4, '0')}`;
      await this.k.transaction(async (tx) => {
        const [u] = await tx
          .update(hazards)
          .set({ noticeNo, noticeAt: now, version: h.version + 1, updatedAt: now })
          .where(and(eq(hazards.id, id), sql`${hazards.noticeNo} is null`))
          .returning({ id: hazards.id });
        if (!u) return;
        await this.addEvent(tx, id, actor, 'notice', {
          body: `已下达整改通知书 安整〔${year}〕${n}号`,
          data: { noticeNo },
        });
        await this.changed(
          tx,
          { id, no: h.no, status: h.status, kind: 'notice', schoolId: h.schoolId, gridId: h.gridId },
          actor.userId,
        );
        await this.k.notify.notify(tx, {
          userIds: await unitUsers(tx, { orgId: h.unitOrgId, gridId: h.unitGridId }),
          orgId: h.schoolId,
          kind: 'hazard.notice',
          title: `收到隐患整改通知书 ${h.no}`,
          body: `${h.title}，请于 ${chinaDate(h.deadline)} 前整改完毕。`,
          link: `/hazards/${id}`,
          data: { hazardId: id },
        });
      });
    }
    return this.presentDetail(r, (await repo.findById(this.k.db, id))!);
  }

  async noticePdf(actor: Actor, id: string) {
    const r = await this.reader(actor);
    const item = await this.readable(r, id);
    if (!item.hazard.noticeNo) throw hazardErrors.noNotice();
    // Found by a signed checklist: the inspector's signature goes on the notice.
    const signature = item.hazard.taskInstanceId
      ? await this.tasks.signatureFor(item.hazard.taskInstanceId)
      : null;
    return {
      no: item.hazard.no,
      pdf: await render.notice(
        {
          ...this.present(item),
          noticeNo: item.hazard.noticeNo,
          noticeAt: item.hazard.noticeAt ?? item.hazard.foundAt,
          domainName: DOMAIN_NAMES[item.hazard.domain] ?? item.hazard.domain,
          gradeName: GRADE_LABELS[item.hazard.grade],
          signature,
        },
        this.pdfFont,
      ),
    };
  }

  // ---- settings ---------------------------------------------------------------------------------

  private async schoolFor(actor: Actor, permission: 'hazard.verify' | 'hazard.read', schoolId: string) {
    const scope = authorize(actor, permission);
    const school = await findOrgById(this.k.db, schoolId);
    if (!school || school.kind !== 'school' || !pathInScope(scope, school.path))
      throw errors.notFound({ schoolId });
    return school;
  }

  async getSettings(actor: Actor, schoolId: string) {
    await this.schoolFor(actor, 'hazard.read', schoolId);
    return { schoolId, ...(await this.settings(this.k.db, schoolId)) };
  }

  async putSettings(actor: Actor, schoolId: string, input: z.infer<typeof settingsBody>) {
    await this.schoolFor(actor, 'hazard.verify', schoolId);
    await this.k.transaction(async (tx) => {
      await repo.saveSettings(tx, { schoolId, ...input, updatedAt: this.k.clock.now() });
      await audit(tx, this.k.clock, actor, {
        action: 'hazard.settings',
        targetType: 'school',
        targetId: schoolId,
        orgId: schoolId,
        details: input,
      });
    });
    return { schoolId, ...input };
  }

  // ---- the monthly report -----------------------------------------------------------------------

  async monthly(actor: Actor, schoolId: string, month: string) {
    const school = await this.schoolFor(actor, 'hazard.read', schoolId);
    const [y, m] = month.split('-').map(Number) as [number, number];
    const start = chinaDayStart(`${month}-01`);
    const end = chinaDayStart(`${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-01`);
    const f = await repo.monthFigures(this.k.db, schoolId, start, end);
    const t = f.totals;
    const byDomain = RISK_DOMAINS.map((d) => {
      const of = (g: HazardGrade) => f.byDomain.find((x) => x.domain === d.code && x.grade === g)?.n ?? 0;
      const row = {
        key: d.code,
        label: d.name,
        general: of('general'),
        serious: of('serious'),
        major: of('major'),
      };
      return { ...row, total: row.general + row.serious + row.major };
    });
    const sent = await repo.reportsSent(
      this.k.db,
      and(eq(hazardReports.schoolId, schoolId), eq(hazardReports.month, month))!,
    );
    return {
      schoolId,
      schoolName: school.name,
      month,
      found: t.found,
      closed: t.closed_in_month,
      closedOnTime: t.closed_on_time,
      rectificationRate: t.found ? t.closed_of_month / t.found : null,
      overdueOpen: t.overdue_open,
      closedLate: t.closed_late,
      supervised: t.supervised,
      repeats: t.repeats,
      openAtEnd: t.open_at_end,
      byDomain,
      byOrigin: f.byOrigin.map((o) => ({
        key: o.origin,
        label: ORIGIN_LABELS[o.origin] ?? o.origin,
        total: o.n,
      })),
      byDay: f.byDay,
      repeatList: f.repeatList.map((x) => ({ id: x.id, no: x.no, title: x.title, placeName: x.place_name })),
      overdueList: f.overdueList.map((x) => ({
        id: x.id,
        no: x.no,
        title: x.title,
        grade: x.grade,
        deadline: new Date(x.deadline),
        unit: x.unit ?? '未指定',
      })),
      sent: sent.map((s) => ({
        id: s.report.id,
        sentAt: s.report.sentAt,
        sentByName: s.report.sentByName,
        to: s.to,
      })),
    };
  }

  async monthlyPdf(actor: Actor, schoolId: string, month: string) {
    return render.monthlyPdf(await this.monthly(actor, schoolId, month), this.pdfFont);
  }

  async monthlyXlsx(actor: Actor, schoolId: string, month: string) {
    return render.monthlyXlsx(await this.monthly(actor, schoolId, month));
  }

  /** Send the month's report up to the school's supervising authorities: kept as sent, and they are told. */
  async sendMonthly(actor: Actor, schoolId: string, month: string) {
    await this.schoolFor(actor, 'hazard.verify', schoolId);
    const figures = await this.monthly(actor, schoolId, month);
    const to = await repo.supervisorsOf(this.k.db, schoolId);
    if (!to.length) throw hazardErrors.noSupervisor();
    const users = await repo.supervisorUsers(
      this.k.db,
      to.map((o) => o.id),
    );
    const id = newId();
    await this.k.transaction(async (tx) => {
      const { sent: _sent, ...kept } = figures;
      await tx.insert(hazardReports).values({
        id,
        schoolId,
        month,
        figures: kept,
        sentAt: this.k.clock.now(),
        sentById: actor.userId,
        sentByName: actor.name,
        toOrgIds: to.map((o) => o.id),
      });
      await this.k.notify.notify(tx, {
        userIds: users,
        orgId: schoolId,
        kind: 'hazard.monthly',
        title: `${figures.schoolName} ${month} 隐患排查整改月报`,
        body: `排查隐患 ${figures.found} 处，整改率 ${figures.rectificationRate === null ? '—' : `${Math.round(figures.rectificationRate * 100)}%`}，逾期未改 ${figures.overdueOpen} 处`,
        link: `/hazard-reports?schoolId=${schoolId}&month=${month}`,
        data: { reportId: id, schoolId, month },
      });
      await audit(tx, this.k.clock, actor, {
        action: 'hazard.monthly_send',
        targetType: 'hazard_report',
        targetId: id,
        orgId: schoolId,
        details: { month, to: to.map((o) => o.name) },
      });
    });
    return this.monthly(actor, schoolId, month);
  }

  /** Reports sent: a school's own, or every report reaching a supervisor. */
  async reports(actor: Actor, schoolId?: string) {
    const scope = authorize(actor, 'hazard.read');
    const sent = await repo.reportsSent(this.k.db, repo.reportsInScope(scope, schoolId));
    return sent.map((s) => ({
      id: s.report.id,
      schoolId: s.report.schoolId,
      schoolName: s.schoolName,
      month: s.report.month,
      sentAt: s.report.sentAt,
      sentByName: s.report.sentByName,
      to: s.to,
    }));
  }
}
