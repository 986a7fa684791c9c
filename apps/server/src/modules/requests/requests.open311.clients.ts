import type { Actor } from '../../kernel/access/index.js';
import { audit } from '../../kernel/audit/audit.js';
import { errors } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { schoolFor } from './requests.access.js';
import type { RequestsContext } from './requests.context.js';
import * as repo from './requests.repository.js';

/** A school's Open311 clients: listed, added (with a key shown once), revoked, and their key checked. */

/** The school's clients (their key hashes left out). */
export async function open311Clients(c: RequestsContext, actor: Actor, schoolId: string) {
  await schoolFor(c, actor, 'request.catalogue', schoolId);
  return { items: (await repo.open311ClientsOf(c.k.db, schoolId)).map(({ keyHash: _k, ...c }) => c) };
}

/** A new Open311 client: its api_key is shown this once and stored only as a keyed hash. */
export async function addOpen311Client(c: RequestsContext, actor: Actor, schoolId: string, name: string) {
  await schoolFor(c, actor, 'request.catalogue', schoolId);
  const apiKey = c.k.crypto.lookupHash(`open311-key:${newId()}:${Date.now()}`).slice(0, 40);
  const row = {
    id: newId(),
    schoolId,
    name,
    keyHash: c.k.crypto.lookupHash(`open311:${apiKey}`),
    active: true,
    createdAt: c.k.clock.now(),
  };
  await c.k.transaction(async (tx) => {
    await repo.insertOpen311Client(tx, row);
    await audit(tx, c.k.clock, actor, {
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
export async function revokeOpen311Client(c: RequestsContext, actor: Actor, id: string) {
  const client = await repo.open311ClientById(c.k.db, id);
  if (!client) throw errors.notFound({ id });
  await schoolFor(c, actor, 'request.catalogue', client.schoolId);
  await c.k.transaction(async (tx) => {
    await repo.deactivateOpen311Client(tx, id);
    await audit(tx, c.k.clock, actor, {
      action: 'request.open311_client.revoke',
      targetType: 'open311_client',
      targetId: id,
      orgId: client.schoolId,
      details: { name: client.name },
    });
  });
}

/** The active client holding this api_key, if any. */
export async function open311Client(c: RequestsContext, apiKey: string | undefined) {
  if (!apiKey || apiKey.length > 100) return null;
  return (await repo.open311ClientByKey(c.k.db, c.k.crypto.lookupHash(`open311:${apiKey}`))) ?? null;
}
