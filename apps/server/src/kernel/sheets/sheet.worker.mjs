// Entry of the sheet-reading worker thread: the TypeScript runs through tsx, as in bin/anxiao.js.
import { register } from 'tsx/esm/api';

register();
await import('./sheet.worker.ts');
