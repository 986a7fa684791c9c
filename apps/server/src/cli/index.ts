import fs from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { createRuntime, type Runtime } from '../app/runtime.js';
import { systemActor, ROLES, type Role } from '../kernel/access/index.js';
import { loadAppConfig } from '../app/config.js';
import { openDatabase } from '../kernel/db.js';
import { createLogger } from '../kernel/logger.js';
import { seedDemo } from '../demo/seed.js';
import { findOrgByCode } from '../modules/orgs/index.js';
import { serve } from './serve.js';
import { registerBackupCommands } from './backup.js';
import { filesCommand } from './files.js';

const program = new Command('anxiao').description('安校 anxiao — campus safety platform');

const int = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number above 0');
  return n;
};

/** A runtime for one command: no HTTP listener, no background loops. */
async function withRuntime<T>(
  fn: (rt: Runtime) => Promise<T>,
  opts: { migrate?: boolean; env?: Record<string, string> } = {},
): Promise<T> {
  const config = loadAppConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ...opts.env });
  const rt = await createRuntime({ config, migrate: opts.migrate ?? !config.DATABASE_URL });
  try {
    // Events this command wrote go out through the running server's relay.
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

program
  .command('serve')
  .description('start the server (roles from ANXIAO_ROLES: api,worker,realtime)')
  .option('--production', 'refuse to start in demo mode')
  .action(async (opts: { production?: boolean }) => serve(opts));

program
  .command('migrate')
  .description('apply database migrations (PostgreSQL from DATABASE_URL, else the embedded database)')
  .action(async () => {
    const config = loadAppConfig();
    const log = createLogger(config.LOG_LEVEL);
    const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: `${config.dataDir}/db` });
    await database.migrate();
    await database.close();
    log.info({ database: database.kind }, 'migrations applied');
  });

const seed = program.command('seed').description('load data');
seed
  .command('demo')
  .description('load the demo district (skipped when it is already there)')
  .option('--scale <students>', 'students in the vocational college', int, 2000)
  .action(async (o: { scale: number }) => {
    await withRuntime(
      async (rt) => {
        const r = await seedDemo(rt.kernel, { students: o.scale, onProgress: (m) => console.log(m) });
        console.log(
          r.alreadySeeded
            ? 'the demo district is already loaded'
            : `loaded ${r.orgs} organisations and ${r.users} users (${r.students} students)` +
                (r.campus
                  ? `; campus: ${r.campus.rooms} rooms, ${r.campus.grids} grids, ${r.campus.equipment} pieces of equipment, ${r.campus.groups} student organisations`
                  : ''),
        );
      },
      { migrate: true },
    );
  });

const user = program.command('user').description('manage accounts');
user
  .command('create')
  .description('create a user with one role (password from ANXIAO_PASSWORD or prompted)')
  .requiredOption('--username <name>')
  .requiredOption('--name <displayName>')
  .requiredOption('--org <code>', 'organisation code where the role is held (and home organisation)')
  .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
  .action(async (o: { username: string; name: string; org: string; role: string }) => {
    if (!(ROLES as readonly string[]).includes(o.role))
      throw new InvalidArgumentError(`role must be one of ${ROLES.join(', ')}`);
    const password = await readPassword();
    await withRuntime(async (rt) => {
      const org = await findOrgByCode(rt.kernel.db, o.org);
      if (!org) throw new Error(`no organisation with code ${o.org}`);
      const u = await rt.services.users.create(systemActor('cli'), {
        username: o.username,
        displayName: o.name,
        orgId: org.id,
        password,
        roles: [{ orgId: org.id, role: o.role as Role }],
      });
      console.log(`created ${u.username} (${u.id}); they must choose a new password at first sign-in`);
    });
  });
user
  .command('reset-password')
  .description('set a new password (from ANXIAO_PASSWORD or prompted); unlocks the account')
  .requiredOption('--username <name>')
  .action(async (o: { username: string }) => {
    const password = await readPassword();
    await withRuntime(async (rt) => {
      const found = await rt.services.users.list(systemActor('cli'), {
        q: o.username,
        page: 1,
        pageSize: 50,
      });
      const u = found.items.find((x) => x.username === o.username.toLowerCase());
      if (!u) throw new Error(`no user ${o.username}`);
      await rt.services.users.resetPassword(systemActor('cli'), u.id, password);
      console.log(`password of ${u.username} reset; they must change it at next sign-in`);
    });
  });

