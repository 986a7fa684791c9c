import { authorize, pathInScope, scopeFor, type Actor } from '../../kernel/access/index.js';
import { errors } from '../../kernel/errors.js';
import { localizeActor } from '../../kernel/i18n.js';
import type { AlarmsContext } from './alarms.context.js';
import { OPEN_STATUSES } from './alarms.model.js';
import { presentIncident } from './alarms.present.js';
import * as repo from './alarms.repository.js';

function targets(c: AlarmsContext) {
  return {
    acknowledge: c.cfg.ALARM_ACK_TARGET_SECONDS,
    onScene: c.cfg.ALARM_ON_SCENE_TARGET_SECONDS,
    policeOnScene: c.cfg.ALARM_POLICE_TARGET_SECONDS,
  };
}

/** Whether the actor handles alarms where the incident is (school side or police side). */
function handles(actor: Actor) {
  const scopes = [scopeFor(actor, 'alarm.handle'), scopeFor(actor, 'alarm.police')];
  return (orgPath: string) => scopes.some((sc) => sc !== null && pathInScope(sc, orgPath));
}

export function present(c: AlarmsContext, r: repo.IncidentListItem, actor: Actor) {
  return presentIncident(r, c.k.clock.now(), targets(c), handles(actor)(r.orgPath));
}

/** An incident the actor may act on with `permission` (its sender may read their own); 403/404 otherwise. */
export async function visible(
  c: AlarmsContext,
  actor: Actor,
  id: string,
  permission: 'alarm.read' | 'alarm.handle' | 'alarm.police',
) {
  const scope = scopeFor(actor, permission);
  const r = scope ? await repo.findInScope(c.k.db, scope, id) : undefined;
  if (r) return r;
  // The sender follows their own alarm (a student's SOS) without reading anyone else's.
  if (permission === 'alarm.read' && actor.userId) {
    const own = await repo.findInScope(c.k.db, { all: true }, id);
    if (own?.incident.raisedBy === actor.userId) return own;
  }
  const mayAsk = scope ?? (permission === 'alarm.read' ? scopeFor(actor, 'alarm.sos') : null);
  if (!mayAsk) throw errors.forbidden({ permission });
  throw errors.notFound({ id });
}

/**
 * The schools the caller watches, each with its location, open incidents and devices: the
 * police station's map of its jurisdiction, the security room's own school.
 */
export async function overview(c: AlarmsContext, actor: Actor) {
  const scope = authorize(actor, 'alarm.read');
  return { schools: await repo.schoolsOverview(c.k.db, scope, [...OPEN_STATUSES]) };
}

export async function list(c: AlarmsContext, actor: Actor, f: { open?: boolean; schoolId?: string }) {
  const scope = authorize(actor, 'alarm.read');
  const rows = await repo.list(c.k.db, scope, {
    ...(f.open ? { statuses: [...OPEN_STATUSES] } : {}),
    schoolId: f.schoolId,
    limit: f.open ? 1000 : 200,
  });
  return { items: rows.map((r) => present(c, r, actor)) };
}

/** One incident with its timeline and plans: to those who may read alarms there, and to its sender. */
export async function get(c: AlarmsContext, actor: Actor, id: string) {
  const r = await visible(c, actor, id, 'alarm.read');
  const [timeline, plans] = await Promise.all([repo.timeline(c.k.db, id), repo.plansOf(c.k.db, id)]);
  return {
    ...present(c, r, actor),
    timeline: timeline.map((e) => ({ ...e, actorName: localizeActor(e.actorName, actor.lang) })),
    plans,
  };
}
