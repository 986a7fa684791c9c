import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('runs on embedded defaults in demo mode', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, ANXIAO_ROLES: ['api', 'worker', 'realtime'] });
    expect(c.filesDir.endsWith('/data/files')).toBe(true);
    // Demo mode depends on the data directory (see hardening-edge.test.ts): a fresh one is a demo.
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-config-'));
    expect(loadConfig({ DATA_DIR: fresh }).demo).toBe(true);
    fs.rmSync(fresh, { recursive: true, force: true });
  });

  it('lists every problem at once, readably', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', ANXIAO_ROLES: 'api,cook' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as ConfigError).message;
      expect(msg).toContain('PORT');
      expect(msg).toContain('DATABASE_URL');
      expect(msg).toContain('ANXIAO_ROLES');
    }
  });

  it('validates module fragments with the kernel and hands each module its own settings', () => {
    const fragment = z.object({ SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).default(240) });
    expect(loadConfig({ SESSION_IDLE_MINUTES: '30' }, { identity: fragment }).modules.identity).toEqual({
      SESSION_IDLE_MINUTES: 30,
    });
    expect(() => loadConfig({ SESSION_IDLE_MINUTES: '1', PORT: 'x' }, { identity: fragment })).toThrow(
      /SESSION_IDLE_MINUTES[\s\S]*PORT|PORT[\s\S]*SESSION_IDLE_MINUTES/,
    );
  });

  it('requires a secret key outside demo mode', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/anxiao' })).toThrow(/ANXIAO_SECRET_KEY/);
    expect(
      loadConfig({ DATABASE_URL: 'postgres://db/anxiao', ANXIAO_SECRET_KEY: 'ab'.repeat(32) }).demo,
    ).toBe(false);
  });
});
