import { z } from 'zod';

/** The requests module's settings (environment variables); catalogues and calendars are data. */
export const requestsConfig = z.object({
  /**
   * The address phones reach the platform at, printed in QR codes (https://anxiao.example.edu.cn).
   * Without it the address the console was opened at is used.
   */
  REQUESTS_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** a TrueType/OpenType/WOFF font with Chinese glyphs for PDFs; Noto Sans SC (bundled) otherwise */
  REQUESTS_PDF_FONT: z.string().min(1).optional(),
});
export type RequestsConfig = z.infer<typeof requestsConfig>;
