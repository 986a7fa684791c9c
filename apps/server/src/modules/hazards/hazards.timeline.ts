import type { Actor } from '../../kernel/access/index.js';
import type { Executor } from '../../kernel/db.js';
import { appendEvent } from '../../kernel/events/index.js';
import { commitFiles } from '../../kernel/files/files.lifecycle.js';
import { GENERATED } from '../../kernel/i18n.js';
import { newId } from '../../kernel/ids.js';
import type { HazardsContext } from './hazards.context.js';
import { hazardErrors } from './hazards.errors.js';
import { HAZARD_EVENTS } from './hazards.events.js';
import { hazardEvents, type HazardEventKind } from './hazards.tables.js';

/** One step on a hazard's timeline, with its photos. */
export async function addEvent(
  c: HazardsContext,
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
  if (e.photos?.length) await commitFiles(ex, e.photos, c.k.clock.now());
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
    at: c.k.clock.now(),
  });
}

/** Tell the live consoles a hazard changed (through the outbox, in the same transaction). */
export async function changed(
  c: HazardsContext,
  ex: Executor,
  h: { id: string; no: string; status: string; kind: string; schoolId: string; gridId: string | null },
  actorId?: string | null,
) {
  await appendEvent(ex, c.k.clock, {
    type: HAZARD_EVENTS.changed,
    payload: { id: h.id, no: h.no, status: h.status, kind: h.kind },
    orgId: h.schoolId,
    gridId: h.gridId,
    actorId: actorId ?? null,
  });
}

/** Photos on a step must be images the actor uploaded. */
export async function checkPhotos(c: HazardsContext, actor: Actor, photos: string[]) {
  if (!photos.length) return;
  const owned = new Set(await c.k.files.ownedImages(photos, actor.userId!));
  const foreign = photos.filter((p) => !owned.has(p));
  if (foreign.length) throw hazardErrors.badPhoto({ photos: foreign });
}
