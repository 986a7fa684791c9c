import { authorize, pathInScope, scopeFor, type Actor, type Scope } from '../../kernel/access/index.js';
import { audit } from '../../kernel/audit/audit.js';
import {
  addDuration,
  chinaDate,
  chinaDayStart,
  DEFAULT_CALENDAR,
  type Duration,
  type WorkCalendar,
} from '../../kernel/calendar/index.js';
import type { Executor } from '../../kernel/db.js';
import { errors } from '../../kernel/errors.js';
import { DEFAULT_LANG, GENERATED, generated, localizeActor } from '../../kernel/i18n.js';
import { appendEvent } from '../../kernel/events/index.js';
import { commitFiles } from '../../kernel/files/files.lifecycle.js';
import { newId } from '../../kernel/ids.js';
import type { Kernel } from '../../kernel/kernel.js';
import type { AlarmClass, AlarmsService } from '../alarms/index.js';
import { coveringGrid, gridOfSchool } from '../grids/index.js';
import { homeOrgPath, schoolUsersWithRoles, unitUsers } from '../identity/index.js';
import { findOrgByCode, findOrgById, schoolOf } from '../orgs/index.js';
import { maskPhone } from '../people/index.js';
import { searchPlacesRanked } from '../places/index.js';
import { requestErrors } from './requests.errors.js';
import { REQUEST_EVENTS } from './requests.events.js';
import {
  DEFAULT_RATE_WEIGHTS,
  open311Status,
  REQUEST_ACTIONS,
  requestTransition,
  threeRates,
  type CloseKind,
  type RequestAction,
  type RequestStatus,
  type Side,
  type VisitAnswer,
} from './requests.model.js';
import { accountPhone } from './requests.contact.js';
import { AFTER_PHOTO_ACTIONS, isThreadPhoto, photosOf } from './requests.photos-after.js';
import { reporterPlaces } from './requests.places.js';
import { rankRates } from './requests.rates.js';
import * as repo from './requests.repository.js';
import {
  deadlinesFor,
  ladderFor,
  routeRequest,
  type DeadlinePolicy,
  type Priority,
} from './requests.routing.js';
import type { CategoryAttribute, Channel, Identity } from './requests.tables.js';

export const CLOCK_JOB = 'requests.clock';
export const CLOCK_STEPS = ['respond', 'urge', 'supervise', 'notice'] as const;
export type ClockStep = (typeof CLOCK_STEPS)[number];

/** Everything an intake needs, whatever the channel. */
export interface IntakeInput {
  schoolId: string;
  categoryId: string;
  description: string;
  placeId?: string | undefined;
  lon?: number | undefined;
  lat?: number | undefined;
  address?: string | undefined;
  photos?: string[] | undefined;
  attributes?: Record<string, string | string[]> | undefined;
  channel: Channel;
  externalNo?: string | undefined;
  priority?: Priority | undefined;
  identity: Identity;
  reporter: { userId: string | null; name: string | null; phone: string | null };
  idempotencyKey: string;
  /** who entered it (the reporter, an operator, an Open311 client) */
  enteredBy: { id: string | null; name: string };
}

/** How a reporter reaches their request: the private link's token, or their own account. */
export type ReporterLocator = { token: string } | { actor: Actor; id: string };

interface Reader {
  actor: Actor;
  access: repo.ReadAccess;
  /** the centre's side (request.dispatch) */
  centre: Scope | null;
  /** the unit's side: request.handle anywhere, reached through a department or a grid */
  handles: boolean;
}

/** Steps the reporter sees in their thread; return and audits stay between the centre and the unit. */
const INTERNAL_ACTIONS: ReadonlySet<RequestAction> = new Set(['return', 'audit_pass', 'audit_fail']);
/** Statuses in which the ladder still runs (before the reply; a parked request waits with a plan). */
const LADDER_STATUSES: readonly RequestStatus[] = [
  'received',
  'triage',
  'dispatched',
  'accepted',
  'contacted',
  'in_progress',
  'extended',
  'reopened',
];
type Todo = 'dispatch' | 'sign' | 'contact' | 'reply' | 'resume' | 'audit' | 'visit' | 'rate' | 'supervised';
const UNIT_TODO: Partial<Record<RequestStatus, 'sign' | 'contact' | 'reply' | 'resume'>> = {
  dispatched: 'sign',
  accepted: 'contact',
  contacted: 'reply',
  in_progress: 'reply',
  extended: 'reply',
  reopened: 'reply',
  parked: 'resume',
};
const CENTRE_TODO: Partial<Record<RequestStatus, 'dispatch' | 'audit' | 'visit'>> = {
  received: 'dispatch',
  triage: 'dispatch',
  replied: 'audit',
  revisit: 'visit',
};

const LADDER_TEXT: Record<ClockStep, { title: string; body: string }> = {
  respond: { title: '诉求超时未响应', body: '已超过响应时限仍未联系诉求人，请立即联系。' },
  urge: { title: '【催办】诉求即将到期', body: '诉求即将到达办结时限，请抓紧办理并回复。' },
  supervise: { title: '【督办】诉求已超期', body: '诉求已超过办结时限，已列入督办，请立即办理。' },
  notice: { title: '【通报】诉求严重超期', body: '诉求严重超期，已予通报。' },
};

export class RequestsService {
  constructor(
    private readonly k: Kernel,
    private readonly alarms: AlarmsService,
  ) {}

  // ---- who is reading ---------------------------------------------------------------------------

  private async reader(actor: Actor): Promise<Reader> {
    if (actor.kind === 'user' && !actor.userId) throw errors.unauthenticated();
    const handle = scopeFor(actor, 'request.handle');
    // A department's requests reach its staff through their home organisation, but only where a
    // role grants request.handle over it: a grid position (a student leading a dorm room) does not
    // make its holder a handler of their class or college.
    const home = handle && actor.userId ? await homeOrgPath(this.k.db, actor.userId) : null;
    const homePath =
      home && handle && (handle.all || handle.paths.some((p) => home.startsWith(p))) ? home : null;
    return {
      actor,
      access: {
        scope: scopeFor(actor, 'request.read'),
        homePath,
        gridPaths: handle && !handle.all ? (handle.gridPaths ?? []) : [],
      },
      centre: scopeFor(actor, 'request.dispatch'),
      handles: handle !== null,
    };
  }

  private isCentre(r: Reader, item: repo.RequestItem) {
    return r.centre !== null && pathInScope(r.centre, item.schoolPath);
  }

  private isUnit(r: Reader, item: repo.RequestItem) {
    if (!r.handles) return false;
    const { homePath, gridPaths } = r.access;
    if (item.unitOrgPath && homePath?.startsWith(item.unitOrgPath) && item.unitOrgPath !== item.schoolPath)
      return true;
    return !!item.unitGridPath && gridPaths.some((p) => item.unitGridPath!.startsWith(p));
  }

  /**
   * The sides the reader may take on a request. The centre may also take the unit's steps (a unit
   * without accounts on the platform answers through the centre); a unit only its own.
   */
  private sidesOf(r: Reader, item: repo.RequestItem): Side[] {
    if (this.isCentre(r, item)) return ['centre', 'unit'];
    return this.isUnit(r, item) ? ['unit'] : [];
  }

  /** A request the reader may see (404 otherwise: its existence is not confirmed). */
  private async readable(r: Reader, id: string): Promise<repo.RequestItem> {
    const item = await repo.findById(this.k.db, id);
    if (!item) throw errors.notFound({ id });
    if (this.isCentre(r, item) || this.isUnit(r, item)) return item;
    if (!(await repo.isReadable(this.k.db, id, r.access))) throw errors.notFound({ id });
    return item;
  }

  // ---- presenting -------------------------------------------------------------------------------

  private unitOf(i: repo.RequestItem) {
    const q = i.request;
    if (q.assignedOrgId) return { kind: 'org' as const, id: q.assignedOrgId, name: i.unitOrgName ?? '' };
    if (q.assignedGridId) return { kind: 'grid' as const, id: q.assignedGridId, name: i.unitGridName ?? '' };
    return null;
  }

  /** Answered (or closed) after the deadline, or still open past it: closing late hides nothing. */
  private overdue(q: repo.RequestRow, now: Date) {
    return (q.repliedAt ?? q.closedAt ?? now) > q.resolveBy;
  }

  present(i: repo.RequestItem, showPhone = false) {
    const q = i.request;
    const now = this.k.clock.now();
    return {
      id: q.id,
      no: q.no,
      schoolId: q.schoolId,
      schoolName: i.schoolName,
      categoryId: q.categoryId,
      categoryName: i.categoryName,
      priority: q.priority,
      description: q.description,
      placeId: q.placeId,
      placeName: i.placeName,
      address: q.address,
      lon: q.lon,
      lat: q.lat,
      photos: q.photos,
      attributes: q.attributes,
      channel: q.channel,
      externalNo: q.externalNo,
      reporter: {
        identity: q.identity,
        name: q.identity === 'named' ? q.reporterName : null,
        phone: q.identity === 'named' ? (showPhone ? q.reporterPhone : maskPhone(q.reporterPhone)) : null,
      },
      status: q.status,
      closeKind: q.closeKind,
      unit: this.unitOf(i),
      firstUnit: q.firstUnitId
        ? {
            kind: i.firstUnitIsGrid ? ('grid' as const) : ('org' as const),
            id: q.firstUnitId,
            name: i.firstUnitName ?? '',
          }
        : null,
      gridName: i.gridName,
      receivedAt: q.receivedAt,
      respondBy: q.respondBy,
      resolveBy: q.resolveBy,
      respondedAt: q.respondedAt,
      repliedAt: q.repliedAt,
      closedAt: q.closedAt,
      overdue: this.overdue(q, now),
      respondOverdue: q.respondedAt ? q.respondedAt > q.respondBy : !q.closedAt && now > q.respondBy,
      ladder: { urgedAt: q.urgedAt, supervisedAt: q.supervisedAt, noticedAt: q.noticedAt },
      visit: q.visit,
      visitedAt: q.visitedAt,
      reopenCount: q.reopenCount,
      mergedInto: q.mergedInto && i.mergedNo ? { id: q.mergedInto, no: i.mergedNo } : null,
      incidentId: q.incidentId,
      version: q.version,
    };
  }

