import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Settings of the demo district (they have no effect outside demo mode). */
export const demoConfig = z.object({
  /**
   * The demo's alarm devices beat from inside the process (a simulator), so the consoles show them
   * online. Only in demo mode; set false to watch them fall silent.
   */
  ANXIAO_DEMO_DEVICES: bool.default(true),
});
