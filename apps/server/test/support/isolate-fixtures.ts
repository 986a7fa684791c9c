import { errors } from '../../src/kernel/errors.js';

/** Renderers for the isolate tests: run in a worker thread, named by this file's URL. */

export async function repeatBytes(text: string, times: number): Promise<Buffer> {
  return Buffer.from(text.repeat(times));
}

/** A document that grows beyond reason: keeps every chunk it makes until the heap gives out. */
export async function hogMemory(mb: number): Promise<Buffer> {
  const kept: string[][] = [];
  for (let i = 0; i < mb; i++)
    kept.push(Array.from({ length: 16_384 }, (_, j) => `${i}:${j}:`.padEnd(64, 'x')));
  return Buffer.from(String(kept.length));
}

export async function refuse(): Promise<Buffer> {
  throw errors.forbidden({ why: 'in the thread' });
}

export async function wait(ms: number): Promise<Buffer> {
  await new Promise((r) => setTimeout(r, ms));
  return Buffer.from('late');
}
