import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { hogMemory, refuse, repeatBytes, wait } from '../../../test/support/isolate-fixtures.js';
import { isolated } from './index.js';

const FIXTURES = new URL('../../../test/support/isolate-fixtures.ts', import.meta.url);

describe('heavy work in a thread of its own', () => {
  it('hands back the bytes the renderer made', async () => {
    const out = await isolated(repeatBytes, FIXTURES)('安校', 1000);
    expect(out.toString()).toBe('安校'.repeat(1000));
  });

  it('fails alone when it outgrows its heap, and the process carries on', async () => {
    const before = process.memoryUsage().rss;
    const err = await isolated(hogMemory, FIXTURES, { memoryMb: 64 })(2_000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'common.work_failed', status: 503, details: { reason: 'memory' } });
    // the 2 GB it asked for never reached this process
    expect(process.memoryUsage().rss - before).toBeLessThan(300 * 1024 * 1024);
    expect((await isolated(repeatBytes, FIXTURES)('ok', 1)).toString()).toBe('ok');
  });

  it('gives up on work past its time', async () => {
    const err = await isolated(wait, FIXTURES, { timeoutMs: 300 })(5_000).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'common.work_failed', details: { reason: 'timeout' } });
  });

  it('rethrows an AppError from the thread as itself', async () => {
    const err = await isolated(refuse, FIXTURES)().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'access.forbidden', status: 403, details: { why: 'in the thread' } });
  });

  it('runs two at a time and queues the rest', async () => {
    const slow = isolated(wait, FIXTURES);
    const started = Date.now();
    const done: number[] = [];
    await Promise.all([0, 1, 2, 3].map(() => slow(400).then(() => done.push(Date.now() - started))));
    done.sort((a, b) => a - b);
    // the third and fourth waited for a turn: they end at least one 400 ms later than the first two
    expect(done[2]! - done[0]!).toBeGreaterThanOrEqual(350);
  });
});