  // ---- intake -----------------------------------------------------------------------------------

  /** The school an actor files with: the first of their organisations inside a school. */
  private async schoolOfActor(actor: Actor) {
    for (const m of actor.memberships) {
      const s = await schoolOf(this.k.db, m.orgId);
      if (s) return s;
    }
    throw requestErrors.noSchool();
  }

  /**
   * The private link's token: derived from the intake's key, so a retried intake gets the same one.
   * The key is the sender's own (namespaced by who entered it): someone else sending the same key
   * files a request of their own and never learns another's link.
   */
  private trackToken(schoolId: string, channel: Channel, key: string) {
    return this.k.crypto.lookupHash(`track:${schoolId}:${channel}:${key}`).slice(0, 32);
  }

  private trackHash(token: string) {
    return this.k.crypto.lookupHash(`track-hash:${token}`);
  }

  private reporterKey(userId: string) {
    return this.k.crypto.lookupHash(`reporter:${userId}`);
  }

  /**
   * A sealed request's reporter key is its own (the user and this request): no two rows share it,
   * so a dump of the database cannot join a student's sealed filing to their named ones. Only the
   * server, given the user, can recompute it for one request at a time.
   */
  private sealedReporterKey(userId: string, requestId: string) {
    return this.k.crypto.lookupHash(`reporter-sealed:${userId}:${requestId}`);
  }

  /** Whether this user filed this request (named or sealed) by their account. */
  private filedBy(q: repo.RequestRow, userId: string) {
    if (!q.reporterKey) return false;
    return (
      q.reporterKey ===
      (q.identity === 'sealed' ? this.sealedReporterKey(userId, q.id) : this.reporterKey(userId))
    );
  }

  /** The user's own requests, newest first: named ones by their key, sealed ones recomputed one by one. */
  private async ownRequests(actor: Actor, limit: number, statuses?: RequestStatus[]) {
    const userId = actor.userId!;
    const named = await repo.listByReporter(this.k.db, this.reporterKey(userId), limit, statuses);
    const schoolIds = new Set<string>();
    for (const m of actor.memberships) {
      const s = await schoolOf(this.k.db, m.orgId);
      if (s) schoolIds.add(s.id);
    }
    const sealedIds = (await repo.sealedReporterKeys(this.k.db, [...schoolIds], statuses))
      .filter((r) => r.reporterKey === this.sealedReporterKey(userId, r.id))
      .map((r) => r.id);
    const sealed = await repo.listByIds(this.k.db, sealedIds.slice(0, limit));
    return [...named, ...sealed]
      .sort((a, b) => b.request.receivedAt.getTime() - a.request.receivedAt.getTime())
      .slice(0, limit);
  }

  async settings(ex: Executor, schoolId: string) {
    const s = await repo.settings(ex, schoolId);
    return {
      calendar: s?.calendar ?? DEFAULT_CALENDAR,
      weights: s?.weights ?? DEFAULT_RATE_WEIGHTS,
      open311PublicRead: s?.open311PublicRead ?? false,
    };
  }

  /** A phone filing (the page, a QR code, the dorm service): the reporter's own school. */
  async file(
    actor: Actor,
    input: {
      idempotencyKey: string;
      categoryId: string;
      description: string;
      placeId?: string | undefined;
      lon?: number | undefined;
      lat?: number | undefined;
      address?: string | undefined;
      photos: string[];
      attributes: Record<string, string | string[]>;
      identity: Identity;
      channel: 'phone' | 'qr' | 'dorm';
      /** the contact phone the reporter left (null: none); anonymous filings keep none */
      contactPhone?: string | null | undefined;
    },
  ) {
    authorize(actor, 'request.file');
    const school = await this.schoolOfActor(actor);
    return this.intake(
      {
        ...input,
        schoolId: school.id,
        reporter: { userId: actor.userId, name: actor.name, phone: input.contactPhone ?? null },
        enteredBy: { id: actor.userId, name: actor.name },
      },
      actor.userId!,
    );
  }

  /** An operator entering a hotline call (a 12345 transfer keeps its ticket number). */
  async hotline(
    actor: Actor,
    input: {
      idempotencyKey: string;
      schoolId: string;
      categoryId: string;
      description: string;
      placeId?: string | undefined;
      address?: string | undefined;
      callerName?: string | undefined;
      callerPhone?: string | undefined;
      identity: Identity;
      externalNo?: string | undefined;
      priority: Priority;
      attributes: Record<string, string | string[]>;
    },
  ) {
    const scope = authorize(actor, 'request.dispatch');
    const school = await findOrgById(this.k.db, input.schoolId);
    if (!school || school.kind !== 'school' || !pathInScope(scope, school.path))
      throw errors.notFound({ schoolId: input.schoolId });
    return this.intake({
      ...input,
      channel: 'hotline',
      reporter: { userId: null, name: input.callerName ?? null, phone: input.callerPhone ?? null },
      enteredBy: { id: actor.userId, name: actor.name },
    });
  }

  /** A request from an Open311 client of the school (its api_key checked by the caller). */
  async fileOpen311(
    client: { id: string; name: string; schoolId: string },
    input: Omit<IntakeInput, 'schoolId' | 'channel' | 'enteredBy' | 'identity'>,
  ) {
    return this.intake({
      ...input,
      schoolId: client.schoolId,
      channel: 'open311',
      identity: input.reporter.name || input.reporter.phone ? 'named' : 'anonymous',
      enteredBy: { id: null, name: client.name },
    });
  }

  private checkAttributes(defs: CategoryAttribute[], given: Record<string, string | string[]>) {
    const fields: { code: string; reason: string }[] = [];
    const problem = (code: string, reason: string) => fields.push({ code, reason });
    const out: Record<string, string | string[]> = {};
    for (const d of defs) {
      const v = given[d.code];
      const empty = v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
      if (empty) {
        if (d.required) problem(d.code, 'is required');
        continue;
      }
      const keys = d.values?.map((x) => x.key) ?? [];
      if (d.datatype === 'singlevaluelist' && (Array.isArray(v) || !keys.includes(v)))
        problem(d.code, `is not one of ${keys.join(', ')}`);
      else if (d.datatype === 'multivaluelist' && [v].flat().some((x) => !keys.includes(x)))
        problem(d.code, `is not among ${keys.join(', ')}`);
      else if (d.datatype === 'number' && (Array.isArray(v) || !Number.isFinite(Number(v))))
        problem(d.code, 'is not a number');
      else if (d.datatype === 'datetime' && (Array.isArray(v) || Number.isNaN(Date.parse(v))))
        problem(d.code, 'is not a date and time');
      else out[d.code] = d.datatype === 'multivaluelist' ? [v].flat() : v;
    }
    const unknown = Object.keys(given).filter((c) => !defs.some((d) => d.code === c));
    for (const c of unknown) problem(c, 'is not asked by this category');
    // `fields` names each attribute (Open311 says attribute[CODE] …); `problems` is the older text.
    if (fields.length)
      throw requestErrors.badAttribute({
        problems: fields.map((f) => `${f.code}: ${f.reason.replace(/^is /, '')}`),
        fields,
      });
    return out;
  }

  /**
   * A school's catalogue, routing rules and settings, read on every intake: kept for 10 s in each
   * process (and dropped at once in the process that changes them), so a change reaches every
   * node within 10 s.
   */
  private readonly schools = new Map<string, { at: number; data: Promise<SchoolData> }>();

  private schoolData(schoolId: string): Promise<SchoolData> {
    const hit = this.schools.get(schoolId);
    if (hit && Date.now() - hit.at < SCHOOL_DATA_TTL_MS) return hit.data;
    const data = (async () => ({
      categories: await repo.categories(this.k.db, schoolId, true),
      routes: await repo.routes(this.k.db, schoolId),
      settings: await this.settings(this.k.db, schoolId),
    }))();
    data.catch(() => this.schools.delete(schoolId));
    this.schools.set(schoolId, { at: Date.now(), data });
    return data;
  }

  private forget(schoolId: string) {
    this.schools.delete(schoolId);
  }

