import type { Kernel } from '../../kernel/kernel.js';

/** What the hazards module tells about the hazards made from a task's failed items. */
export type HazardsOfTask = (
  instanceId: string,
) => Promise<{ itemCode: string; id: string; no: string; status: string }[]>;

/** What every part of the tasks service works with: the kernel, and the hazards module's answer. */
export interface TasksContext {
  readonly k: Kernel;
  /** set by the hazards module, composed after this one */
  hazardsOfTask: HazardsOfTask;
}
