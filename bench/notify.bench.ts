/**
 * notify: a school-wide warning to BENCH_NOTIFY_RECIPIENTS people (default 10,000), from the send
 * to every SMS and voice call handed to the providers.
 *
 * The runtime runs in this process on a scratch PostgreSQL database (BENCH_PG_URL's server, default
 * postgres://postgres@127.0.0.1:5432/postgres), with the system clock and its background loops
 * started as the server starts them (rt.start(): the job queues of app/queues.ts at their configured
 * concurrency and poll interval, the event relay, the consumers). The channel adapters are the real
 * ones buildChannels makes from the NOTIFY_ALIYUN_* and NOTIFY_TENCENT_* settings, pointed at the
 * providers' local contract servers (apps/server/test/support/providers), which verify each request's
 * signature and answer at once; no receipts are posted, and the receipt windows are an hour so no
 * failover starts inside the run.
 *
 * Set-up: the demo seeded small, people added to 东营职业学院 (DYVTC) until the school has N active
 * persons, every one with a mobile number; the alarm-severity templates of the three providers
 * registered. Then, as school.admin over HTTP (app.inject): a warning to the whole school, CAP
 * severity Extreme and urgency Immediate (noticeSeverity → alarm: in-app, voice and SMS at once),
 * created and submitted. Measured from just before the submit:
 * - until every recipient was handed the warning (warning_recipients notified, notifications written);
 * - until the contract servers had every SMS and every call (N each), with the per-message latency
 *   (from its notification row to the contract server seeing it, p50/p95/max);
 * - messages handed to adapters per second, jobs finished per second;
 * - the process's RSS and V8 heap, sampled every 100 ms (the contract servers run in this process too);
 * - requests the contract servers verified, and attempts that failed (by code).
 * NOTIFY_PROVIDER_PER_MINUTE is BENCH_NOTIFY_PROVIDER_PER_MINUTE (default 1,000,000) so the rate
 * limit does not cap the run; BENCH_NOTIFY_TIMEOUT_S (default 1800) bounds the wait.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { registerCleanup } from './lib/cleanup.js';
import { defineBenchmark, PartialResultError, type BenchContext, type Figure } from './lib/harness.js';
import { createScratchDatabase, type ScratchDatabase } from './lib/postgres.js';
import { percentile, round, sortedOf } from './lib/server.js';
import { sleep } from './lib/wait.js';

const SCHOOL = 'DYVTC';
const SENDER = 'school.admin';
const PASSWORD = 'anxiao2026';
const SEED_STUDENTS = 84;
const ALIYUN_KEY = { id: 'LTAI5tBenchKeyId', secret: 'aliyun-bench-secret' };
const TENCENT_KEY = { id: 'AKIDbenchSecretId', secret: 'tencent-bench-key', app: '1400009999' };
const PROVIDERS = ['aliyun-sms', 'tencent-sms', 'aliyun-voice'];

// ---- the server's surface this benchmark uses (loaded at run time; see tasks.bench.ts) -----------

interface Executor {
  execute(query: string): Promise<{ rows: Record<string, unknown>[] }>;
}
interface InjectResponse {
  statusCode: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}
interface RuntimeLike {
  kernel: { db: Executor };
  app: {
    inject(req: {
      method: string;
      url: string;
      payload?: unknown;
      headers?: Record<string, string>;
    }): Promise<InjectResponse>;
  };
  start(): Promise<void>;
  close(): Promise<void>;
}
/** An Aliyun call (action, code, params) or a Tencent one (body, codes). */
interface ContractCall {
  action?: string;
  code?: string;
  params?: Record<string, string>;
  body?: Record<string, unknown>;
  codes?: string[];
}
interface Contract {
  url: string;
  calls: ContractCall[];
  close(): Promise<void>;
}
interface ServerApi {
  loadAppConfig(env: Record<string, string | undefined>): unknown;
  createRuntime(opts: { config: unknown; log: unknown; migrate: boolean }): Promise<RuntimeLike>;
  createLogger(level: string): unknown;
  seedDemo(kernel: unknown, opts: { students: number }): Promise<unknown>;
  aliyun(opts: { accessKeys: Record<string, string> }): Promise<Contract>;
  tencent(opts: { secrets: Record<string, string>; sdkAppIds: string[] }): Promise<Contract>;
}