  /**
   * `photoOwner`: the account whose uploads the photos must be. A named filing checks them; a sealed
   * or anonymous one takes them over (no owner left on the file rows) in its own transaction.
   */
  private async intake(input: IntakeInput, photoOwner?: string) {
    const db = this.k.db;
    const category = (await this.schoolData(input.schoolId)).categories.find(
      (c) => c.id === input.categoryId,
    );
    if (!category || category.schoolId !== input.schoolId || !category.active)
      throw errors.notFound({ categoryId: input.categoryId });
    const attributes = this.checkAttributes(category.attributes, input.attributes ?? {});
    const place = input.placeId ? await repo.placeOfSchool(db, input.schoolId, input.placeId) : null;
    if (input.placeId && !place) throw errors.notFound({ placeId: input.placeId });
    // The sender's namespace is a keyed hash of who entered it: no user id is stored in clear.
    const sender = this.k.crypto
      .lookupHash(`sender:${input.enteredBy.id ?? input.enteredBy.name}`)
      .slice(0, 16);
    const key = `${sender}:${input.idempotencyKey}`;
    // A reporter who files for themselves is shown only when they file by name.
    const selfFiled = input.reporter.userId !== null && input.reporter.userId === input.enteredBy.id;
    const shownEnterer =
      selfFiled && input.identity !== 'named' ? { id: null, name: GENERATED.reporter.zh } : input.enteredBy;
    const token = this.trackToken(input.schoolId, input.channel, key);
    const trackHash = this.trackHash(token);
    const existing = await repo.rowByTrack(db, trackHash);
    if (existing) return this.filed(existing, token, false);

    const area = place ? await coveringGrid(db, place.path) : null;
    const school = await this.schoolData(input.schoolId);
    const rules = school.routes.map((r) => ({
      id: r.route.id,
      categoryId: r.route.categoryId,
      scopePath: r.route.scopePath,
      unitId: r.route.unitOrgId ?? r.route.unitGridId!,
      route: r.route,
    }));
    const rule = routeRequest(rules, {
      categoryId: category.id,
      paths: [place?.path, area?.path].filter((p): p is string => !!p),
    });
    const unitGrid = rule?.route.unitGridId
      ? await gridOfSchool(db, input.schoolId, rule.route.unitGridId)
      : null;
    const { calendar } = school.settings;
    const now = this.k.clock.now();
    const deadlines = deadlinesFor(calendar, category.policy, now);
    const r = input.reporter;
    const identity = input.identity;
    const photos = [...new Set(input.photos ?? [])];
    if (photoOwner && photos.length && identity === 'named') {
      const owned = await this.k.files.ownedImages(photos, photoOwner);
      if (owned.length !== photos.length) throw requestErrors.badPhoto();
    }
    const id = newId();

    // The number is taken in a statement of its own: inside the intake's transaction the day's
    // counter row would stay locked until commit and every intake of the day would queue behind it.
    // A failed intake leaves a gap in the day's numbers, as hotline systems do.
    const day = chinaDate(now).replaceAll('-', '');
    const n = await repo.nextNumber(this.k.db, day);
    const out = await this.k.transaction(async (tx) => {
      const { row, created } = await repo.insertIdempotent(tx, {
        id,
        no: `Q${day}${String(n).padStart(5, '0')}`,
        schoolId: input.schoolId,
        orgId: rule?.route.unitOrgId ?? input.schoolId,
        gridId: unitGrid?.id ?? area?.id ?? null,
        gridPath: unitGrid?.path ?? area?.path ?? null,
        categoryId: category.id,
        priority: input.priority ?? 'normal',
        description: input.description,
        placeId: place?.id ?? null,
        lon: input.lon ?? null,
        lat: input.lat ?? null,
        address: input.address ?? null,
        photos,
        attributes,
        channel: input.channel,
        externalNo: input.externalNo ?? null,
        identity,
        reporterUserId: identity === 'named' ? r.userId : null,
        reporterName: identity === 'named' ? r.name : null,
        reporterPhone: identity === 'named' ? r.phone : null,
        reporterEnc: identity === 'sealed' ? this.k.crypto.encrypt(JSON.stringify(r)) : null,
        reporterKey:
          identity === 'anonymous' || !r.userId
            ? null
            : identity === 'sealed'
              ? this.sealedReporterKey(r.userId, id)
              : this.reporterKey(r.userId),
        trackHash,
        // Kept hashed: the plain key begins with the sender's hash, shared by all their filings.
        idempotencyKey: this.k.crypto.lookupHash(`idempotency:${key}`),
        status: rule ? 'dispatched' : 'received',
        assignedOrgId: rule?.route.unitOrgId ?? null,
        assignedGridId: rule?.route.unitGridId ?? null,
        receivedAt: now,
        dispatchedAt: rule ? now : null,
        respondBy: deadlines.respondBy,
        resolveBy: deadlines.resolveBy,
        updatedAt: now,
      });
      if (!created) return { row, created };
      if (photoOwner && photos.length && identity !== 'named') {
        const taken = await this.k.files.disownImages(tx, photos, photoOwner, input.schoolId);
        if (taken.length !== photos.length) throw requestErrors.badPhoto();
      }
      await commitFiles(tx, row.photos, now);
      await this.event(tx, row, {
        kind: 'received',
        actor: shownEnterer,
        side: input.channel === 'hotline' ? 'handler' : 'reporter',
        status: 'received',
        data: { channel: input.channel, externalNo: input.externalNo ?? null },
      });
      if (rule) {
        await this.event(tx, row, {
          kind: 'dispatch',
          actor: { id: null, name: GENERATED.catalogue.zh },
          side: 'system',
          status: 'dispatched',
          data: { unitId: rule.unitId, rule: rule.id },
        });
        await this.notifyUnit(tx, row, '新诉求待签收', `${category.name}：${input.description.slice(0, 60)}`);
      } else {
        await this.notifyCentre(
          tx,
          row,
          '新诉求待分拨',
          `${category.name}：${input.description.slice(0, 60)}`,
        );
      }
      const similar = await repo.similarOpen(tx, row, new Date(now.getTime() - 72 * 3_600_000));
      if (similar.length)
        await this.event(tx, row, {
          kind: 'possible_duplicate',
          actor: { id: null, name: GENERATED.system.zh },
          side: 'system',
          visibility: 'internal',
          data: { ids: similar.map((s) => s.id), nos: similar.map((s) => s.no) },
        });
      await appendEvent(tx, this.k.clock, {
        type: REQUEST_EVENTS.received,
        payload: { id: row.id, no: row.no, status: row.status },
        orgId: row.orgId,
        // the grid it was sent to: that grid's leader and workers receive it (decision 0016)
        gridId: row.assignedGridId ?? null,
        actorId: shownEnterer.id,
      });
      await this.scheduleClocks(tx, row, category.policy, calendar, [
        'respond',
        'urge',
        'supervise',
        'notice',
      ]);
      return { row, created };
    });
    return this.filed(out.row, token, out.created);
  }

  private filed(row: repo.RequestRow, token: string, created: boolean) {
    return {
      id: row.id,
      no: row.no,
      created,
      trackToken: token,
      status: row.status,
      receivedAt: row.receivedAt,
      respondBy: row.respondBy,
      resolveBy: row.resolveBy,
    };
  }

  // ---- clocks -----------------------------------------------------------------------------------

  private async scheduleClocks(
    ex: Executor,
    row: repo.RequestRow,
    policy: DeadlinePolicy,
    calendar: WorkCalendar,
    steps: readonly ClockStep[],
  ) {
    // A ladder (re)started now never falls due before now.
    const ladder = ladderFor(calendar, policy, row.resolveBy, this.k.clock.now());
    await this.k.jobs.enqueueAll(
      ex,
      steps.map((step) => ({
        queue: CLOCK_JOB,
        payload: { requestId: row.id, step, gen: row.clockGen },
        opts: {
          runAt: step === 'respond' ? row.respondBy : ladder[step],
          singletonKey: `${row.id}:${step}:${row.clockGen}`,
        },
      })),
    );
  }

  /** A clock job: the response deadline passed, or a ladder step (催办, 督办, 通报) fell due. */
  async clock(requestId: string, step: ClockStep, gen: number): Promise<void> {
    const item = await repo.findById(this.k.db, requestId);
    if (!item) return;
    const q = item.request;
    if (q.clockGen !== gen || q.status === 'closed') return;
    if (step === 'respond' && (q.respondedAt || !LADDER_STATUSES.includes(q.status))) return;
    if (step !== 'respond' && !LADDER_STATUSES.includes(q.status)) return;
    const flag = { urge: 'urgedAt', supervise: 'supervisedAt', notice: 'noticedAt' } as const;
    await this.k.transaction(async (tx) => {
      const now = this.k.clock.now();
      let row: repo.RequestRow | null = q;
      if (step !== 'respond') {
        if (q[flag[step]]) return;
        row = await repo.update(tx, q.id, q.version, { [flag[step]]: now, updatedAt: now });
        // Changed meanwhile: the job runs again (with back-off) against the new state.
        if (!row) throw new Error(`request ${q.no} changed while its ${step} step ran`);
      }
      const changedRow: repo.RequestRow = row;
      await this.event(tx, row, {
        kind: step === 'respond' ? 'respond_late' : step,
        actor: { id: null, name: GENERATED.system.zh },
        side: 'system',
        visibility: 'internal',
        data: { resolveBy: q.resolveBy.toISOString(), respondBy: q.respondBy.toISOString() },
      });
      const text = LADDER_TEXT[step];
      const body = `${q.no} ${item.categoryName}：${text.body}`;
      await this.notifyUnit(tx, changedRow, text.title, body);
      if (step !== 'urge') await this.notifyCentre(tx, changedRow, text.title, body);
      if (step === 'notice') {
        const admins = await schoolUsersWithRoles(tx, q.schoolId, ['school_admin']);
        await this.k.notify.notify(tx, this.notice(changedRow, admins, text.title, body));
      }
      await this.changed(tx, changedRow, step);
    });
  }

  // ---- the loop ---------------------------------------------------------------------------------

