import { and, asc, eq } from 'drizzle-orm';
import { type Executor } from '../../kernel/db.js';
import { open311Clients } from './requests.tables.js';

/** A school's Open311 clients (their keys kept as keyed hashes). */

export async function open311ClientByKey(ex: Executor, keyHash: string) {
  const [r] = await ex
    .select()
    .from(open311Clients)
    .where(and(eq(open311Clients.keyHash, keyHash), eq(open311Clients.active, true)))
    .limit(1);
  return r;
}

export async function open311ClientsOf(ex: Executor, schoolId: string) {
  return ex
    .select()
    .from(open311Clients)
    .where(eq(open311Clients.schoolId, schoolId))
    .orderBy(asc(open311Clients.createdAt));
}

export async function deactivateOpen311Client(ex: Executor, id: string) {
  const [r] = await ex
    .update(open311Clients)
    .set({ active: false })
    .where(eq(open311Clients.id, id))
    .returning({ id: open311Clients.id });
  return !!r;
}

export async function open311ClientById(ex: Executor, id: string) {
  const [r] = await ex.select().from(open311Clients).where(eq(open311Clients.id, id)).limit(1);
  return r;
}

export async function insertOpen311Client(ex: Executor, row: typeof open311Clients.$inferInsert) {
  await ex.insert(open311Clients).values(row);
}
