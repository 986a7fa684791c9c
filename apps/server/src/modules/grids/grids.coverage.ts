import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { rows, type Tx } from '../../kernel/db.js';
import type { BusEvent, EventConsumer } from '../../kernel/events/index.js';
import type { Kernel } from '../../kernel/kernel.js';
import { IMPORT_EVENTS } from '../../kernel/sheets/index.js';
import { ORG_EVENTS } from '../orgs/index.js';
import { PEOPLE_EVENTS } from '../people/index.js';
import { PLACE_EVENTS } from '../places/index.js';
import { GRID_EVENTS } from './grids.events.js';
import { coverage, type CoverageReport } from './grids.model.js';
import * as repo from './grids.repository.js';

/** The job that computes a school's stored coverage report again (queue: background). */
export const COVERAGE_JOB = 'grids.coverage';
export const coverageJobPayload = z.object({ schoolId: z.uuid() });

/**
 * Events that can change a school's coverage: its grids (bindings, leaders), places (rooms, beds),
 * students (class, bed), organisations, and the batches an import writes.
 */
export const COVERAGE_EVENTS: readonly string[] = [
  GRID_EVENTS.changed,
  PLACE_EVENTS.changed,
  PEOPLE_EVENTS.changed,
  ...Object.values(ORG_EVENTS),
  IMPORT_EVENTS.written,
];

/** A burst of changes (an admin fixing twenty bindings) is computed once, this long after its first. */
const DEBOUNCE_MS = 10_000;

export interface StoredCoverage {
  report: CoverageReport;
  computedAt: Date;
}

const eventTypes = () =>
  sql.join(
    COVERAGE_EVENTS.map((t) => sql`${t}`),
    sql`, `,
  );

/**
 * The coverage report kept as a rollup (decision 0018): computed by the same pure function as
 * before, stored per school with the outbox sequence its inputs were read at, and computed again
 * by a background job when an event says the school changed. A read never returns a stale report:
 * an event of the school not yet reflected (published after the computation, or not yet published)
 * makes the read compute it then and there.
 */
export class CoverageRollup {
  constructor(private readonly k: Kernel) {}

  /** The school's report: the stored one when nothing changed since, else computed now (and stored). */
  async read(school: { id: string; path: string }, refresh = false): Promise<StoredCoverage> {
    if (!refresh) {
      const [stored] = await rows<{
        report: CoverageReport | string;
        computed_at: string | Date;
        stale: boolean;
      }>(
        this.k.db,
        sql`select r.report, r.computed_at, ${staleSql(school.path)} as stale
            from coverage_reports r where r.school_id = ${school.id}`,
      );
      if (stored && !stored.stale) {
        const report =
          typeof stored.report === 'string' ? (JSON.parse(stored.report) as CoverageReport) : stored.report;
        return { report, computedAt: new Date(stored.computed_at) };
      }
    }
    return this.compute(school.id);
  }

  /** Compute and store. A slower computation that read older inputs never overwrites a newer one. */
  async compute(schoolId: string): Promise<StoredCoverage> {
    // Events committed but not yet published would get a sequence above the one read below and
    // make the new report look stale at once (one computation more): publish them first. (With
    // several nodes another node may hold the relay; that costs the extra computation, nothing worse.)
    await this.k.relay.nudge();
    const { seq, ...inputs } = await repo.coverageInputs(this.k.db, schoolId);
    const report = coverage(inputs);
    const computedAt = this.k.clock.now();
    const at = computedAt.toISOString();
    await this.k.db.execute(
      sql`insert into coverage_reports (school_id, report, computed_at, seq)
          values (${schoolId}, ${JSON.stringify(report)}::jsonb, ${at}::timestamptz, ${seq})
          on conflict (school_id) do update
            set report = excluded.report, computed_at = excluded.computed_at, seq = excluded.seq
            where coverage_reports.seq <= excluded.seq`,
    );
    return { report, computedAt };
  }

  /** The job: compute a stored report again if it is stale (a read may have done it already). */
  async refreshStale(schoolId: string): Promise<void> {
    const [r] = await rows<{ stale: boolean }>(
      this.k.db,
      sql`select ${staleSql(sql`(select path from orgs where id = ${schoolId})`)} as stale
          from coverage_reports r where r.school_id = ${schoolId}`,
    );
    if (r?.stale) await this.compute(schoolId);
  }

  /**
   * The durable reaction: an event of a school whose report is kept queues one job for it, a few
   * seconds later; further events before it runs join it (same singleton key). Schools nobody
   * asked about have no stored report and are left alone.
   */
  consumer(): EventConsumer {
    return {
      name: 'grids.coverage',
      types: COVERAGE_EVENTS,
      handle: (e: BusEvent, tx: Tx) => this.onEvent(e, tx),
    };
  }

  private async onEvent(e: BusEvent, tx: Tx): Promise<void> {
    if (!e.orgPath) return;
    const kept = await rows<{ school_id: string }>(
      tx,
      sql`select r.school_id from coverage_reports r join orgs o on o.id = r.school_id
          where left(${e.orgPath}, length(o.path)) = o.path`,
    );
    const runAt = new Date(this.k.clock.now().getTime() + DEBOUNCE_MS);
    for (const { school_id } of kept)
      await this.k.jobs.enqueue(
        tx,
        COVERAGE_JOB,
        { schoolId: school_id },
        { runAt, singletonKey: school_id },
      );
  }
}

/** Whether an event that can change coverage happened in the school after report `r` was computed. */
function staleSql(schoolPath: string | ReturnType<typeof sql>) {
  return sql`exists (
    select 1 from events e
    where (e.seq is null or e.seq > r.seq) and e.type in (${eventTypes()})
      and e.org_id in (select o.id from orgs o where o.path like ${schoolPath} || '%')
  )`;
}