  async act(
    actor: Actor,
    id: string,
    input: {
      action: RequestAction;
      version: number;
      reason?: string | undefined;
      message?: string | undefined;
      unitOrgId?: string | undefined;
      unitGridId?: string | undefined;
      extension?: Duration | undefined;
      visit?: VisitAnswer | undefined;
      mergeInto?: string | undefined;
      alarmClass?: AlarmClass | undefined;
      photos?: string[] | undefined;
    },
  ) {
    const r = await this.reader(actor);
    const item = await this.readable(r, id);
    const q = item.request;
    if (q.version !== input.version) throw errors.conflict({ version: q.version });
    const sides = this.sidesOf(r, item);
    if (!sides.length) throw errors.forbidden({ permission: 'request.handle' });
    const photos = [...new Set(input.photos ?? [])];
    if (photos.length) {
      if (!AFTER_PHOTO_ACTIONS.has(input.action)) throw requestErrors.badPhoto();
      const owned = await this.k.files.ownedImages(photos, actor.userId ?? '');
      if (owned.length !== photos.length) throw requestErrors.badPhoto();
    }
    let t = requestTransition(q.status, input.action, sides[0]!, input);
    if (!t.ok && t.reason === 'wrong_side' && sides[1])
      t = requestTransition(q.status, input.action, sides[1], input);
    if (!t.ok) {
      if (t.reason === 'wrong_side') throw requestErrors.wrongSide();
      if (t.reason === 'reason_required') throw requestErrors.reasonRequired();
      if (t.reason === 'answer_required') throw requestErrors.answerRequired();
      throw requestErrors.transition({ status: q.status, action: input.action });
    }
    const now = this.k.clock.now();
    const set: Partial<repo.RequestRow> = { status: t.status, updatedAt: now };
    if (t.closeKind) Object.assign(set, { closeKind: t.closeKind, closedAt: now });
    const category = await repo.categoryById(this.k.db, q.categoryId);
    const { calendar } = await this.settings(this.k.db, q.schoolId);
    let reschedule: ClockStep[] = [];
    let target: repo.RequestItem | undefined;
    const data: Record<string, unknown> = {};

    switch (input.action) {
      case 'dispatch':
      case 'transfer': {
        const unit = await this.unitFor(q.schoolId, input);
        const area = unit.gridId ? null : await this.placeGrid(item);
        Object.assign(set, {
          assignedOrgId: unit.orgId,
          assignedGridId: unit.gridId,
          orgId: unit.orgId ?? q.schoolId,
          gridId: unit.gridId ?? area?.id ?? null,
          gridPath: unit.gridPath ?? area?.path ?? null,
          dispatchedAt: now,
        });
        data['unit'] = unit.name;
        break;
      }
      case 'sign':
        set.firstUnitId = q.firstUnitId ?? q.assignedOrgId ?? q.assignedGridId;
        break;
      case 'return':
        // Back with the centre (待分拨): no unit holds it until it is dispatched again.
        {
          const area = await this.placeGrid(item);
          Object.assign(set, {
            assignedOrgId: null,
            assignedGridId: null,
            orgId: q.schoolId,
            gridId: area?.id ?? null,
            gridPath: area?.path ?? null,
          });
        }
        data['from'] = item.unitOrgName ?? item.unitGridName;
        break;
      case 'contact':
        set.respondedAt = q.respondedAt ?? now;
        break;
      case 'reply':
        set.repliedAt = now;
        set.respondedAt = q.respondedAt ?? now;
        break;
      case 'answer_directly':
        set.respondedAt = q.respondedAt ?? now;
        set.repliedAt = now;
        break;
      case 'audit_fail':
        set.repliedAt = null;
        // The ladder stopped at the reply; it picks up again (steps already taken stay taken).
        set.clockGen = q.clockGen + 1;
        reschedule = ['urge', 'supervise', 'notice'];
        break;
      case 'resume':
        set.clockGen = q.clockGen + 1;
        reschedule = ['urge', 'supervise', 'notice'];
        break;
      case 'close_no_action':
        // Closing with an explanation to the reporter answers them.
        set.respondedAt = q.respondedAt ?? now;
        break;
      case 'extend': {
        if (!input.extension || input.extension.amount <= 0) throw requestErrors.reasonRequired();
        set.extension = input.extension;
        Object.assign(set, restartLadder(q, addDuration(calendar, q.resolveBy, input.extension)));
        reschedule = ['urge', 'supervise', 'notice'];
        data['extension'] = input.extension;
        break;
      }
      case 'visit': {
        set.visit = input.visit!;
        set.visitedAt = now;
        if (t.status === 'reopened') {
          Object.assign(set, reopened(q, addDuration(calendar, now, category!.policy.resolve)));
          reschedule = ['urge', 'supervise', 'notice'];
        }
        data['visit'] = input.visit;
        break;
      }
      case 'merge': {
        if (!input.mergeInto || input.mergeInto === q.id) throw requestErrors.mergeTarget();
        target = await repo.findById(this.k.db, input.mergeInto);
        if (!target || target.request.schoolId !== q.schoolId || target.request.status === 'closed')
          throw requestErrors.mergeTarget();
        set.mergedInto = target.request.id;
        data['into'] = target.request.no;
        break;
      }
      case 'refer': {
        const incident = await this.alarms.raise({
          schoolId: q.schoolId,
          alarmClass: input.alarmClass ?? 'police',
          mode: 'real',
          source: 'manual',
          // One alarm per request whoever refers it, even if two people click at once.
          sourceRef: `request:${q.id}`,
          idempotencyKey: `request-${q.id}`,
          placeId: q.placeId,
          lon: q.lon,
          lat: q.lat,
          note: `【诉求转警情 ${q.no}】${q.description.slice(0, 400)}`,
          raisedBy: actor.userId,
          actorName: actor.name,
        });
        set.incidentId = incident.id;
        data['incidentId'] = incident.id;
        break;
      }
      case 'audit_pass':
      case 'close_not_ours':
      case 'park':
      case 'progress':
        break;
    }

    const updated = await this.k.transaction(async (tx) => {
      const row = await repo.update(tx, q.id, q.version, set);
      if (!row) throw errors.conflict({ id: q.id });
      if (photos.length) await commitFiles(tx, photos, now);
      await this.event(tx, row, {
        kind: input.action,
        actor: { id: actor.userId, name: actor.name },
        side: 'handler',
        status: t.status,
        visibility: INTERNAL_ACTIONS.has(input.action) ? 'internal' : 'public',
        body: input.message ?? input.reason ?? null,
        data: {
          ...data,
          ...(input.reason ? { reason: input.reason } : {}),
          ...(photos.length ? { photos } : {}),
          by: t.by,
        },
      });
      if (target) {
        const followers = await repo.followerRequests(tx, q.id);
        await repo.addFollowers(tx, target.request.id, [q.id, ...followers.map((f) => f.request.id)], now);
        await this.event(tx, target.request, {
          kind: 'merged_in',
          actor: { id: actor.userId, name: actor.name },
          side: 'handler',
          visibility: 'internal',
          data: { from: q.no },
        });
      }
      if (reschedule.length && category)
        await this.scheduleClocks(tx, row, category.policy, calendar, reschedule);
      await this.tell(tx, row, item, input.action, t.status, t.closeKind);
      await this.changed(tx, row, input.action);
      return row;
    });
    try {
      return await this.detail(actor, updated.id);
    } catch (e) {
      // A unit that returned (退单) or transferred away no longer reads it: it gets the request
      // as it left, with nothing more to do.
      const after = await repo.findById(this.k.db, updated.id);
      if (!after) throw e;
      return {
        ...this.present(after),
        events: [],
        actions: [],
        canMessage: false,
        canRevealReporter: false,
        possibleDuplicates: [],
      };
    }
  }

  /** The physical grid holding the request's place (its grid when no grid handles it). */
  private async placeGrid(item: repo.RequestItem) {
    return item.placePath ? coveringGrid(this.k.db, item.placePath) : null;
  }

  private async unitFor(
    schoolId: string,
    input: { unitOrgId?: string | undefined; unitGridId?: string | undefined },
  ): Promise<{ orgId: string | null; gridId: string | null; gridPath: string | null; name: string }> {
    if (input.unitOrgId) {
      const o = await repo.orgOfSchool(this.k.db, schoolId, input.unitOrgId);
      if (!o || o.kind === 'school') throw requestErrors.unitRequired();
      return { orgId: o.id, gridId: null, gridPath: null, name: o.name };
    }
    if (input.unitGridId) {
      const g = await gridOfSchool(this.k.db, schoolId, input.unitGridId);
      if (!g) throw requestErrors.unitRequired();
      return { orgId: null, gridId: g.id, gridPath: g.path, name: g.name };
    }
    throw requestErrors.unitRequired();
  }

  /** Who hears of a step: the unit when work reaches it, the centre when it must act, the reporters always. */
  private async tell(
    ex: Executor,
    row: repo.RequestRow,
    before: repo.RequestItem,
    action: RequestAction,
    status: RequestStatus,
    closeKind: CloseKind | null,
  ) {
    const what = `${row.no} ${before.categoryName}`;
    if (['dispatch', 'transfer'].includes(action)) await this.notifyUnit(ex, row, '新诉求待签收', what);
    if (action === 'audit_fail') await this.notifyUnit(ex, row, '诉求办理审核未通过，请继续办理', what);
    if (status === 'reopened') {
      if (row.assignedOrgId || row.assignedGridId)
        await this.notifyUnit(ex, row, '诉求人反馈未解决，已重办', what);
      else await this.notifyCentre(ex, row, '诉求人反馈未解决，待重新分拨', what);
    }
    if (['return', 'reply'].includes(action))
      await this.notifyCentre(
        ex,
        row,
        action === 'return' ? '诉求被退回，待重新分拨' : '诉求已办结，待审核',
        what,
      );
    if (INTERNAL_ACTIONS.has(action)) return;
    // The first receiver stays answerable (首接负责): it hears of every later step too.
    if (
      row.firstUnitId &&
      row.firstUnitId !== (row.assignedOrgId ?? row.assignedGridId) &&
      action !== 'sign'
    ) {
      const users = [
        ...(await unitUsers(ex, { orgId: null, gridId: row.firstUnitId })),
        ...(await unitUsers(ex, { orgId: row.firstUnitId, gridId: null })),
      ];
      await this.k.notify.notify(ex, this.notice(row, users, '您首接的诉求有新进展', what));
    }
    const text = STATUS_TEXT[status] ?? status;
    const title = closeKind === 'duplicate' ? '您的诉求已与同类诉求合并办理' : `您的诉求${text}`;
    await this.notifyReporters(ex, row, title, what);
  }

