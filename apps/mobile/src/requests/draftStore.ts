import { parseDraft, type Draft } from './draft';

/**
 * The draft in the phone's storage (one per phone, marked with its account). Written a moment
 * after each change and at once when the page is hidden, so typing stays smooth on a cheap phone
 * and nothing is lost when the page is closed.
 */

const STORAGE_KEY = 'anxiao.request.draft';
const WRITE_DELAY_MS = 400;

let pending: Draft | null | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;

export function loadDraft(userId: string): Draft | null {
  if (pending !== undefined) return pending?.userId === userId ? pending : null;
  try {
    return parseDraft(localStorage.getItem(STORAGE_KEY), userId);
  } catch {
    return null;
  }
}

function flush(): void {
  clearTimeout(timer);
  timer = undefined;
  if (pending === undefined) return;
  const draft = pending;
  pending = undefined;
  try {
    if (draft) localStorage.setItem(STORAGE_KEY, JSON.stringify(draft));
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage disabled or full: the draft still lives while the page is open.
  }
}

/** Keep the draft (soon). */
export function saveDraft(draft: Draft): void {
  pending = draft;
  if (timer === undefined) timer = setTimeout(flush, WRITE_DELAY_MS);
}

/** Forget the draft (it was filed). */
export function clearDraft(): void {
  pending = null;
  flush();
}

/** Write now: the page is going away or being hidden. */
export function flushDraft(): void {
  flush();
}

if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flush();
  });
}
