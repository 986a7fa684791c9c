import { authorize, pathInScope, type Actor } from '../../kernel/access/index.js';
import { chinaDate } from '../../kernel/calendar/index.js';
import { errors } from '../../kernel/errors.js';
import { appendEvent } from '../../kernel/events/index.js';
import { commitFiles } from '../../kernel/files/files.lifecycle.js';
import { GENERATED } from '../../kernel/i18n.js';
import { newId } from '../../kernel/ids.js';
import { coveringGrid, gridOfSchool } from '../grids/index.js';
import { findOrgById } from '../orgs/index.js';
import { schoolOfActor } from './requests.access.js';
import { checkAttributes } from './requests.attributes.js';
import { scheduleClocks } from './requests.clocks.js';
import { schoolData, type RequestsContext } from './requests.context.js';
import { requestErrors } from './requests.errors.js';
import { REQUEST_EVENTS } from './requests.events.js';
import { reporterKey, sealedReporterKey, trackHash as trackHashOf, trackToken } from './requests.keys.js';
import { notifyCentre, notifyUnit } from './requests.notify.js';
import { event } from './requests.record.js';
import * as repo from './requests.repository.js';
import { deadlinesFor, routeRequest, type Priority } from './requests.routing.js';
import type { Channel, Identity } from './requests.tables.js';

/*
 * Intake: a request arrives by any channel (the phone page, a QR code, the dorm service, the
 * hotline, an Open311 client), is numbered, routed by the school's rules and its clocks started.
 */

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