  private notice(row: repo.RequestRow, userIds: string[], title: string, body: string) {
    return {
      userIds,
      orgId: row.orgId,
      kind: 'request.update',
      title,
      body,
      link: `/requests/${row.id}`,
      data: { requestId: row.id, no: row.no },
    };
  }

  private async notifyUnit(ex: Executor, row: repo.RequestRow, title: string, body: string) {
    const users = await unitUsers(ex, { orgId: row.assignedOrgId, gridId: row.assignedGridId });
    if (users.length) await this.k.notify.notify(ex, this.notice(row, users, title, body));
  }

  private async notifyCentre(ex: Executor, row: repo.RequestRow, title: string, body: string) {
    const users = await schoolUsersWithRoles(ex, row.schoolId, ['grid_center']);
    if (users.length) await this.k.notify.notify(ex, this.notice(row, users, title, body));
  }

  /** The reporter of this request and of every request merged into it, where they have an account. */
  private async notifyReporters(ex: Executor, row: repo.RequestRow, title: string, body: string) {
    const rows = [row, ...(await repo.followerRequests(ex, row.id)).map((f) => f.request)];
    const ids = (sealed: boolean) =>
      rows
        .filter((x) => (x.identity === 'sealed') === sealed)
        .map((x) => this.reporterUserId(x))
        .filter((u): u is string => !!u);
    const named = ids(false);
    if (named.length)
      await this.k.notify.notify(ex, {
        userIds: named,
        orgId: null,
        kind: 'request.mine',
        title,
        body,
        link: `/m/#/requests/${row.id}`,
        data: { requestId: row.id, no: row.no },
      });
    // A sealed reporter's notice names no request: its row would tie the account to the filing.
    const sealed = ids(true);
    if (sealed.length)
      await this.k.notify.notify(ex, {
        userIds: sealed,
        orgId: null,
        kind: 'request.mine',
        title,
        body: '您的一件密封诉求有新进展，请在“我的诉求”中查看。',
        link: '/m/#/requests',
        data: {},
      });
  }

  /** The filing account, for notifications only (a sealed request's is decrypted, never shown). */
  private reporterUserId(row: repo.RequestRow): string | null {
    if (row.identity === 'named') return row.reporterUserId;
    if (row.identity === 'sealed' && row.reporterEnc)
      return (JSON.parse(this.k.crypto.decrypt(row.reporterEnc)) as { userId: string | null }).userId;
    return null;
  }

  private async event(
    ex: Executor,
    row: repo.RequestRow,
    e: {
      kind: string;
      actor: { id: string | null; name: string };
      side: 'reporter' | 'handler' | 'system';
      status?: RequestStatus | undefined;
      visibility?: 'public' | 'internal';
      body?: string | null;
      data?: Record<string, unknown>;
    },
  ) {
    await repo.addEvent(ex, {
      id: newId(),
      requestId: row.id,
      at: this.k.clock.now(),
      actorId: e.actor.id,
      actorName: e.actor.name,
      kind: e.kind,
      visibility: e.visibility ?? 'public',
      side: e.side,
      body: e.body ?? null,
      status: e.status ?? null,
      data: e.data ?? null,
    });
  }

  private async changed(ex: Executor, row: repo.RequestRow, kind: string) {
    await appendEvent(ex, this.k.clock, {
      type: REQUEST_EVENTS.updated,
      payload: { id: row.id, no: row.no, status: row.status, kind },
      orgId: row.orgId,
      gridId: row.assignedGridId ?? null,
    });
  }

  /** A message in the thread from a handler (to the reporter), or an internal note. */
  async message(actor: Actor, id: string, input: { body: string; internal: boolean }) {
    const r = await this.reader(actor);
    const item = await this.readable(r, id);
    if (!this.isCentre(r, item) && !this.isUnit(r, item))
      throw errors.forbidden({ permission: 'request.handle' });
    if (item.request.status === 'closed' && !input.internal) throw requestErrors.transition();
    await this.k.transaction(async (tx) => {
      await this.event(tx, item.request, {
        kind: input.internal ? 'note' : 'message',
        actor: { id: actor.userId, name: actor.name },
        side: 'handler',
        visibility: input.internal ? 'internal' : 'public',
        body: input.body,
      });
      if (!input.internal)
        await this.notifyReporters(
          tx,
          item.request,
          '办理单位给您留言',
          `${item.request.no}：${input.body.slice(0, 80)}`,
        );
      await this.changed(tx, item.request, 'message');
    });
    return this.detail(actor, id);
  }

  // ---- reading ----------------------------------------------------------------------------------

  async detail(actor: Actor, id: string) {
    const r = await this.reader(actor);
    const item = await this.readable(r, id);
    const q = item.request;
    const events = await repo.events(this.k.db, q.id, false);
    const centre = this.isCentre(r, item);
    const sides = this.sidesOf(r, item);
    const unit = sides.includes('unit');
    const actions = REQUEST_ACTIONS.filter((a) =>
      sides.some((s) => {
        const t = requestTransition(q.status, a, s, {
          reason: 'x',
          visit: { contacted: true, solved: true, satisfaction: 5 },
        });
        return t.ok;
      }),
    );
    const dupEvent = [...events].reverse().find((e) => e.kind === 'possible_duplicate');
    // Other requests are the centre's to compare and merge: a unit sees only its own.
    const dupIds = centre ? ((dupEvent?.data?.['ids'] as string[] | undefined) ?? []).slice(0, 5) : [];
    const dups = dupIds.length ? await repo.briefs(this.k.db, dupIds) : [];
    return {
      // The number is for calling back: the centre and the handling unit see it whole.
      ...this.present(item, centre || unit),
      events: events.map((e) => ({
        id: e.id,
        at: e.at,
        actorName: localizeActor(e.actorName, actor.lang),
        kind: e.kind,
        visibility: e.visibility,
        side: e.side,
        body: e.body,
        status: e.status,
        data: e.data,
        photos: photosOf(e.data),
      })),
      actions,
      canMessage: (centre || unit) && q.status !== 'closed',
      canRevealReporter: q.identity === 'sealed' && this.canReveal(actor, item),
      possibleDuplicates: q.status === 'closed' ? [] : dups.filter((d) => d.status !== 'closed'),
    };
  }

  private canReveal(actor: Actor, item: repo.RequestItem) {
    const s = scopeFor(actor, 'request.sealed');
    return s !== null && pathInScope(s, item.schoolPath);
  }

  /** Who filed a sealed request: the grid centre only, and every read is audited. */
  async revealReporter(actor: Actor, id: string) {
    const scope = authorize(actor, 'request.sealed');
    const item = await repo.findById(this.k.db, id);
    if (!item || !pathInScope(scope, item.schoolPath)) throw errors.notFound({ id });
    const q = item.request;
    let who: { name: string | null; phone: string | null } = { name: q.reporterName, phone: q.reporterPhone };
    if (q.identity === 'sealed' && q.reporterEnc) {
      const d = JSON.parse(this.k.crypto.decrypt(q.reporterEnc)) as {
        name: string | null;
        phone: string | null;
      };
      who = { name: d.name, phone: d.phone };
    } else if (q.identity === 'anonymous') who = { name: null, phone: null };
    await audit(this.k.db, this.k.clock, actor, {
      action: 'request.reveal_reporter',
      targetType: 'request',
      targetId: q.id,
      orgId: q.schoolId,
      sensitive: true,
      details: { no: q.no, identity: q.identity },
    });
    return { identity: q.identity, ...who };
  }

  async list(actor: Actor, f: repo.ListFilter, page: { page: number; pageSize: number }) {
    const r = await this.reader(actor);
    if (!r.access.scope && !r.access.homePath && !r.access.gridPaths.length)
      throw errors.forbidden({ permission: 'request.read' });
    const { items, total } = await repo.list(this.k.db, r.access, f, this.k.clock.now(), {
      offset: (page.page - 1) * page.pageSize,
      limit: page.pageSize,
    });
    return { items: items.map((i) => this.present(i)), total, page: page.page, pageSize: page.pageSize };
  }

  /** "Needs me now": what the reader is expected to do next, soonest deadline first. */
  async queue(actor: Actor) {
    const r = await this.reader(actor);
    const now = this.k.clock.now();
    const out: { request: ReturnType<RequestsService['present']>; todo: Todo; dueAt: Date | null }[] = [];
    const seen = new Set<string>();
    const push = (i: repo.RequestItem, todo: Todo, dueAt: Date | null) => {
      if (seen.has(i.request.id)) return;
      seen.add(i.request.id);
      out.push({ request: this.present(i), todo, dueAt });
    };
    if (r.handles) {
      const statuses = Object.keys(UNIT_TODO) as RequestStatus[];
      for (const i of await repo.unitQueue(this.k.db, r.access, statuses, 200)) {
        const todo = UNIT_TODO[i.request.status]!;
        push(
          i,
          todo,
          todo === 'contact' && !i.request.respondedAt ? i.request.respondBy : i.request.resolveBy,
        );
      }
    }
    if (r.centre) {
      const statuses = Object.keys(CENTRE_TODO) as RequestStatus[];
      for (const i of await repo.centreQueue(this.k.db, r.centre, statuses, now, 200)) {
        const unassigned = !i.request.assignedOrgId && !i.request.assignedGridId;
        const todo =
          CENTRE_TODO[i.request.status] ??
          (i.request.status === 'reopened' && unassigned ? 'dispatch' : 'supervised');
        push(i, todo, todo === 'dispatch' ? i.request.respondBy : i.request.resolveBy);
      }
    }
    if (actor.userId && scopeFor(actor, 'request.file')) {
      for (const i of await this.ownRequests(actor, 50, ['revisit'])) push(i, 'rate', null);
    }
    out.sort((a, b) => (a.dueAt?.getTime() ?? now.getTime()) - (b.dueAt?.getTime() ?? now.getTime()));
    return { items: out };
  }