async function loadServer(repo: string): Promise<ServerApi> {
  const load = (rel: string) => import(pathToFileURL(path.join(repo, 'apps/server', rel)).href);
  const [config, runtime, logger, seed, aliyun, tencent] = await Promise.all([
    load('src/app/config.ts'),
    load('src/app/runtime.ts'),
    load('src/kernel/logger.ts'),
    load('src/demo/seed.ts'),
    load('test/support/providers/aliyun.ts'),
    load('test/support/providers/tencent.ts'),
  ]);
  return {
    loadAppConfig: config.loadAppConfig,
    createRuntime: runtime.createRuntime,
    createLogger: logger.createLogger,
    seedDemo: seed.seedDemo,
    aliyun: aliyun.aliyunContractServer,
    tencent: tencent.tencentContractServer,
  };
}

// ---- the benchmark -------------------------------------------------------------------------------

export default defineBenchmark({
  name: 'notify',
  description:
    'A school-wide alarm warning to 10,000 people: time to hand every SMS and call to the providers, throughput, memory.',
  async run(ctx) {
    const n = intFromEnv('BENCH_NOTIFY_RECIPIENTS', 10_000);
    const perMinute = intFromEnv('BENCH_NOTIFY_PROVIDER_PER_MINUTE', 1_000_000);
    const timeoutMs = intFromEnv('BENCH_NOTIFY_TIMEOUT_S', 1800) * 1000;
    const server = await loadServer(ctx.repoRoot);
    const figures: Figure[] = [];
    try {
      await measure(ctx, server, { n, perMinute, timeoutMs }, figures);
    } catch (err) {
      const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
      ctx.log(`failed: ${text}`);
      throw new PartialResultError(text.split('\n')[0] ?? 'failed', figures, { cause: err });
    }
    return figures;
  },
});

interface Settings {
  n: number;
  perMinute: number;
  timeoutMs: number;
}

