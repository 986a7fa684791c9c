import type { Readable } from 'node:stream';
import type { z } from 'zod';
import type { Actor } from '../../kernel/access/index.js';
import { audit } from '../../kernel/audit/audit.js';
import { addChinaDays, chinaDayStart } from '../../kernel/calendar/index.js';
import { errors } from '../../kernel/errors.js';
import { firstBatchRead } from '../../kernel/http/export.js';
import { streamWorkbook } from '../../kernel/sheets/index.js';
import { isUnit, isVerifier, listReader, readable, reader } from './hazards.access.js';
import type { HazardsContext } from './hazards.context.js';
import { present, type PresentedHazard } from './hazards.present.js';
import * as repo from './hazards.repository.js';
import type { listQuery } from './hazards.schemas.js';
import { LEDGER_COLUMNS, ledgerRow } from './hazards.sheets.js';

type ListQuery = z.infer<typeof listQuery>;

function filterOf(c: HazardsContext, q: ListQuery): repo.HazardFilter {
  return {
    schoolId: q.schoolId,
    status: q.status,
    open: q.open === undefined ? undefined : q.open === 'true',
    grade: q.grade,
    domain: q.domain,
    origin: q.origin,
    gridId: q.gridId,
    overdueAt: q.overdue === 'true' ? c.k.clock.now() : undefined,
    supervised: q.supervised === undefined ? undefined : q.supervised === 'true',
    from: q.from ? chinaDayStart(q.from) : undefined,
    to: q.to ? chinaDayStart(addChinaDays(q.to, 1)) : undefined,
    q: q.q,
  };
}

export async function list(c: HazardsContext, actor: Actor, q: ListQuery) {
  const r = await listReader(c, actor);
  const { items, total } = await repo.list(c.k.db, r.access, filterOf(c, q), q.page, q.pageSize);
  return { items: items.map((i) => present(c, i, actor.lang)), total };
}

/** 挂牌督办: flagged and not closed, across every school the reader may see, the oldest first. */
export async function supervised(c: HazardsContext, actor: Actor) {
  const r = await listReader(c, actor);
  const { items } = await repo.list(c.k.db, r.access, { supervised: true }, 1, 500);
  return items
    .map((i) => present(c, i, actor.lang))
    .sort((a, b) => a.deadline.getTime() - b.deadline.getTime());
}

/** What waits for me: 五定 and progress for my unit; verification and assignment for the office. */
export async function queue(c: HazardsContext, actor: Actor) {
  const r = await listReader(c, actor);
  const { items } = await repo.list(c.k.db, r.access, { open: true }, 1, 500);
  const out: { todo: 'plan' | 'progress' | 'verify' | 'assign'; hazard: PresentedHazard }[] = [];
  for (const i of items) {
    const h = i.hazard;
    const verifier = isVerifier(r, i);
    if (verifier && h.status === 'submitted' && !h.rectifiers.includes(actor.userId ?? ''))
      out.push({ todo: 'verify', hazard: present(c, i, actor.lang) });
    else if (isUnit(r, i) && h.status === 'open')
      out.push({ todo: 'plan', hazard: present(c, i, actor.lang) });
    else if (isUnit(r, i) && h.status === 'rectifying')
      out.push({ todo: 'progress', hazard: present(c, i, actor.lang) });
    else if (verifier && !h.unitOrgId && !h.unitGridId)
      out.push({ todo: 'assign', hazard: present(c, i, actor.lang) });
  }
  return out.sort((a, b) => a.hazard.deadline.getTime() - b.hazard.deadline.getTime());
}

/** The ledger (台账) as a streamed xlsx: batches of 1,000 rows, whatever the total. */
export async function ledger(c: HazardsContext, actor: Actor, q: ListQuery): Promise<Readable> {
  const r = await listReader(c, actor);
  const filter = filterOf(c, q);
  const batches = repo.ledgerBatches(c.k.db, r.access, filter);
  const now = c.k.clock.now();
  await audit(c.k.db, c.k.clock, actor, {
    action: 'hazard.export',
    targetType: 'hazard',
    details: { filter: q },
  });
  async function* rowsOf() {
    for await (const batch of batches) yield batch.map((i) => ledgerRow(i, now));
  }
  return streamWorkbook({ name: '隐患台账', columns: LEDGER_COLUMNS }, await firstBatchRead(rowsOf()));
}

/** A photo of a hazard the actor may see. */
export async function photo(c: HazardsContext, actor: Actor, id: string, fileId: string) {
  const r = await reader(c, actor);
  await readable(c, r, id);
  if (!(await repo.hasPhoto(c.k.db, id, fileId))) throw errors.notFound({ fileId });
  return c.k.files.openById(fileId);
}