  async photo(actor: Actor | null, loc: { id: string } | { token: string }, fileId: string) {
    let item: repo.RequestItem;
    if ('token' in loc) item = await this.byToken(loc.token);
    else {
      const r = await this.reader(actor!);
      try {
        item = await this.readable(r, loc.id);
      } catch (e) {
        item = await this.mine(actor!, loc.id).catch(() => {
          throw e;
        });
      }
    }
    if (!item.request.photos.includes(fileId) && !(await isThreadPhoto(this.k.db, item.request.id, fileId)))
      throw errors.notFound({ fileId });
    return this.k.files.openById(fileId);
  }

  // ---- the reporter's side ----------------------------------------------------------------------

  private async byToken(token: string) {
    if (!/^[0-9a-f]{32}$/.test(token)) throw errors.notFound({});
    const item = await repo.findByTrack(this.k.db, this.trackHash(token));
    if (!item) throw errors.notFound({});
    return item;
  }

  private async mine(actor: Actor, id: string) {
    authorize(actor, 'request.file');
    const item = await repo.findById(this.k.db, id);
    if (!item || !actor.userId || !this.filedBy(item.request, actor.userId)) throw errors.notFound({ id });
    return item;
  }

  private locate(loc: ReporterLocator) {
    return 'token' in loc ? this.byToken(loc.token) : this.mine(loc.actor, loc.id);
  }

  /** The reporter's view: status, deadlines and the public thread; handlers appear as their unit. */
  async tracked(loc: ReporterLocator) {
    const item = await this.locate(loc);
    const q = item.request;
    const events = await repo.events(this.k.db, q.id, true);
    const lang = 'actor' in loc ? loc.actor.lang : DEFAULT_LANG;
    const unitName = this.unitOf(item)?.name ?? null;
    return {
      id: q.id,
      no: q.no,
      schoolName: item.schoolName,
      categoryName: item.categoryName,
      description: q.description,
      placeName: item.placeName,
      photos: q.photos,
      identity: q.identity,
      status: q.status,
      closeKind: q.closeKind,
      receivedAt: q.receivedAt,
      respondBy: q.respondBy,
      resolveBy: q.resolveBy,
      unitName,
      canRate: q.status === 'revisit',
      visit: q.visit,
      mergedInto:
        item.mergedNo && item.mergedStatus ? { no: item.mergedNo, status: item.mergedStatus } : null,
      thread: events.map((e) => ({
        at: e.at,
        side: e.side,
        author:
          e.side === 'reporter'
            ? generated('me', lang)
            : e.side === 'system'
              ? generated('system', lang)
              : (unitName ?? item.schoolName),
        kind: e.kind,
        body: e.body,
        status: e.status,
        photos: photosOf(e.data),
      })),
    };
  }

  async myRequests(actor: Actor) {
    authorize(actor, 'request.file');
    const items = await this.ownRequests(actor, 100);
    return {
      items: items.map((i) => ({
        id: i.request.id,
        no: i.request.no,
        categoryName: i.categoryName,
        description: i.request.description,
        status: i.request.status,
        closeKind: i.request.closeKind,
        identity: i.request.identity,
        receivedAt: i.request.receivedAt,
        canRate: i.request.status === 'revisit',
      })),
    };
  }

  async reporterMessage(loc: ReporterLocator, body: string) {
    const item = await this.locate(loc);
    const q = item.request;
    if (q.status === 'closed') throw requestErrors.transition();
    await this.k.transaction(async (tx) => {
      await this.event(tx, q, {
        kind: 'message',
        actor: { id: null, name: GENERATED.reporter.zh },
        side: 'reporter',
        body,
      });
      await this.notifyUnit(tx, q, '诉求人留言', `${q.no}：${body.slice(0, 80)}`);
      if (!q.assignedOrgId && !q.assignedGridId)
        await this.notifyCentre(tx, q, '诉求人留言', `${q.no}：${body.slice(0, 80)}`);
      await this.changed(tx, q, 'message');
    });
    return this.tracked(loc);
  }

  /** The reporter answers the return visit: solved closes it, not solved reopens it (重办). */
  async rate(loc: ReporterLocator, answer: VisitAnswer & { comment?: string | undefined }) {
    const item = await this.locate(loc);
    const q = item.request;
    if (q.status !== 'revisit') throw requestErrors.notRateable();
    const t = requestTransition(q.status, 'visit', 'reporter', { visit: answer });
    if (!t.ok) throw requestErrors.notRateable();
    const now = this.k.clock.now();
    const category = await repo.categoryById(this.k.db, q.categoryId);
    const { calendar } = await this.settings(this.k.db, q.schoolId);
    const visit = { contacted: answer.contacted, solved: answer.solved, satisfaction: answer.satisfaction };
    const set: Partial<repo.RequestRow> = { status: t.status, visit, visitedAt: now, updatedAt: now };
    if (t.closeKind) Object.assign(set, { closeKind: t.closeKind, closedAt: now });
    if (t.status === 'reopened')
      Object.assign(set, reopened(q, addDuration(calendar, now, category!.policy.resolve)));
    await this.k.transaction(async (tx) => {
      const row = await repo.update(tx, q.id, q.version, set);
      if (!row) throw errors.conflict({ id: q.id });
      await this.event(tx, row, {
        kind: 'visit',
        actor: { id: null, name: GENERATED.reporter.zh },
        side: 'reporter',
        status: t.status,
        body: answer.comment ?? null,
        data: { visit, by: 'reporter' },
      });
      if (t.status === 'reopened') {
        await this.scheduleClocks(tx, row, category!.policy, calendar, ['urge', 'supervise', 'notice']);
        await this.notifyUnit(tx, row, '诉求人反馈未解决，已重办', `${row.no} ${item.categoryName}`);
        await this.notifyCentre(tx, row, '诉求人反馈未解决，已重办', `${row.no} ${item.categoryName}`);
      }
      await this.changed(tx, row, 'visit');
    });
    return this.tracked(loc);
  }

  // ---- figures ----------------------------------------------------------------------------------

  async rates(
    actor: Actor,
    f: {
      schoolId?: string | undefined;
      groupBy: repo.RatesGroup;
      from?: string | undefined;
      to?: string | undefined;
    },
  ) {
    const scope = authorize(actor, 'request.read');
    const now = this.k.clock.now();
    const from = f.from ? chinaDayStart(f.from) : undefined;
    const to = f.to ? new Date(chinaDayStart(f.to).getTime() + 86_400_000) : undefined;
    // The school's own weights: the one asked for, or the reader's own school.
    const own = f.schoolId ?? (await this.schoolOfActor(actor).catch(() => null))?.id;
    const weights = own ? (await this.settings(this.k.db, own)).weights : DEFAULT_RATE_WEIGHTS;
    const raw = await repo.rateCounts(
      this.k.db,
      scope,
      { schoolId: f.schoolId, from, to, groupBy: f.groupBy },
      now,
    );
    const rowsOut = raw.map((x) => {
      const counts = {
        dueResponse: x.due_response,
        respondedInTime: x.responded_in_time,
        dueResolution: x.due_resolution,
        solved: x.solved,
        evaluated: x.evaluated,
        satisfied: x.satisfied,
        overdue: x.overdue,
      };
      return {
        key: x.key ?? 'none',
        name: x.name ?? (f.groupBy === 'unit' ? '待分拨' : '—'),
        received: x.received,
        open: x.open,
        ...counts,
        ...threeRates(counts, weights),
      };
    });
    const total = rowsOut.reduce(
      (s, x) => {
        for (const k of TOTAL_KEYS) s[k] += x[k];
        return s;
      },
      Object.fromEntries(TOTAL_KEYS.map((k) => [k, 0])) as Record<(typeof TOTAL_KEYS)[number], number>,
    );
    // 逾期未结 of every period, as the list counts them (its link opens that list).
    const r = await this.reader(actor);
    const { total: overdueOpen } = await repo.list(
      this.k.db,
      r.access,
      { schoolId: f.schoolId, open: true, overdue: true },
      now,
      { offset: 0, limit: 0 },
    );
    return {
      weights,
      rows: rankRates(rowsOut, f.groupBy === 'month'),
      total: { key: 'total', name: '合计', ...total, ...threeRates(total, weights) },
      overdueOpen,
    };
  }

  /** The ledger's rows (台账) under the same filters as the list; sealed and anonymous reporters stay hidden. */
  async ledger(actor: Actor, f: repo.ListFilter) {
    const r = await this.reader(actor);
    if (!r.access.scope && !r.access.homePath && !r.access.gridPaths.length)
      throw errors.forbidden({ permission: 'request.read' });
    const { items } = await repo.list(this.k.db, r.access, f, this.k.clock.now(), {
      offset: 0,
      limit: LEDGER_LIMIT,
    });
    await audit(this.k.db, this.k.clock, actor, {
      action: 'request.export',
      targetType: 'request',
      details: { count: items.length, filter: f },
    });
    return items.map((i) => this.present(i));
  }

  // ---- catalogue --------------------------------------------------------------------------------

