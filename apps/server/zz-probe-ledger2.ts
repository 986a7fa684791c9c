// temporary experiment (deleted after): the ledger export with and without an index on (found_at, id).
import pg from 'pg';
import { createRuntime } from './src/app/runtime.js';
import { loadAppConfig } from './src/app/config.js';
import { createLogger } from './src/kernel/logger.js';
import { seedDemo } from './src/demo/seed.js';

const name = `anxiao_probe_${process.pid}`;
const url = `postgres://postgres@127.0.0.1:5432/${name}`;
const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
await admin.connect();
await admin.query(`create database ${name}`);
try {
  const rt = await createRuntime({
    config: loadAppConfig({ DATA_DIR: '/tmp/probe', ANXIAO_SECRET_KEY: 'b'.repeat(64), LOG_LEVEL: 'warn', DATABASE_URL: url, ANXIAO_DEMO: 'true' }),
    log: createLogger('warn'), migrate: true,
  });
  await seedDemo(rt.kernel, { students: 84 });
  await rt.kernel.db.execute(`insert into hazards (id, no, school_id, domain, grade, origin, title, description, grid_id, grid_path, unit_grid_id, found_by_name, found_at, deadline, status, created_at, updated_at)
    select gen_random_uuid(), 'BX' || g, h.school_id, h.domain, h.grade, h.origin, h.title, h.description, h.grid_id, h.grid_path, h.unit_grid_id, '张伟',
      date_trunc('milliseconds', now() - ((g::bigint * 7919) % 31536000) * interval '1 second'), now() + interval '3 days', 'closed', now(), now()
    from generate_series(1, 100000) g, (select * from hazards limit 1) h`);
  await rt.kernel.db.execute(`analyze`);
  const [u] = (await rt.kernel.db.execute(`select id from users where username = 'grid.center'`)).rows as { id: string }[];
  const actor = await rt.services.auth.actorFor(u!.id);
  const run = async (label: string) => {
    const t = performance.now();
    const stream = await rt.services.hazards.ledger(actor!, { page: 1, pageSize: 1 } as never);
    let bytes = 0;
    for await (const c of stream) bytes += (c as Buffer).length;
    console.log(label, bytes, 'bytes in', Math.round(performance.now() - t), 'ms');
  };
  await run('no index');
  await rt.kernel.db.execute(`create index hazards_found_idx on hazards (found_at, id)`);
  await rt.kernel.db.execute(`analyze hazards`);
  await run('index (found_at, id)');
  await run('index (found_at, id), again');
  await rt.close();
} finally {
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
