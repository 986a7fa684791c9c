import { describe, expect, it } from 'vitest';
import { checkPlan, queueOf, withConcurrency, type QueuePlan } from './queues.js';

const PLAN: QueuePlan = {
  queues: [
    { name: 'urgent', concurrency: 4, priority: 30 },
    { name: 'default', concurrency: 2, priority: 20 },
    { name: 'heavy', concurrency: 1, priority: 0 },
  ],
  kinds: { 'alarms.escalate': 'urgent', 'imports.run': 'heavy' },
};

describe('queue plan', () => {
  it('sends a kind to its queue and an unnamed kind to default', () => {
    expect(queueOf(PLAN, 'imports.run')).toBe('heavy');
    expect(queueOf(PLAN, 'something.new')).toBe('default');
  });

  it('takes the operator concurrencies and refuses a queue that does not exist', () => {
    const plan = withConcurrency(PLAN, 'heavy=3, urgent=8');
    expect(plan.queues.map((q) => [q.name, q.concurrency])).toEqual([
      ['urgent', 8],
      ['default', 2],
      ['heavy', 3],
    ]);
    expect(() => withConcurrency(PLAN, 'imports=2')).toThrow(/JOBS_CONCURRENCY: "imports=2"/);
    expect(() => withConcurrency(PLAN, 'heavy=0')).toThrow(/JOBS_CONCURRENCY/);
  });

  it('refuses a plan without default or with a kind sent nowhere', () => {
    expect(() => checkPlan({ queues: [{ name: 'urgent', concurrency: 1, priority: 1 }], kinds: {} })).toThrow(
      /default/,
    );
    expect(() => checkPlan({ ...PLAN, kinds: { x: 'nowhere' } })).toThrow(/x is assigned to nowhere/);
  });
});
