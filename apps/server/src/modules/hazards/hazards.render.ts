import { isolated } from '../../kernel/isolate/index.js';
import { monthlyPdf, monthlySheets, noticePdf } from './hazards.documents.js';

// Documents are laid out in a thread of their own (kernel/isolate): never on the alarm path's loop.
const DOCUMENTS = new URL('./hazards.documents.ts', import.meta.url);

export const render = {
  notice: isolated(noticePdf, DOCUMENTS),
  monthlyPdf: isolated(monthlyPdf, DOCUMENTS),
  monthlyXlsx: isolated(monthlySheets, DOCUMENTS),
};
