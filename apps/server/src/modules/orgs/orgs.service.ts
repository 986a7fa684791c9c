import { authorize, type Actor } from '../../kernel/access/index.js';
import { audit } from '../../kernel/audit/audit.js';
import { errors } from '../../kernel/errors.js';
import { appendEvent } from '../../kernel/events/index.js';
import { newId } from '../../kernel/ids.js';
import type { Kernel } from '../../kernel/kernel.js';
import { orgErrors } from './orgs.errors.js';
import { ORG_EVENTS } from './orgs.events.js';
import { canHoldChild, childPath, linkKindFor } from './orgs.model.js';
import * as repo from './orgs.repository.js';
import type { CreateOrgInput, UpdateOrgInput } from './orgs.schemas.js';

export class OrgsService {
  constructor(private readonly k: Kernel) {}

  async list(actor: Actor) {
    const scope = authorize(actor, 'org.read');
    return repo.listInScope(this.k.db, scope);
  }

  async create(actor: Actor, input: CreateOrgInput) {
    const scope = authorize(actor, 'org.manage');
    return this.k.transaction(async (tx) => {
      const parent = await repo.findInScope(tx, scope, input.parentId);
      if (!parent) throw errors.notFound({ parentId: input.parentId });
      if (!canHoldChild(parent.kind, input.kind))
        throw orgErrors.badParent({ parent: parent.kind, kind: input.kind });
      if (await repo.findByCode(tx, input.code)) throw orgErrors.codeTaken({ code: input.code });
      const id = newId();
      const now = this.k.clock.now();
      const org = await repo.insert(tx, {
        id,
        parentId: parent.id,
        path: childPath(parent.path, id),
        kind: input.kind,
        schoolType: input.kind === 'school' ? (input.schoolType ?? null) : null,
        name: input.name,
        code: input.code,
        sort: input.sort ?? 0,
        address: input.address ?? null,
        phone: input.phone ?? null,
        lon: input.lon ?? null,
        lat: input.lat ?? null,
        createdAt: now,
        updatedAt: now,
      });
      await appendEvent(tx, this.k.clock, {
        type: ORG_EVENTS.created,
        payload: { id, name: org.name, kind: org.kind },
        orgId: id,
        actorId: actor.userId,
      });
      await audit(tx, this.k.clock, actor, {
        action: 'org.create',
        targetType: 'org',
        targetId: id,
        orgId: id,
        details: { name: org.name, kind: org.kind, parentId: parent.id },
      });
      return org;
    });
  }

  async update(actor: Actor, id: string, patch: UpdateOrgInput) {
    const scope = authorize(actor, 'org.manage');
    return this.k.transaction(async (tx) => {
      const org = await repo.findInScope(tx, scope, id);
      if (!org) throw errors.notFound({ id });
      if (patch.code && patch.code !== org.code && (await repo.findByCode(tx, patch.code))) {
        throw orgErrors.codeTaken({ code: patch.code });
      }
      const updated = await repo.update(tx, id, { ...patch, updatedAt: this.k.clock.now() });
      await appendEvent(tx, this.k.clock, {
        type: ORG_EVENTS.updated,
        payload: { id, name: updated.name, kind: updated.kind },
        orgId: id,
        actorId: actor.userId,
      });
      await audit(tx, this.k.clock, actor, {
        action: 'org.update',
        targetType: 'org',
        targetId: id,
        orgId: id,
        details: { changes: patch },
      });
      return updated;
    });
  }

  async listLinks(actor: Actor) {
    const scope = authorize(actor, 'org.read');
    return repo.listLinksInScope(this.k.db, scope);
  }

  /** Put a school under a police station's jurisdiction or an authority's supervision. */
  async link(
    actor: Actor,
    input: { kind: 'jurisdiction' | 'supervision'; fromOrgId: string; toOrgId: string },
  ) {
    const scope = authorize(actor, 'org.manage');
    if (!scope.all) throw orgErrors.rootRequired();
    return this.k.transaction(async (tx) => {
      const from = await repo.findById(tx, input.fromOrgId);
      const to = await repo.findById(tx, input.toOrgId);
      if (!from || !to) throw errors.notFound();
      if (to.kind !== 'school' || linkKindFor(from.kind) !== input.kind) throw orgErrors.badLink();
      await repo.insertLink(tx, {
        id: newId(),
        kind: input.kind,
        fromOrgId: from.id,
        toOrgId: to.id,
        createdAt: this.k.clock.now(),
      });
      // Police and bureau scopes follow links: cached actors are read again (other nodes: the event).
      this.k.actors.clear();
      await appendEvent(tx, this.k.clock, {
        type: ORG_EVENTS.linked,
        payload: { kind: input.kind, fromOrgId: from.id, toOrgId: to.id },
        orgId: from.id,
        actorId: actor.userId,
      });
      await audit(tx, this.k.clock, actor, {
        action: 'org.link',
        targetType: 'org',
        targetId: to.id,
        orgId: from.id,
        details: input,
      });
    });
  }
}
