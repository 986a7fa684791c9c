import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../src/kernel/db.js';
import { orgId, testRuntime, type TestRuntime } from '../support/runtime.js';
import { drainJobs, sendWarning, type Summary } from '../support/warnings.js';

let rt: TestRuntime;
const EXTRA = 10_000;

beforeAll(async () => {
  rt = await testRuntime({ students: 20 });
  // Ten thousand more students in one class of the college, as an import would leave them.
  const cls = await orgId(rt, 'DYVTC-C03-2401');
  await rt.kernel.db.execute(
    sql`insert into users (id, username, display_name, org_id, created_at, updated_at)
        select gen_random_uuid(), 'scale' || n, '学生' || n, ${cls}, now(), now() from generate_series(1, ${EXTRA}) n`,
  );
  await rt.kernel.db.execute(
    sql`insert into memberships (id, user_id, org_id, role, created_at)
        select gen_random_uuid(), u.id, ${cls}, 'reporter', now() from users u where u.username like 'scale%'`,
  );
}, 300_000);
afterAll(async () => rt.dispose());

describe('warnings: a school of more than 10,000 people', () => {
  it('resolves, hands out and counts every one of them', async () => {
    const school = await orgId(rt, 'DYVTC');
    const admin = await rt.login('school.admin');
    const w = await sendWarning(admin, school, { orgIds: [school] });
    expect(w.state).toBe('sent');
    await drainJobs(rt);
    const [told] = await rows<{ n: number }>(
      rt.kernel.db,
      sql`select count(*)::int as n from notifications where kind = 'warning.published' and data->>'warningId' = ${w.id}`,
    );
    const detail = await admin.call('GET', `/api/warnings/${w.id}`);
    const { total } = detail.json<{ summary: Summary }>().summary;
    expect(total.recipients).toBeGreaterThan(EXTRA);
    expect(told!.n).toBe(total.recipients);
    expect(total).toMatchObject({ sent: total.recipients, delivered: total.recipients, acknowledged: 0 });
    const page = await admin.call(
      'GET',
      `/api/warnings/${w.id}/recipients?state=unacknowledged&page=3&pageSize=200`,
    );
    expect(page.json<{ items: unknown[]; total: number }>()).toMatchObject({ total: total.recipients });
  }, 300_000);
});