/** A phone filing (the page, a QR code, the dorm service): the reporter's own school. */
export async function file(
  c: RequestsContext,
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
  const school = await schoolOfActor(c, actor);
  return intake(
    c,
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
export async function hotline(
  c: RequestsContext,
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
  const school = await findOrgById(c.k.db, input.schoolId);
  if (!school || school.kind !== 'school' || !pathInScope(scope, school.path))
    throw errors.notFound({ schoolId: input.schoolId });
  return intake(c, {
    ...input,
    channel: 'hotline',
    reporter: { userId: null, name: input.callerName ?? null, phone: input.callerPhone ?? null },
    enteredBy: { id: actor.userId, name: actor.name },
  });
}

/** A request from an Open311 client of the school (its api_key checked by the caller). */
export async function fileOpen311(
  c: RequestsContext,
  client: { id: string; name: string; schoolId: string },
  input: Omit<IntakeInput, 'schoolId' | 'channel' | 'enteredBy' | 'identity'>,
) {
  return intake(c, {
    ...input,
    schoolId: client.schoolId,
    channel: 'open311',
    identity: input.reporter.name || input.reporter.phone ? 'named' : 'anonymous',
    enteredBy: { id: null, name: client.name },
  });
}

/**
 * `photoOwner`: the account whose uploads the photos must be. A named filing checks them; a sealed
 * or anonymous one takes them over (no owner left on the file rows) in its own transaction.
 */
export async function intake(c: RequestsContext, input: IntakeInput, photoOwner?: string) {
  const db = c.k.db;
  const category = (await schoolData(c, input.schoolId)).categories.find((c) => c.id === input.categoryId);
  if (!category || category.schoolId !== input.schoolId || !category.active)
    throw errors.notFound({ categoryId: input.categoryId });
  const attributes = checkAttributes(category.attributes, input.attributes ?? {});
  const place = input.placeId ? await repo.placeOfSchool(db, input.schoolId, input.placeId) : null;
  if (input.placeId && !place) throw errors.notFound({ placeId: input.placeId });
  // The sender's namespace is a keyed hash of who entered it: no user id is stored in clear.
  const sender = c.k.crypto.lookupHash(`sender:${input.enteredBy.id ?? input.enteredBy.name}`).slice(0, 16);
  const key = `${sender}:${input.idempotencyKey}`;
  // A reporter who files for themselves is shown only when they file by name.
  const selfFiled = input.reporter.userId !== null && input.reporter.userId === input.enteredBy.id;
  const shownEnterer =
    selfFiled && input.identity !== 'named' ? { id: null, name: GENERATED.reporter.zh } : input.enteredBy;
  const token = trackToken(c, input.schoolId, input.channel, key);
  const trackHash = trackHashOf(c, token);
  const existing = await repo.rowByTrack(db, trackHash);
  if (existing) return filed(existing, token, false);

  const area = place ? await coveringGrid(db, place.path) : null;
  const school = await schoolData(c, input.schoolId);
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
  const now = c.k.clock.now();
  const deadlines = deadlinesFor(calendar, category.policy, now);
  const r = input.reporter;
  const identity = input.identity;
  const photos = [...new Set(input.photos ?? [])];
  if (photoOwner && photos.length && identity === 'named') {
    const owned = await c.k.files.ownedImages(photos, photoOwner);
    if (owned.length !== photos.length) throw requestErrors.badPhoto();
  }
  const id = newId();

  // The number is taken in a statement of its own: inside the intake's transaction the day's
  // counter row would stay locked until commit and every intake of the day would queue behind it.
  // A failed intake leaves a gap in the day's numbers, as hotline systems do.
  const day = chinaDate(now).replaceAll('-', '');
  const n = await repo.nextNumber(c.k.db, day);
  const out = await c.k.transaction(async (tx) => {
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
      reporterEnc: identity === 'sealed' ? c.k.crypto.encrypt(JSON.stringify(r)) : null,
      reporterKey:
        identity === 'anonymous' || !r.userId
          ? null
          : identity === 'sealed'
            ? sealedReporterKey(c, r.userId, id)
            : reporterKey(c, r.userId),
      trackHash,
      // Kept hashed: the plain key begins with the sender's hash, shared by all their filings.
      idempotencyKey: c.k.crypto.lookupHash(`idempotency:${key}`),
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
      const taken = await c.k.files.disownImages(tx, photos, photoOwner, input.schoolId);
      if (taken.length !== photos.length) throw requestErrors.badPhoto();
    }
    await commitFiles(tx, row.photos, now);
    await event(c, tx, row, {
      kind: 'received',
      actor: shownEnterer,
      side: input.channel === 'hotline' ? 'handler' : 'reporter',
      status: 'received',
      data: { channel: input.channel, externalNo: input.externalNo ?? null },
    });
    if (rule) {
      await event(c, tx, row, {
        kind: 'dispatch',
        actor: { id: null, name: GENERATED.catalogue.zh },
        side: 'system',
        status: 'dispatched',
        data: { unitId: rule.unitId, rule: rule.id },
      });
      await notifyUnit(
        c,
        tx,
        row,
        'new',
        '新诉求待签收',
        `${category.name}：${input.description.slice(0, 60)}`,
      );
    } else {
      await notifyCentre(
        c,
        tx,
        row,
        'new',
        '新诉求待分拨',
        `${category.name}：${input.description.slice(0, 60)}`,
      );
    }
    const similar = await repo.similarOpen(tx, row, new Date(now.getTime() - 72 * 3_600_000));
    if (similar.length)
      await event(c, tx, row, {
        kind: 'possible_duplicate',
        actor: { id: null, name: GENERATED.system.zh },
        side: 'system',
        visibility: 'internal',
        data: { ids: similar.map((s) => s.id), nos: similar.map((s) => s.no) },
      });
    await appendEvent(tx, c.k.clock, {
      type: REQUEST_EVENTS.received,
      payload: { id: row.id, no: row.no, status: row.status },
      orgId: row.orgId,
      // the grid it was sent to: that grid's leader and workers receive it (decision 0016)
      gridId: row.assignedGridId ?? null,
      actorId: shownEnterer.id,
    });
    await scheduleClocks(c, tx, row, category.policy, calendar, ['respond', 'urge', 'supervise', 'notice']);
    return { row, created };
  });
  return filed(out.row, token, out.created);
}

export function filed(row: repo.RequestRow, token: string, created: boolean) {
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