const PHASES: Record<string, string> = {
  queued: '排队中',
  reading: '读取中',
  checking: '校验中',
  writing: '写入中',
  done: '完成',
};

program
  .command('import')
  .description(
    'import a spreadsheet (kinds: students, staff, rooms, dorm_assignments, equipment, grid_members)',
  )
  .argument('<kind>')
  .argument('<file>', "an .xlsx file with the template's Chinese headers")
  .requiredOption('--school <code>', 'school code, e.g. DYVTC')
  .option('--apply', 'write the valid rows after the check (without it: a dry run, nothing changes)')
  .action(async (kind: string, file: string, o: { school: string; apply?: boolean }) => {
    const data = fs.readFileSync(file);
    await withRuntime(async (rt) => {
      const school = await findOrgByCode(rt.kernel.db, o.school);
      if (!school) throw new Error(`no school with code ${o.school}`);
      const actor = systemActor('cli');
      const svc = rt.services.imports;
      const progress = (p: { phase: string; done: number; total: number }) => {
        const pct = p.total ? ` ${Math.round((p.done / p.total) * 100)}%` : '';
        process.stdout.write(
          `\r${PHASES[p.phase] ?? p.phase} ${p.done}${p.total ? `/${p.total}` : ''}${pct}    `,
        );
      };
      const started = await svc.start(
        actor,
        { kind, schoolId: school.id, fileName: file.split('/').pop()!, data },
        false,
      );
      const dry = await svc.run(started.id, progress);
      process.stdout.write('\n');
      if (dry.status === 'failed') throw new Error(dry.failure?.zh ?? 'import failed');
      const sum = dry.summary!;
      console.log(
        `预检：共 ${sum.rows} 行，新增 ${sum.create}，更新 ${sum.update}，无变化 ${sum.unchanged}，有问题 ${sum.invalid}`,
      );
      for (const p of (dry.problems ?? []).slice(0, 50))
        console.log(
          `  第 ${p.row} 行 ${p.column}：${p.reason.zh}${p.value && !p.reason.zh.includes(p.value) ? `（${p.value}）` : ''}`,
        );
      if (dry.problemCount > 50) console.log(`  … 另有 ${dry.problemCount - 50} 个问题`);
      if (!o.apply) {
        console.log('这是预检，没有修改任何数据；加 --apply 导入有效的行');
        return;
      }
      if (sum.rows - sum.invalid === 0) throw new Error('没有可导入的行');
      const applied = await svc.run((await svc.apply(actor, dry.id, false)).id, progress);
      process.stdout.write('\n');
      if (applied.status === 'failed') throw new Error(applied.failure?.zh ?? 'import failed');
      const a = applied.summary!;
      console.log(
        `已导入：新增 ${a.create}，更新 ${a.update}，无变化 ${a.unchanged}，跳过有问题的行 ${a.invalid}`,
      );
    });
  });

filesCommand(program);

program
  .command('openapi')
  .description('write the OpenAPI document (or --check that the committed one is current)')
  .option('--out <file>')
  .option('--check <file>')
  .action(async (o: { out?: string; check?: string }) => {
    const doc = await withRuntime(
      async (rt) => {
        await rt.app.ready();
        return `${JSON.stringify(rt.app.swagger(), null, 2)}\n`;
      },
      { migrate: false, env: { ANXIAO_DEMO: 'true', DATA_DIR: fs.mkdtempSync('/tmp/anxiao-openapi-') } },
    );
    if (o.check) {
      const current = fs.existsSync(o.check) ? fs.readFileSync(o.check, 'utf8') : '';
      if (current !== doc) {
        console.error(`${o.check} is stale: run \`npm run api:generate\` and commit the result`);
        process.exit(1);
      }
      console.log(`${o.check} is current`);
    } else if (o.out) fs.writeFileSync(o.out, doc);
    else process.stdout.write(doc);
  });

registerBackupCommands(program);

async function readPassword(): Promise<string> {
  if (process.env.ANXIAO_PASSWORD) return process.env.ANXIAO_PASSWORD;
  if (!process.stdin.isTTY) throw new Error('set ANXIAO_PASSWORD or run in a terminal to be asked');
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question('new password: ')).trim();
  } finally {
    rl.close();
  }
}

program.parseAsync().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