async function measure(ctx: BenchContext, server: ServerApi, s: Settings, figures: Figure[]) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-bench-notify-'));
  const dropDir = registerCleanup(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  let db: ScratchDatabase | undefined;
  let rt: RuntimeLike | undefined;
  const contracts: Contract[] = [];
  const memory = new MemorySampler();
  try {
    db = await createScratchDatabase(`anxiao_bench_${process.pid}_notify`);
    const aliyun = await server.aliyun({ accessKeys: { [ALIYUN_KEY.id]: ALIYUN_KEY.secret } });
    const tencent = await server.tencent({
      secrets: { [TENCENT_KEY.id]: TENCENT_KEY.secret },
      sdkAppIds: [TENCENT_KEY.app],
    });
    contracts.push(aliyun, tencent);
    const receiptToken = crypto.randomBytes(16).toString('hex');
    const env: Record<string, string> = {
      DATA_DIR: dataDir,
      DATABASE_URL: db.url,
      ANXIAO_SECRET_KEY: crypto.randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      LOGIN_RATE_PER_MINUTE: '100000',
      NOTIFY_PROVIDER_PER_MINUTE: String(s.perMinute),
      NOTIFY_ALIYUN_ACCESS_KEY_ID: ALIYUN_KEY.id,
      NOTIFY_ALIYUN_ACCESS_KEY_SECRET: ALIYUN_KEY.secret,
      NOTIFY_ALIYUN_RECEIPT_TOKEN: receiptToken,
      NOTIFY_ALIYUN_SMS_SIGN_NAME: '安校',
      NOTIFY_ALIYUN_SMS_ENDPOINT: aliyun.url,
      NOTIFY_ALIYUN_SMS_RECEIPT_WINDOW_SECONDS: '3600',
      NOTIFY_ALIYUN_VOICE_SHOW_NUMBER: '057100001234',
      NOTIFY_ALIYUN_VOICE_ENDPOINT: aliyun.url,
      NOTIFY_ALIYUN_VOICE_RECEIPT_WINDOW_SECONDS: '3600',
      NOTIFY_TENCENT_SECRET_ID: TENCENT_KEY.id,
      NOTIFY_TENCENT_SECRET_KEY: TENCENT_KEY.secret,
      NOTIFY_TENCENT_SMS_SDK_APP_ID: TENCENT_KEY.app,
      NOTIFY_TENCENT_SMS_SIGN_NAME: '安校',
      NOTIFY_TENCENT_SMS_ENDPOINT: tencent.url,
      NOTIFY_TENCENT_SMS_RECEIPT_WINDOW_SECONDS: '3600',
      NOTIFY_TENCENT_RECEIPT_TOKEN: receiptToken,
    };
    const setUp = performance.now();
    ctx.log(`migrate and seed the demo (${SEED_STUDENTS} students)`);
    rt = await server.createRuntime({
      config: server.loadAppConfig(env),
      log: server.createLogger('warn'),
      migrate: true,
    });
    await server.seedDemo(rt.kernel, { students: SEED_STUDENTS });
    const schoolId = await addPeople(rt.kernel.db, s.n);
    await registerTemplates(rt.kernel.db);
    const admin = await signIn(rt);
    const warningId = await draft(rt, admin, schoolId);
    figures.push({
      metric: 'set-up',
      value: round((performance.now() - setUp) / 1000),
      unit: 's',
      note: `migrate, demo seed, ${s.n.toLocaleString('en')} persons with phones in ${SCHOOL}, templates, a draft`,
    });

    ctx.log('starting the background loops (job queues, relay, consumers)');
    await rt.start();
    // When each request reached a contract server (read every 20 ms; only the new ones).
    const arrivals = new Map<string, number>();
    const read = { aliyun: 0, tencent: 0 };
    const watchCalls = () => {
      const now = Date.now();
      for (const [name, c] of [
        ['aliyun', aliyun],
        ['tencent', tencent],
      ] as const) {
        for (let i = read[name]; i < c.calls.length; i++) {
          const id = outIdOf(c.calls[i]!);
          if (id && !arrivals.has(id)) arrivals.set(id, now);
        }
        read[name] = c.calls.length;
      }
    };
    const watcher = setInterval(watchCalls, 20);
    memory.start();
    ctx.log(`sending the warning to ${s.n.toLocaleString('en')} persons (alarm: in-app, voice, SMS)`);
    const t0 = performance.now();
    const sentAt = Date.now();
    const res = await rt.app.inject({
      method: 'POST',
      url: `/api/warnings/${warningId}/submit`,
      headers: admin,
    });
    if (res.statusCode !== 200)
      throw new Error(`submit answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
    const submitMs = performance.now() - t0;

    let handedMs: number | null = null;
    let smsMs: number | null = null;
    let voiceMs: number | null = null;
    let firstCall: number | null = null;
    let lastLog = 0;
    const tally = { sms: 0, voice: 0, aliyun: 0, tencent: 0 };
    const counts = () => {
      for (; tally.aliyun < aliyun.calls.length; tally.aliyun++) {
        const c = aliyun.calls[tally.aliyun]!;
        if (c.code !== 'OK') continue;
        if (c.action === 'SingleCallByTts') tally.voice++;
        else tally.sms++;
      }
      for (; tally.tencent < tencent.calls.length; tally.tencent++)
        if (tencent.calls[tally.tencent]!.codes?.every((code) => code === 'Ok')) tally.sms++;
      return { sms: tally.sms, voice: tally.voice };
    };
    while (performance.now() - t0 < s.timeoutMs) {
      const t = performance.now() - t0;
      const { sms, voice } = counts();
      if (firstCall === null && sms + voice > 0) firstCall = t;
      if (handedMs === null) {
        const [r] = (
          await rt.kernel.db.execute(
            `select count(*) filter (where notified_version >= 1)::int as told from warning_recipients where warning_id = '${warningId}'`,
          )
        ).rows;
        if (Number(r?.told) >= s.n) handedMs = performance.now() - t0;
      }
      if (smsMs === null && sms >= s.n) smsMs = t;
      if (voiceMs === null && voice >= s.n) voiceMs = t;
      if (t - lastLog > 10_000) {
        lastLog = t;
        ctx.log(
          `${(t / 1000).toFixed(0)} s: SMS ${sms}, calls ${voice}; rss ${mib(memory.peakRss)} MiB; load ${os.loadavg()[0]?.toFixed(1)}`,
        );
      }
      if (smsMs !== null && voiceMs !== null && handedMs !== null) break;
      await sleep(100);
    }
    clearInterval(watcher);
    watchCalls();
    memory.stop();
    const endMs = performance.now() - t0;
    const { sms, voice } = counts();
    const done = smsMs !== null && voiceMs !== null;
    const allMs = done ? Math.max(smsMs!, voiceMs!) : endMs;

    figures.push(
      { metric: 'submit (HTTP, recipients written)', value: round(submitMs), unit: 'ms' },
      {
        metric: 'send → every recipient handed the warning',
        value: handedMs === null ? NaN : round(handedMs / 1000),
        unit: 's',
        note: 'warning_recipients notified, notifications and deliveries written (warnings.deliver)',
      },
      {
        metric: 'send → every SMS at the providers',
        value: smsMs === null ? NaN : round(smsMs / 1000),
        unit: 's',
        note: `${sms.toLocaleString('en')} of ${s.n.toLocaleString('en')}`,
      },
      {
        metric: 'send → every call at the providers',
        value: voiceMs === null ? NaN : round(voiceMs / 1000),
        unit: 's',
        note: `${voice.toLocaleString('en')} of ${s.n.toLocaleString('en')}`,
      },
    );

    // Per-message latency: its notification row written → the contract server had it.
    const rows = (
      await rt.kernel.db.execute(
        `select a.id, extract(epoch from n.created_at) * 1000 as created
         from notify_attempts a join notify_deliveries d on d.id = a.delivery_id
         join notifications n on n.id = d.notification_id
         where n.subject_id = '${warningId}'`,
      )
    ).rows;
    const latencies = sortedOf(
      rows.flatMap((r) => {
        const at = arrivals.get(String(r.id));
        return at === undefined ? [] : [at - Number(r.created)];
      }),
    );
    if (latencies.length)
      figures.push({
        metric: 'per message: notification written → at the provider, p50',
        value: round(percentile(latencies, 0.5) / 1000),
        unit: 's',
        note: `p95 ${round(percentile(latencies, 0.95) / 1000)} s, max ${round(latencies.at(-1)! / 1000)} s over ${latencies.length.toLocaleString('en')} messages (queueing included)`,
      });

    const span = (allMs - (firstCall ?? 0)) / 1000;
    const [jobs] = (
      await rt.kernel.db.execute(
        `select count(*) filter (where status = 'done' and finished_at >= to_timestamp(${sentAt / 1000}))::int as done,
                count(*) filter (where status = 'done' and queue in ('notify.send', 'notify.send_urgent')
                                 and finished_at >= to_timestamp(${sentAt / 1000}))::int as sends,
                count(*) filter (where status in ('queued', 'running') and run_at <= now())::int as due
         from jobs`,
      )
    ).rows;
    figures.push(
      {
        metric: 'messages handed to adapters per second',
        value: Math.round((sms + voice) / span),
        unit: 'msg/s',
        note: `${(sms + voice).toLocaleString('en')} messages from the first to the last, ${round(span)} s; ${Math.round((sms + voice) / (allMs / 1000))}/s from the send`,
      },
      {
        metric: 'jobs finished per second',
        value: Math.round(Number(jobs?.done) / (allMs / 1000)),
        unit: 'jobs/s',
        note: `${Number(jobs?.done).toLocaleString('en')} jobs done since the send (${Number(jobs?.sends).toLocaleString('en')} sends); ${Number(jobs?.due)} still due at the end`,
      },
      {
        metric: 'peak RSS (this process)',
        value: mib(memory.peakRss),
        unit: 'MiB',
        note: `${mib(memory.startRss)} MiB at the send; the runtime, PostgreSQL client and contract servers; ${memory.samples} samples every 100 ms`,
      },
      {
        metric: 'peak V8 heap used',
        value: mib(memory.peakHeap),
        unit: 'MiB',
        note: `${mib(memory.startHeap)} MiB at the send`,
      },
    );

    const failed = (
      await rt.kernel.db.execute(
        `select coalesce(a.code, '?') as code, count(*)::int as n from notify_attempts a
         join notify_deliveries d on d.id = a.delivery_id join notifications n on n.id = d.notification_id
         where n.subject_id = '${warningId}' and a.state = 'failed' group by 1 order by 2 desc`,
      )
    ).rows;
    const verified = aliyun.calls.length + tencent.calls.length;
    figures.push(
      {
        metric: 'requests verified by the contract servers',
        value: verified,
        unit: 'req',
        note: `aliyun ${aliyun.calls.length.toLocaleString('en')} (SMS and calls), tencent ${tencent.calls.length.toLocaleString('en')}; expected ${(2 * s.n).toLocaleString('en')}`,
      },
      {
        metric: 'attempts failed',
        value: failed.reduce((a, r) => a + Number(r.n), 0),
        unit: 'attempts',
        note:
          failed.map((r) => `${String(r.code)} ${Number(r.n)}`).join(', ') || 'none (no signature refused)',
      },
    );
    if (!done)
      throw new PartialResultError(
        `not every message reached the providers within ${s.timeoutMs / 1000} s (SMS ${sms}, calls ${voice} of ${s.n})`,
        figures,
      );
  } finally {
    memory.stop();
    await rt?.close();
    for (const c of contracts) await c.close();
    await db?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    dropDir();
  }
}

/** Persons added to the school until it has `n` active ones, and a mobile number for each. */
async function addPeople(db: Executor, n: number): Promise<string> {
  const [school] = (await db.execute(`select id, path from orgs where code = '${SCHOOL}'`)).rows;
  if (!school) throw new Error(`the demo has no ${SCHOOL}`);
  const under = `o.path like '${String(school.path)}%'`;
  const persons = `(select m.user_id as id from memberships m join orgs o on o.id = m.org_id where ${under}
                    union select u.id from users u join orgs o on o.id = u.org_id where ${under})`;
  const count = async () =>
    Number(
      (await db.execute(`select count(*)::int as n from users where status = 'active' and id in ${persons}`))
        .rows[0]?.n,
    );
  const missing = n - (await count());
  if (missing < 0) throw new Error(`${SCHOOL} already has more than ${n} persons`);
  await db.execute(
    `insert into users (id, username, display_name, org_id, status, created_at, updated_at)
     select gen_random_uuid(), 'bench' || g, '压测教职工' || g, '${String(school.id)}', 'active', now(), now()
     from generate_series(1, ${missing}) g`,
  );
  // 139 and eight digits, distinct per person.
  await db.execute(
    `update users u set phone = '139' || lpad(x.r::text, 8, '0')
     from (select id, row_number() over (order by id) as r from users where id in ${persons}) x where x.id = u.id`,
  );
  if ((await count()) !== n) throw new Error(`${SCHOOL} does not have ${n} persons after adding`);
  return String(school.id);
}

/** The alarm fallback template of each provider (what the platform administrator registers). */
async function registerTemplates(db: Executor): Promise<void> {
  for (const provider of PROVIDERS)
    await db.execute(
      `insert into notify_templates (id, provider, notice_kind, severity, template_code, params, updated_at)
       values (gen_random_uuid(), '${provider}', null, 'alarm', 'SMS_ALARM_1', '{"title":"{title}"}', now())`,
    );
}

async function signIn(rt: RuntimeLike): Promise<Record<string, string>> {
  const res = await rt.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: SENDER, password: PASSWORD },
  });
  if (res.statusCode !== 200)
    throw new Error(`sign-in answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
  const set = res.headers['set-cookie'];
  const cookie = (Array.isArray(set) ? set : [set ?? ''])
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('anxiao_sid='));
  if (!cookie) throw new Error('sign-in set no session cookie');
  return { cookie, 'x-csrf-token': (JSON.parse(res.body) as { csrfToken: string }).csrfToken };
}

/** The school-wide warning, a draft: Extreme and Immediate, so its notices are alarms. */
async function draft(rt: RuntimeLike, headers: Record<string, string>, schoolId: string): Promise<string> {
  const res = await rt.app.inject({
    method: 'POST',
    url: '/api/warnings',
    headers,
    payload: {
      orgId: schoolId,
      audience: { orgIds: [schoolId], gridIds: [], roles: [] },
      event: '校园安全紧急预警',
      headline: '校内发现可疑人员，全校立即就地避险',
      description: '东门附近发现持械可疑人员，警方正在处置。',
      instruction: '请立即关闭门窗，原地等待进一步通知。',
      category: 'Security',
      severity: 'Extreme',
      urgency: 'Immediate',
      certainty: 'Observed',
    },
  });
  if (res.statusCode !== 201) throw new Error(`create answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
  return (JSON.parse(res.body) as { warning: { id: string } }).warning.id;
}

/** The attempt id a request carries (Aliyun OutId, Tencent SessionContext). */
function outIdOf(c: ContractCall): string | undefined {
  const tencent = c.body?.SessionContext;
  return c.params?.OutId ?? (typeof tencent === 'string' ? tencent : undefined);
}

class MemorySampler {
  peakRss = 0;
  peakHeap = 0;
  startRss = 0;
  startHeap = 0;
  samples = 0;
  private timer: NodeJS.Timeout | undefined;

  start(): void {
    const m = process.memoryUsage();
    this.startRss = m.rss;
    this.startHeap = m.heapUsed;
    this.sample();
    this.timer = setInterval(() => this.sample(), 100);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private sample(): void {
    const m = process.memoryUsage();
    this.samples++;
    this.peakRss = Math.max(this.peakRss, m.rss);
    this.peakHeap = Math.max(this.peakHeap, m.heapUsed);
  }
}

const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

function intFromEnv(name: string, fallback: number): number {
  const value = process.env[name];
  if (!value) return fallback;
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name} must be a positive whole number, not "${value}"`);
  return n;
}
