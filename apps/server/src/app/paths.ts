import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (where apps/admin/dist and apps/mobile/dist are built). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
