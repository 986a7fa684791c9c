import type { Kernel } from '../../kernel/kernel.js';
import type { AlarmsConfig } from './alarms.config.js';

/** What every part of the alarms service works with: the kernel and the alarm settings. */
export interface AlarmsContext {
  readonly k: Kernel;
  readonly cfg: AlarmsConfig;
}