  /** What the phone form offers: the reporter's school's categories, and a place from a QR code. */
  async catalogue(actor: Actor, placeId?: string) {
    authorize(actor, 'request.file');
    const school = await this.schoolOfActor(actor);
    const categories = await repo.categories(this.k.db, school.id, true);
    const place = placeId ? await repo.placeOfSchool(this.k.db, school.id, placeId) : null;
    return {
      school: { id: school.id, name: school.name },
      categories,
      place: place ? placeOption(place) : null,
      contactPhone: await accountPhone(this.k.db, actor.userId),
    };
  }

  /** Places as people type them, the reporter's own dorm room and latest places first (requests.places.ts). */
  async searchPlaces(actor: Actor, q: string) {
    authorize(actor, 'request.file');
    const school = await this.schoolOfActor(actor);
    const mine = actor.userId
      ? await reporterPlaces(this.k.db, actor.userId, this.reporterKey(actor.userId))
      : null;
    const found = await searchPlacesRanked(this.k.db, school.id, q, {
      own: mine?.own ?? [],
      recent: mine?.recent ?? [],
      limit: 20,
    });
    return { items: found.map(placeOption) };
  }

  private async schoolFor(actor: Actor, permission: 'request.catalogue' | 'request.read', schoolId: string) {
    const scope = authorize(actor, permission);
    const school = await findOrgById(this.k.db, schoolId);
    if (!school || school.kind !== 'school' || !pathInScope(scope, school.path))
      throw errors.notFound({ schoolId });
    return school;
  }

  /** A school's categories: for its readers and handlers (to filter by), and whoever keeps them. */
  async categories(actor: Actor, schoolId: string) {
    const school = await findOrgById(this.k.db, schoolId);
    if (!school || school.kind !== 'school') throw errors.notFound({ schoolId });
    // Categories are not sensitive: whoever reads, handles or keeps requests of the school sees them.
    const perms = (['request.read', 'request.handle', 'request.catalogue'] as const).map((p) =>
      scopeFor(actor, p),
    );
    if (!perms.some(Boolean)) throw errors.forbidden({ permission: 'request.read' });
    const ofSchool =
      perms.some((s) => s && pathInScope(s, school.path)) ||
      actor.memberships.some((m) => m.orgPath.startsWith(school.path));
    if (!ofSchool) throw errors.notFound({ schoolId });
    return { items: await repo.categories(this.k.db, schoolId, false) };
  }

  async createCategory(actor: Actor, input: Omit<repo.CategoryRow, 'id' | 'version' | 'updatedAt'>) {
    const school = await this.schoolFor(actor, 'request.catalogue', input.schoolId);
    if (await repo.categoryByCode(this.k.db, school.id, input.code)) throw requestErrors.categoryCodeTaken();
    const row = { ...input, id: newId(), version: 1, updatedAt: this.k.clock.now() };
    await this.k.transaction(async (tx) => {
      await repo.insertCategories(tx, [row]);
      this.forget(school.id);
      await audit(tx, this.k.clock, actor, {
        action: 'request.category.create',
        targetType: 'request_category',
        targetId: row.id,
        orgId: school.id,
        details: { code: row.code },
      });
    });
    return row;
  }

  async updateCategory(
    actor: Actor,
    id: string,
    input: Omit<repo.CategoryRow, 'id' | 'schoolId' | 'updatedAt'>,
  ) {
    const current = await repo.categoryById(this.k.db, id);
    if (!current) throw errors.notFound({ id });
    await this.schoolFor(actor, 'request.catalogue', current.schoolId);
    if (input.code !== current.code && (await repo.categoryByCode(this.k.db, current.schoolId, input.code)))
      throw requestErrors.categoryCodeTaken();
    const { version, ...rest } = input;
    return this.k.transaction(async (tx) => {
      const row = await repo.updateCategory(tx, id, version, { ...rest, updatedAt: this.k.clock.now() });
      if (!row) throw errors.conflict({ id });
      this.forget(current.schoolId);
      await audit(tx, this.k.clock, actor, {
        action: 'request.category.update',
        targetType: 'request_category',
        targetId: id,
        orgId: current.schoolId,
      });
      return row;
    });
  }

  async routes(actor: Actor, schoolId: string) {
    await this.schoolFor(actor, 'request.catalogue', schoolId);
    const items = await repo.routes(this.k.db, schoolId);
    return {
      items: items.map((r) => ({
        id: r.route.id,
        schoolId: r.route.schoolId,
        categoryId: r.route.categoryId,
        categoryName: r.categoryName,
        scopePath: r.route.scopePath,
        scopeLabel: r.route.scopeLabel,
        unit: {
          kind: r.route.unitOrgId ? ('org' as const) : ('grid' as const),
          id: (r.route.unitOrgId ?? r.route.unitGridId)!,
          name: r.unitName,
        },
      })),
    };
  }

  async addRoute(
    actor: Actor,
    schoolId: string,
    input: {
      categoryId: string;
      scopeGridId?: string | undefined;
      scopePlaceId?: string | undefined;
      unitOrgId?: string | undefined;
      unitGridId?: string | undefined;
    },
  ) {
    await this.schoolFor(actor, 'request.catalogue', schoolId);
    const category = await repo.categoryById(this.k.db, input.categoryId);
    if (!category || category.schoolId !== schoolId) throw errors.notFound({ categoryId: input.categoryId });
    const unit = await this.unitFor(schoolId, input);
    let scopePath: string | null = null;
    let scopeLabel: string | null = null;
    if (input.scopeGridId) {
      const g = await gridOfSchool(this.k.db, schoolId, input.scopeGridId);
      if (!g) throw errors.notFound({ scopeGridId: input.scopeGridId });
      scopePath = g.path;
      scopeLabel = g.name;
    } else if (input.scopePlaceId) {
      const p = await repo.placeOfSchool(this.k.db, schoolId, input.scopePlaceId);
      if (!p) throw errors.notFound({ scopePlaceId: input.scopePlaceId });
      scopePath = p.path;
      scopeLabel = p.name;
    }
    const id = newId();
    this.forget(schoolId);
    await this.k.transaction(async (tx) => {
      await repo.insertRoutes(tx, [
        {
          id,
          schoolId,
          categoryId: category.id,
          scopePath,
          scopeLabel,
          unitOrgId: unit.orgId,
          unitGridId: unit.gridId,
          updatedAt: this.k.clock.now(),
        },
      ]);
      await audit(tx, this.k.clock, actor, {
        action: 'request.route.create',
        targetType: 'request_route',
        targetId: id,
        orgId: schoolId,
        details: { category: category.code, unit: unit.name, scope: scopeLabel },
      });
    });
    return (await this.routes(actor, schoolId)).items.find((r) => r.id === id)!;
  }

  async deleteRoute(actor: Actor, id: string) {
    const route = await repo.routeById(this.k.db, id);
    if (!route) throw errors.notFound({ id });
    await this.schoolFor(actor, 'request.catalogue', route.schoolId);
    this.forget(route.schoolId);
    await this.k.transaction(async (tx) => {
      await repo.deleteRoute(tx, route.schoolId, id);
      await audit(tx, this.k.clock, actor, {
        action: 'request.route.delete',
        targetType: 'request_route',
        targetId: id,
        orgId: route.schoolId,
      });
    });
  }

  async getSettings(actor: Actor, schoolId: string) {
    await this.schoolFor(actor, 'request.read', schoolId);
    return { schoolId, ...(await this.settings(this.k.db, schoolId)) };
  }

  async saveSettings(
    actor: Actor,
    schoolId: string,
    input: {
      calendar: WorkCalendar;
      weights: { response: number; resolution: number; satisfaction: number };
      /** left as it is when not sent (clients older than the setting) */
      open311PublicRead?: boolean | undefined;
    },
  ) {
    await this.schoolFor(actor, 'request.catalogue', schoolId);
    if (input.weights.response + input.weights.resolution + input.weights.satisfaction <= 0)
      throw errors.validation({ reason: 'weights must not all be zero' });
    this.forget(schoolId);
    const open311PublicRead =
      input.open311PublicRead ?? (await this.settings(this.k.db, schoolId)).open311PublicRead;
    const saved = { calendar: input.calendar, weights: input.weights, open311PublicRead };
    await this.k.transaction(async (tx) => {
      await repo.saveSettings(tx, { schoolId, ...saved, updatedAt: this.k.clock.now() });
      await audit(tx, this.k.clock, actor, {
        action: 'request.settings.update',
        targetType: 'school',
        targetId: schoolId,
        orgId: schoolId,
        details: { open311PublicRead },
      });
    });
    return { schoolId, ...saved };
  }

  /** The places on a building's sheet of QR codes (for whoever keeps the catalogue). */
  async qrSheet(actor: Actor, buildingId: string) {
    const scope = authorize(actor, 'request.catalogue');
    const b = await repo.buildingById(this.k.db, buildingId);
    const school = b ? await findOrgById(this.k.db, b.schoolId) : undefined;
    if (!b || !school || !pathInScope(scope, school.path)) throw errors.notFound({ buildingId });
    return {
      schoolName: school.name,
      building: { id: b.id, name: b.name, code: b.code },
      places: await repo.roomsOfBuilding(this.k.db, b.id),
    };
  }

  // ---- Open311 clients --------------------------------------------------------------------------

  async open311Clients(actor: Actor, schoolId: string) {
    await this.schoolFor(actor, 'request.catalogue', schoolId);
    return { items: (await repo.open311ClientsOf(this.k.db, schoolId)).map(({ keyHash: _k, ...c }) => c) };
  }

