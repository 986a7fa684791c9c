import {
  authorize,
  pathInScope,
  ROLE_GRANTS,
  scopeFor,
  type Actor,
  type Scope,
} from '../../kernel/access/index.js';
import { errors } from '../../kernel/errors.js';
import { findOrgById, schoolOf, type OrgRow } from '../orgs/index.js';
import { audiencePaths, type AudienceTargets } from './warnings.audience.js';
import type { WarningsContext } from './warnings.context.js';
import { warningErrors } from './warnings.errors.js';
import { within } from './warnings.model.js';
import * as repo from './warnings.repository.js';

/**
 * Who may send from where, to whom, and who approves (the rules of 预警 in one file):
 * - one sends from an organisation where one holds warning.send through one's own role (a school,
 *   a college, the bureau) — never from a school one merely supervises;
 * - the audience may lie in the sending organisation's school, or anywhere one holds warning.send
 *   (the bureau and the 综治办: the schools they supervise);
 * - an audience beyond the sending organisation's own subtree (a college warning the whole school,
 *   the bureau warning schools) needs a second person's approval: someone holding warning.approve
 *   over the sending organisation and the whole audience, who is not the one who submitted it.
 */
export function ownSendRoots(actor: Actor): Scope {
  if (actor.kind === 'system') return { all: true };
  const paths: string[] = [];
  for (const m of actor.memberships) {
    if (!ROLE_GRANTS[m.role].own.includes('warning.send')) continue;
    if (m.role === 'system_admin') return { all: true };
    paths.push(m.orgPath);
  }
  if (!paths.length) throw errors.forbidden({ permission: 'warning.send' });
  return { all: false, paths };
}

/** The sending organisation, checked: one the actor sends from (404 otherwise). */
export async function sendingOrg(c: WarningsContext, actor: Actor, orgId: string): Promise<OrgRow> {
  authorize(actor, 'warning.send');
  const roots = ownSendRoots(actor);
  const org = await findOrgById(c.k.db, orgId);
  if (!org || !pathInScope(roots, org.path)) throw errors.notFound({ orgId });
  return org;
}

/** Check the audience lies within reach; returns whether it needs approval. */
export async function checkReach(
  c: WarningsContext,
  actor: Actor,
  org: OrgRow,
  targets: AudienceTargets,
): Promise<boolean> {
  const scope = authorize(actor, 'warning.send');
  const school = await schoolOf(c.k.db, org.id);
  const paths = audiencePaths(targets);
  const reachable = (p: string) => pathInScope(scope, p) || (!!school && p.startsWith(school.path));
  if (!paths.every(reachable)) throw warningErrors.outOfReach();
  return !paths.every((p) => within(p, [org.path]));
}

/** Whether the actor may approve a warning with this sending organisation and audience. */
export function mayApprove(actor: Actor, orgPath: string, audience: string[]): boolean {
  const scope = scopeFor(actor, 'warning.approve');
  return !!scope && pathInScope(scope, orgPath) && audience.every((p) => pathInScope(scope, p));
}

/** A warning the actor may read (404 otherwise: its existence is not confirmed). */
export async function readable(c: WarningsContext, actor: Actor, id: string) {
  const scope = authorize(actor, 'warning.read');
  const w = await repo.findWithPath(c.k.db, id);
  if (!w || !pathInScope(scope, w.orgPath)) throw errors.notFound({ id });
  return w;
}

/** A warning the actor may change (send, update, cancel, remind): a sender of its organisation. */
export async function changeable(c: WarningsContext, actor: Actor, id: string) {
  const w = await readable(c, actor, id);
  authorize(actor, 'warning.send');
  if (!pathInScope(ownSendRoots(actor), w.orgPath)) throw errors.forbidden({ permission: 'warning.send' });
  return w;
}
