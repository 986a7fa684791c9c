import fs from 'node:fs';
import path from 'node:path';
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES } from '@anxiao/contracts';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/app/paths.js';
import { auditLog } from '../../src/kernel/audit/audit.tables.js';
import { hazardEvents, hazards } from '../../src/modules/hazards/hazards.tables.js';
import { testRuntime, type Session, type TestRuntime } from '../support/runtime.js';

// Issue 14, items 13–14: the console's own words in both languages.

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
const SERVER_SRC = path.join(REPO_ROOT, 'apps/server/src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('audit labels', () => {
  it('gives every action and target type a Chinese and an English label', () => {
    for (const [code, label] of [...Object.entries(AUDIT_ACTIONS), ...Object.entries(AUDIT_TARGET_TYPES)]) {
      expect(label.zh, code).toMatch(CJK);
      expect(label.en, code).toMatch(/^[A-Z0-9]/);
      expect(label.en, code).not.toMatch(CJK);
    }
  });

  it('labels every action the server code writes, literal or built from a prefix', () => {
    // The type of audit() already refuses an unlabelled action; this catches a cast around it.
    const written = new Set<string>();
    const prefixes = new Set<string>();
    for (const file of sourceFiles(SERVER_SRC)) {
      const text = fs.readFileSync(file, 'utf8');
      if (!/\baudit\(/.test(text)) continue;
      expect(text, `${file} casts an audit action`).not.toMatch(/as AuditAction\b/);
      // action: 'x.y' and action: cond ? 'x.y' : 'x.z', and the helpers' (tx, actor, 'x.y' …) calls
      for (const m of text.matchAll(/action:\s*([^,}]+)/g))
        for (const lit of m[1]!.matchAll(/'([a-z0-9_]+(?:\.[a-z0-9_]+)+)'/g)) written.add(lit[1]!);
      for (const m of text.matchAll(/\((?:tx|ex), actor, '([a-z0-9_]+\.[a-z0-9_.]+)'/g)) written.add(m[1]!);
      for (const m of text.matchAll(/action: `([a-z_]+)\.\$\{/g)) prefixes.add(m[1]!);
    }
    expect(written.size).toBeGreaterThan(40);
    const missing = [...written].filter((a) => !Object.hasOwn(AUDIT_ACTIONS, a));
    expect(missing, 'audit actions written without a label').toEqual([]);
    for (const prefix of prefixes)
      expect(
        Object.keys(AUDIT_ACTIONS).some((a) => a.startsWith(`${prefix}.`)),
        `labels for ${prefix}.*`,
      ).toBe(true);
  });
});

describe('English messages of the web apps', () => {
  // Parameters that name a thing rather than count it ("{level} grids": "Building grids").
  const NAMING = new Set(['level', 'grade']);

  it('say a counted noun through a plural form, so 1 is never "1 grids"', () => {
    const slips: string[] = [];
    for (const dir of ['apps/admin/src/i18n', 'apps/mobile/src/i18n'])
      for (const file of fs.readdirSync(path.join(REPO_ROOT, dir)).filter((f) => f.endsWith('.ts'))) {
        const text = fs.readFileSync(path.join(REPO_ROOT, dir, file), 'utf8');
        for (const [, key, value] of text.matchAll(/'([\w.-]+)':\s*'((?:[^'\\]|\\.)*)'/g)) {
          if (CJK.test(value!)) continue;
          for (const m of value!.matchAll(/\{(\w+)\} ([a-z]+s)\b/g))
            if (!NAMING.has(m[1]!)) slips.push(`${file} ${key}: ${m[0]}`);
        }
      }
    expect(slips).toEqual([]);
  });
});

describe('generated text in the reader’s language', () => {
  let rt: TestRuntime;
  let admin: Session;
  let centre: Session;

  beforeAll(async () => {
    rt = await testRuntime();
    admin = await rt.login('school.admin');
    centre = await rt.login('grid.center');
  });
  afterAll(async () => rt.dispose());

  it('records only labelled actions while the district is seeded and people work', async () => {
    await rt.login('police');
    await (await rt.login('school.admin')).call('POST', '/api/auth/logout');
    const rows = await rt.kernel.db.selectDistinct({ action: auditLog.action }).from(auditLog);
    const targets = await rt.kernel.db.selectDistinct({ t: auditLog.targetType }).from(auditLog);
    expect(rows.length).toBeGreaterThan(1);
    for (const { action } of rows) expect(Object.hasOwn(AUDIT_ACTIONS, action), action).toBe(true);
    for (const { t } of targets) if (t) expect(Object.hasOwn(AUDIT_TARGET_TYPES, t), t).toBe(true);
  });

  it('says a hazard made from a checklist item in English, the item’s own words as entered', async () => {
    const [h] = await rt.kernel.db.select().from(hazards).limit(1);
    // What one tap on a failed item writes (hazards.service fromItem), on a demo hazard.
    await rt.kernel.db
      .update(hazards)
      .set({
        title: '不符合：灭火器压力在绿区',
        description: '3 楼东侧；（检查结果：1.2）；来自检查：消防设施月检',
        foundByName: '随手拍',
      })
      .where(eq(hazards.id, h!.id));
    await rt.kernel.db.insert(hazardEvents).values({
      id: '0192f000-0000-7000-8000-00000000e14a',
      hazardId: h!.id,
      kind: 'supervise',
      actorId: null,
      actorName: '系统',
      body: '',
      photos: [],
      at: rt.clock.now(),
    });

    const zh = (await admin.call('GET', `/api/hazards/${h!.id}`)).json();
    expect(zh.title).toBe('不符合：灭火器压力在绿区');
    expect(zh.description).toBe('3 楼东侧；（检查结果：1.2）；来自检查：消防设施月检');

    expect((await admin.call('PUT', '/api/auth/lang', { lang: 'en-US' })).statusCode).toBe(204);
    const en = (await admin.call('GET', `/api/hazards/${h!.id}`)).json();
    expect(en.title).toBe('Not met: 灭火器压力在绿区');
    expect(en.description).toBe('3 楼东侧; (check result: 1.2); From the check: 消防设施月检');
    expect(en.foundByName).toBe('Snapshot report');
    expect(en.events.map((e: { actorName: string }) => e.actorName)).toContain('System');
    expect(JSON.stringify(en.events.map((e: { actorName: string }) => e.actorName))).not.toContain('系统');
    const list = (await admin.call('GET', '/api/hazards?pageSize=200')).json();
    expect(list.items.find((x: { id: string }) => x.id === h!.id).title).toBe('Not met: 灭火器压力在绿区');
  });

  it('names the dispatch catalogue and the system in English on a request’s timeline', async () => {
    const res: unknown = await rt.kernel.db.execute(
      sql`select request_id as id from request_events where actor_name = '派单目录' limit 1`,
    );
    const [row] = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as { id: string }[];
    expect(row, 'a demo request dispatched by the catalogue').toBeDefined();
    const zh = (await centre.call('GET', `/api/requests/${row!.id}`)).json();
    expect(zh.events.map((e: { actorName: string }) => e.actorName)).toContain('派单目录');
    await centre.call('PUT', '/api/auth/lang', { lang: 'en-US' });
    const en = (await centre.call('GET', `/api/requests/${row!.id}`)).json();
    const names: string[] = en.events.map((e: { actorName: string }) => e.actorName);
    expect(names).toContain('Dispatch catalogue');
    expect(names.join(' ')).not.toMatch(/派单目录|系统/);
  });
});
