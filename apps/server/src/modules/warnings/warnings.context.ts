import type { Kernel } from '../../kernel/kernel.js';

/** What every part of the warnings service works with. */
export interface WarningsContext {
  readonly k: Kernel;
}
