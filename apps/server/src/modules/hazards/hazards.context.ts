import type { Kernel } from '../../kernel/kernel.js';
import type { TasksService } from '../tasks/index.js';

/** What every part of the hazards service works with: the kernel, the tasks it reads, the PDF font. */
export interface HazardsContext {
  readonly k: Kernel;
  readonly tasks: TasksService;
  readonly pdfFont?: string | undefined;
}
