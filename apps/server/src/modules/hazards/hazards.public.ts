import { errors } from '../../kernel/errors.js';
import { GENERATED } from '../../kernel/i18n.js';
import { coveringGrid } from '../grids/index.js';
import type { HazardsContext } from './hazards.context.js';
import { createHazard } from './hazards.create.js';
import * as repo from './hazards.repository.js';
import { answeringGridOf } from './hazards.where.js';

/** How many photos of what size a 随手拍 may carry (read while the upload streams in). */
export function publicPhotoLimits(c: HazardsContext) {
  const l = c.k.files.limits;
  return { maxPhotos: l.PUBLIC_UPLOAD_MAX_PHOTOS, maxBytes: l.PUBLIC_UPLOAD_MAX_BYTES };
}

/** The place a 随手拍 code names, for the public page's heading. */
export async function publicPlace(c: HazardsContext, placeId: string) {
  const p = await repo.activePlace(c.k.db, placeId);
  if (!p) throw errors.notFound({ placeId });
  return { placeId: p.id, placeName: p.name, schoolName: p.school_name };
}

/**
 * 随手拍: anyone, without an account, from a place's QR code. Photos are checked as images and
 * kept; a phone number only if they want to hear back (encrypted, shown to the office only).
 */
export async function publicReport(
  c: HazardsContext,
  input: {
    placeId: string;
    description: string;
    phone: string | null;
    key: string | null;
    photos: { name: string; data: Buffer }[];
  },
) {
  const p = await repo.activePlace(c.k.db, input.placeId);
  if (!p) throw errors.notFound({ placeId: input.placeId });
  const key = input.key ? `public:${input.key}` : null;
  if (key) {
    const again = await repo.findByKey(c.k.db, key);
    if (again) return { no: again.hazard.no, receivedAt: again.hazard.foundAt, created: false };
  }
  const photos = await c.k.files.storePublicImages(p.school_id, p.id, input.photos);
  // Kept pending; a report refused from here on must not leave its photos behind.
  const made = await publicCreate(c, p, input, key, photos).catch(async (e: unknown) => {
    await c.k.files.discard(photos);
    throw e;
  });
  // A retry that raced the first send: its own photos were not taken, the first send's were.
  if (!made.created) await c.k.files.discard(photos);
  const h = (await repo.findById(c.k.db, made.id))!;
  return { no: h.hazard.no, receivedAt: h.hazard.foundAt, created: made.created };
}

async function publicCreate(
  c: HazardsContext,
  p: NonNullable<Awaited<ReturnType<typeof repo.activePlace>>>,
  input: { description: string; phone: string | null },
  key: string | null,
  photos: string[],
) {
  const area = await coveringGrid(c.k.db, p.path);
  return createHazard(
    c,
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
      unitGridId: await answeringGridOf(c, area),
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
