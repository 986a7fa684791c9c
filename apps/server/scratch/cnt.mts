import { openDatabase, rows } from '../src/kernel/db.js';
import { sql } from 'drizzle-orm';
const d = await openDatabase({});
await d.migrate();
const t = await rows<any>(d.db, sql`select c.relname as t from pg_class c join pg_namespace n on n.oid=c.relnamespace where n.nspname='public' and c.relkind in ('r','p') order by 1`);
for (const r of t) { const [c] = await rows<any>(d.db, sql.raw(`select count(*)::int as n from "${r.t}"`)); if (c.n) console.log(r.t, c.n); }
const fk = await rows<any>(d.db, sql`select conrelid::regclass::text as child, confrelid::regclass::text as parent from pg_constraint where contype='f'`);
console.log(JSON.stringify(fk));
await d.close();
