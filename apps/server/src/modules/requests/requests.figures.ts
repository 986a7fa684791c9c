import { authorize, type Actor } from '../../kernel/access/index.js';
import { audit } from '../../kernel/audit/audit.js';
import { chinaDayStart } from '../../kernel/calendar/index.js';
import { errors } from '../../kernel/errors.js';
import { reader, schoolOfActor } from './requests.access.js';
import { settings, type RequestsContext } from './requests.context.js';
import { DEFAULT_RATE_WEIGHTS, threeRates } from './requests.model.js';
import { present } from './requests.present.js';
import { rankRates } from './requests.rates.js';
import * as repo from './requests.repository.js';

/** Figures: the three rates (三率) by unit, grid, month, school or category, and the ledger (台账). */

const TOTAL_KEYS = [
  'received',
  'open',
  'dueResponse',
  'respondedInTime',
  'dueResolution',
  'solved',
  'evaluated',
  'satisfied',
  'overdue',
] as const;

export const LEDGER_LIMIT = 50_000;

/** The rates table, ranked, with its total and the open requests past their deadline. */
export async function rates(
  c: RequestsContext,
  actor: Actor,
  f: {
    schoolId?: string | undefined;
    groupBy: repo.RatesGroup;
    from?: string | undefined;
    to?: string | undefined;
  },
) {
  const scope = authorize(actor, 'request.read');
  const now = c.k.clock.now();
  const from = f.from ? chinaDayStart(f.from) : undefined;
  const to = f.to ? new Date(chinaDayStart(f.to).getTime() + 86_400_000) : undefined;
  // The school's own weights: the one asked for, or the reader's own school.
  const own = f.schoolId ?? (await schoolOfActor(c, actor).catch(() => null))?.id;
  const weights = own ? (await settings(c.k.db, own)).weights : DEFAULT_RATE_WEIGHTS;
  const raw = await repo.rateCounts(
    c.k.db,
    scope,
    { schoolId: f.schoolId, from, to, groupBy: f.groupBy },
    now,
  );
  const rowsOut = raw.map((x) => {
    const counts = {
      dueResponse: x.due_response,
      respondedInTime: x.responded_in_time,
      dueResolution: x.due_resolution,
      solved: x.solved,
      evaluated: x.evaluated,
      satisfied: x.satisfied,
      overdue: x.overdue,
    };
    return {
      key: x.key ?? 'none',
      name: x.name ?? (f.groupBy === 'unit' ? '待分拨' : '—'),
      received: x.received,
      open: x.open,
      ...counts,
      ...threeRates(counts, weights),
    };
  });
  const total = rowsOut.reduce(
    (s, x) => {
      for (const k of TOTAL_KEYS) s[k] += x[k];
      return s;
    },
    Object.fromEntries(TOTAL_KEYS.map((k) => [k, 0])) as Record<(typeof TOTAL_KEYS)[number], number>,
  );
  // 逾期未结 of every period, as the list counts them (its link opens that list).
  const r = await reader(c, actor);
  const { total: overdueOpen } = await repo.list(
    c.k.db,
    r.access,
    { schoolId: f.schoolId, open: true, overdue: true },
    now,
    { offset: 0, limit: 0 },
  );
  return {
    weights,
    rows: rankRates(rowsOut, f.groupBy === 'month'),
    total: { key: 'total', name: '合计', ...total, ...threeRates(total, weights) },
    overdueOpen,
  };
}

/** The ledger's rows (台账) under the same filters as the list; sealed and anonymous reporters stay hidden. */
export async function ledger(c: RequestsContext, actor: Actor, f: repo.ListFilter) {
  const r = await reader(c, actor);
  if (!r.access.scope && !r.access.homePath && !r.access.gridPaths.length)
    throw errors.forbidden({ permission: 'request.read' });
  const { items } = await repo.list(c.k.db, r.access, f, c.k.clock.now(), {
    offset: 0,
    limit: LEDGER_LIMIT,
  });
  await audit(c.k.db, c.k.clock, actor, {
    action: 'request.export',
    targetType: 'request',
    details: { count: items.length, filter: f },
  });
  return items.map((i) => present(c, i));
}