  /** A new Open311 client: its api_key is shown this once and stored only as a keyed hash. */
  async addOpen311Client(actor: Actor, schoolId: string, name: string) {
    await this.schoolFor(actor, 'request.catalogue', schoolId);
    const apiKey = this.k.crypto.lookupHash(`open311-key:${newId()}:${Date.now()}`).slice(0, 40);
    const row = {
      id: newId(),
      schoolId,
      name,
      keyHash: this.k.crypto.lookupHash(`open311:${apiKey}`),
      active: true,
      createdAt: this.k.clock.now(),
    };
    await this.k.transaction(async (tx) => {
      await repo.insertOpen311Client(tx, row);
      await audit(tx, this.k.clock, actor, {
        action: 'request.open311_client.create',
        targetType: 'open311_client',
        targetId: row.id,
        orgId: schoolId,
        details: { name },
      });
    });
    const { keyHash: _k, ...client } = row;
    return { client, apiKey };
  }

  /** Stop a client at once (a leaked key, a retired system): its key answers 403 from now on. */
  async revokeOpen311Client(actor: Actor, id: string) {
    const client = await repo.open311ClientById(this.k.db, id);
    if (!client) throw errors.notFound({ id });
    await this.schoolFor(actor, 'request.catalogue', client.schoolId);
    await this.k.transaction(async (tx) => {
      await repo.deactivateOpen311Client(tx, id);
      await audit(tx, this.k.clock, actor, {
        action: 'request.open311_client.revoke',
        targetType: 'open311_client',
        targetId: id,
        orgId: client.schoolId,
        details: { name: client.name },
      });
    });
  }

  // ---- Open311 (the routes check the api_key; these read one school's data) ---------------------

  /** A jurisdiction: a school by its code, or the school of the client's key. */
  async open311School(code: string | undefined, clientSchoolId: string | undefined) {
    const s = code
      ? await findOrgByCode(this.k.db, code)
      : clientSchoolId
        ? await findOrgById(this.k.db, clientSchoolId)
        : undefined;
    return s && s.kind === 'school' ? s : null;
  }

  async open311Services(schoolId: string) {
    return repo.categories(this.k.db, schoolId, true);
  }

  async open311Place(schoolId: string, code: string) {
    return (await repo.placeByCode(this.k.db, schoolId, code))?.id;
  }

  /**
   * Open311's public view of a school's requests, whoever asks (a key or none): sealed requests are
   * left out entirely (even their number and time could point at a reporter); an anonymous one shows
   * its service, status and dates with no description, the building at most for its location and
   * no photo; a named one its description, place and position, and a photo by a link of its own.
   * No reporter data, no internal notes: status_notes is the unit's latest public answer to a named
   * request, else the stage in words.
   */
  async open311Requests(
    schoolId: string,
    f: {
      nos?: string[] | undefined;
      serviceCodes?: string[] | undefined;
      from?: Date | undefined;
      to?: Date | undefined;
      status?: 'open' | 'closed' | undefined;
    },
  ) {
    const now = this.k.clock.now();
    const wanted = f.serviceCodes?.length ? f.serviceCodes : null;
    const categoryIds = wanted
      ? (await repo.categories(this.k.db, schoolId, false))
          .filter((c) => wanted.includes(c.code))
          .map((c) => c.id)
      : undefined;
    if (categoryIds && !categoryIds.length) return [];
    const from = f.nos?.length ? undefined : (f.from ?? new Date(now.getTime() - 90 * 86_400_000));
    const { items } = await repo.list(
      this.k.db,
      { scope: { all: true }, homePath: null, gridPaths: [] },
      {
        schoolId,
        withoutSealed: true,
        nos: f.nos?.slice(0, 100),
        categoryIds,
        open: f.status === undefined ? undefined : f.status === 'open',
        from,
        to: f.to,
      },
      now,
      { offset: 0, limit: 1000 },
    );
    const named = items.filter((i) => i.request.identity === 'named');
    const replies = await repo.latestReplies(
      this.k.db,
      named.map((i) => i.request.id),
      PUBLIC_REPLY_KINDS,
    );
    const buildings = await repo.buildingsOf(
      this.k.db,
      items.filter((i) => i.request.identity !== 'named' && i.request.placeId).map((i) => i.request.placeId!),
    );
    return items.map((i) => {
      const q = i.request;
      const st = open311Status(q.status, q.closeKind);
      const common = {
        no: q.no,
        status: st.status,
        extended: st.extended,
        serviceName: i.categoryName,
        serviceCode: i.categoryCode,
        agency: this.unitOf(i)?.name ?? i.schoolName,
        requestedAt: q.receivedAt,
        updatedAt: q.updatedAt,
        expectedAt: q.resolveBy,
      };
      if (q.identity !== 'named') {
        const b = q.placeId ? buildings.get(q.placeId) : undefined;
        return {
          ...common,
          statusNotes: STATUS_TEXT[q.status] ?? '已受理',
          address: b?.name ?? '',
          addressId: b?.code ?? '',
        };
      }
      return {
        ...common,
        statusNotes: replies.get(q.id) ?? STATUS_TEXT[q.status] ?? '已受理',
        description: q.description,
        address: i.placeName ?? q.address ?? '',
        addressId: i.placeCode ?? '',
        lat: q.lat,
        lon: q.lon,
        mediaKey: q.photos[0] ? this.open311MediaKey(q.id, q.photos[0]) : undefined,
      };
    });
  }

  /** The unguessable part of a public photo's address: only the server can make it. */
  private open311MediaKey(requestId: string, fileId: string) {
    return this.k.crypto.lookupHash(`open311-media:${requestId}:${fileId}`).slice(0, 32);
  }

  /** A photo by its public address: only a named request's, and only by the key made for it. */
  async open311Media(no: string, key: string) {
    if (!/^[0-9a-f]{32}$/.test(key)) return null;
    const item = await repo.findByNo(this.k.db, no);
    if (!item || item.request.identity !== 'named') return null;
    const fileId = item.request.photos.find((p) => this.open311MediaKey(item.request.id, p) === key);
    return fileId ? this.k.files.openById(fileId) : null;
  }

  /** Whether the school lets Open311 clients read its public view without an api_key. */
  async open311PublicRead(schoolId: string) {
    return (await this.schoolData(schoolId)).settings.open311PublicRead;
  }

  /** Discovery's changeset: when any school's services (categories) last changed. */
  async open311Changeset() {
    return (await repo.categoriesChangedAt(this.k.db)) ?? new Date('2026-11-30T00:00:00Z');
  }

  /** Our Open311 token is the request's id: it names the request the client posted, nothing more. */
  async open311Token(schoolId: string, token: string) {
    if (!/^[0-9a-f-]{36}$/.test(token)) return null;
    const item = await repo.findById(this.k.db, token);
    return item && item.request.schoolId === schoolId && item.request.identity !== 'sealed'
      ? item.request.no
      : null;
  }

  /** The public steps (no sealed request, no conversation); words only from a named request's answer. */
  async open311Updates(schoolId: string, from: Date, to: Date) {
    const rowsOut = await repo.publicUpdates(this.k.db, schoolId, from, to, 1000);
    return rowsOut.map((u) => {
      // A message moves nothing: it carries the request's state as it stands.
      const status = u.event.status ?? u.requestStatus;
      const st = open311Status(status, status === 'closed' ? u.closeKind : null);
      const answer =
        u.identity === 'named' && PUBLIC_REPLY_KINDS.includes(u.event.kind) ? u.event.body : null;
      return {
        id: u.event.id,
        no: u.no,
        state: status,
        extended: st.extended,
        at: u.event.at,
        description: answer || (STATUS_TEXT[status] ?? u.event.kind),
      };
    });
  }

  async open311Client(apiKey: string | undefined) {
    if (!apiKey || apiKey.length > 100) return null;
    return (await repo.open311ClientByKey(this.k.db, this.k.crypto.lookupHash(`open311:${apiKey}`))) ?? null;
  }
}

/** A new resolution deadline: a new clock generation, and the ladder from its first step. */
function restartLadder(q: repo.RequestRow, resolveBy: Date) {
  return { resolveBy, clockGen: q.clockGen + 1, urgedAt: null, supervisedAt: null, noticedAt: null };
}

/** 重办: the reply no longer stands, and the unit has a new deadline. */
function reopened(q: repo.RequestRow, resolveBy: Date) {
  return { ...restartLadder(q, resolveBy), reopenCount: q.reopenCount + 1, repliedAt: null };
}

/** Steps whose words answer the reporter about the matter itself (shown in Open311's public view). */
const PUBLIC_REPLY_KINDS: readonly string[] = ['reply', 'answer_directly', 'close_no_action'];

const SCHOOL_DATA_TTL_MS = 10_000;
interface SchoolData {
  categories: repo.CategoryRow[];
  routes: Awaited<ReturnType<typeof repo.routes>>;
  settings: {
    calendar: WorkCalendar;
    weights: { response: number; resolution: number; satisfaction: number };
    open311PublicRead: boolean;
  };
}

const TOTAL_KEYS = [
  'received',
  'open',
  'dueResponse',
  'respondedInTime',
  'dueResolution',
  'solved',
  'evaluated',
  'satisfied',
  'overdue',
] as const;

export const LEDGER_LIMIT = 50_000;

const STATUS_TEXT: Partial<Record<RequestStatus, string>> = {
  dispatched: '已派单',
  accepted: '已签收',
  contacted: '已联系',
  in_progress: '正在办理',
  extended: '已延期办理',
  parked: '已挂账（暂缓办理）',
  replied: '已办结，正在审核',
  revisit: '已办结，请评价',
  reopened: '已重新办理',
  closed: '已结案',
  triage: '正在重新分拨',
};

function placeOption(p: { id: string; name: string; code: string; kind: string; building: string | null }) {
  return {
    id: p.id,
    name: p.name,
    code: p.code,
    kind: p.kind,
    label: p.building ? `${p.building} / ${p.name}` : p.name,
  };
}
