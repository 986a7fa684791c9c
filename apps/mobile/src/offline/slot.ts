/**
 * One value kept in the phone's storage under `key` (a draft being written). Written a moment
 * after each change and at once when the page is hidden or closed, so typing stays smooth on a
 * cheap phone and nothing is lost when the page goes away (the camera app often pushes the
 * browser out of memory).
 */
export interface Slot<T> {
  /** the value (the one about to be written, if any), read with `parse` from storage otherwise */
  load(parse: (raw: string | null) => T | null): T | null;
  /** keep `value` (soon) */
  save(value: T): void;
  /** forget the value now */
  clear(): void;
  /** write now */
  flush(): void;
}

export function storageSlot<T>(key: string, delayMs = 400): Slot<T> {
  let pending: T | null | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (pending === undefined) return;
    const value = pending;
    pending = undefined;
    try {
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(value));
    } catch {
      // Storage disabled or full: the value still lives while the page is open.
    }
  };

  if (typeof window !== 'undefined') {
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') flush();
    });
  }

  return {
    load(parse) {
      if (pending !== undefined) return pending;
      try {
        return parse(localStorage.getItem(key));
      } catch {
        return null;
      }
    },
    save(value) {
      pending = value;
      if (timer === undefined) timer = setTimeout(flush, delayMs);
    },
    clear() {
      pending = null;
      flush();
    },
    flush,
  };
}
