import { open311Status } from './requests.model.js';
import { findOrgByCode, findOrgById } from '../orgs/index.js';
import { schoolData, type RequestsContext } from './requests.context.js';
import { STATUS_TEXT, unitOf } from './requests.present.js';
import * as repo from './requests.repository.js';

/*
 * Open311 GeoReport v2's reads of one school's data (the routes check the api_key): services,
 * the public view of requests, their updates and photos.
 */

/** Steps whose words answer the reporter about the matter itself (shown in Open311's public view). */
const PUBLIC_REPLY_KINDS: readonly string[] = ['reply', 'answer_directly', 'close_no_action'];

/** A jurisdiction: a school by its code, or the school of the client's key. */
export async function open311School(
  c: RequestsContext,
  code: string | undefined,
  clientSchoolId: string | undefined,
) {
  const s = code
    ? await findOrgByCode(c.k.db, code)
    : clientSchoolId
      ? await findOrgById(c.k.db, clientSchoolId)
      : undefined;
  return s && s.kind === 'school' ? s : null;
}

/** The school's active categories, as Open311 services. */
export async function open311Services(c: RequestsContext, schoolId: string) {
  return repo.categories(c.k.db, schoolId, true);
}

/** A place of the school by its code (Open311's address_id). */
export async function open311Place(c: RequestsContext, schoolId: string, code: string) {
  return (await repo.placeByCode(c.k.db, schoolId, code))?.id;
}

/**
 * Open311's public view of a school's requests, whoever asks (a key or none): sealed requests are
 * left out entirely (even their number and time could point at a reporter); an anonymous one shows
 * its service, status and dates with no description, the building at most for its location and
 * no photo; a named one its description, place and position, and a photo by a link of its own.
 * No reporter data, no internal notes: status_notes is the unit's latest public answer to a named
 * request, else the stage in words.
 */
export async function open311Requests(
  c: RequestsContext,
  schoolId: string,
  f: {
    nos?: string[] | undefined;
    serviceCodes?: string[] | undefined;
    from?: Date | undefined;
    to?: Date | undefined;
    status?: 'open' | 'closed' | undefined;
  },
) {
  const now = c.k.clock.now();
  const wanted = f.serviceCodes?.length ? f.serviceCodes : null;
  const categoryIds = wanted
    ? (await repo.categories(c.k.db, schoolId, false)).filter((c) => wanted.includes(c.code)).map((c) => c.id)
    : undefined;
  if (categoryIds && !categoryIds.length) return [];
  const from = f.nos?.length ? undefined : (f.from ?? new Date(now.getTime() - 90 * 86_400_000));
  const { items } = await repo.list(
    c.k.db,
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
    c.k.db,
    named.map((i) => i.request.id),
    PUBLIC_REPLY_KINDS,
  );
  const buildings = await repo.buildingsOf(
    c.k.db,
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
      agency: unitOf(i)?.name ?? i.schoolName,
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
      mediaKey: q.photos[0] ? open311MediaKey(c, q.id, q.photos[0]) : undefined,
    };
  });
}

/** The unguessable part of a public photo's address: only the server can make it. */
export function open311MediaKey(c: RequestsContext, requestId: string, fileId: string) {
  return c.k.crypto.lookupHash(`open311-media:${requestId}:${fileId}`).slice(0, 32);
}

/** A photo by its public address: only a named request's, and only by the key made for it. */
export async function open311Media(c: RequestsContext, no: string, key: string) {
  if (!/^[0-9a-f]{32}$/.test(key)) return null;
  const item = await repo.findByNo(c.k.db, no);
  if (!item || item.request.identity !== 'named') return null;
  const fileId = item.request.photos.find((p) => open311MediaKey(c, item.request.id, p) === key);
  return fileId ? c.k.files.openById(fileId) : null;
}

/** Whether the school lets Open311 clients read its public view without an api_key. */
export async function open311PublicRead(c: RequestsContext, schoolId: string) {
  return (await schoolData(c, schoolId)).settings.open311PublicRead;
}

/** Discovery's changeset: when any school's services (categories) last changed. */
export async function open311Changeset(c: RequestsContext) {
  return (await repo.categoriesChangedAt(c.k.db)) ?? new Date('2026-11-30T00:00:00Z');
}

/** Our Open311 token is the request's id: it names the request the client posted, nothing more. */
export async function open311Token(c: RequestsContext, schoolId: string, token: string) {
  if (!/^[0-9a-f-]{36}$/.test(token)) return null;
  const item = await repo.findById(c.k.db, token);
  return item && item.request.schoolId === schoolId && item.request.identity !== 'sealed'
    ? item.request.no
    : null;
}

/** The public steps (no sealed request, no conversation); words only from a named request's answer. */
export async function open311Updates(c: RequestsContext, schoolId: string, from: Date, to: Date) {
  const rowsOut = await repo.publicUpdates(c.k.db, schoolId, from, to, 1000);
  return rowsOut.map((u) => {
    // A message moves nothing: it carries the request's state as it stands.
    const status = u.event.status ?? u.requestStatus;
    const st = open311Status(status, status === 'closed' ? u.closeKind : null);
    const answer = u.identity === 'named' && PUBLIC_REPLY_KINDS.includes(u.event.kind) ? u.event.body : null;
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
