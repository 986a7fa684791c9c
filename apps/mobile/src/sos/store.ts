import { parseOutbox, type Outbox, type OutboxItem } from './outbox';

/**
 * The outbox kept in the phone's storage, so an alarm pressed offline survives closing the page.
 * Every change is written through at once; the pages read it through subscribe/getOutbox
 * (useSyncExternalStore). Another tab's changes arrive by the storage event.
 */

const STORAGE_KEY = 'anxiao.sos.outbox';

let outbox: Outbox = read();
const listeners = new Set<() => void>();

function read(): Outbox {
  try {
    return parseOutbox(localStorage.getItem(STORAGE_KEY), Date.now());
  } catch {
    return {};
  }
}

function write(): void {
  try {
    if (Object.keys(outbox).length === 0) localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, JSON.stringify(outbox));
  } catch {
    // Storage disabled or full: the alarm is still sent from memory while the page stays open.
  }
}

function emit(): void {
  for (const listener of listeners) listener();
}

export function getOutbox(): Outbox {
  return outbox;
}

export function getItem(key: string): OutboxItem | undefined {
  return outbox[key];
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Change one item (null removes it); unchanged when `change` returns the same item. */
export function update(key: string, change: (item: OutboxItem) => OutboxItem | null): void {
  const item = outbox[key];
  if (!item) return;
  const next = change(item);
  if (next === item) return;
  const copy = { ...outbox };
  if (next) copy[key] = next;
  else delete copy[key];
  outbox = copy;
  write();
  emit();
}

export function put(item: OutboxItem): void {
  outbox = { ...outbox, [item.key]: item };
  write();
  emit();
}

export function remove(key: string): void {
  update(key, () => null);
}

/** Forget every alarm that is no longer on its way (signing out: the next user must not see them). */
export function forgetDelivered(): void {
  const kept = Object.fromEntries(Object.entries(outbox).filter(([, item]) => item.state === 'pending'));
  if (Object.keys(kept).length === Object.keys(outbox).length) return;
  outbox = kept;
  write();
  emit();
}

/** Another tab changed the outbox: take its version. */
export function listenToOtherTabs(onChange: () => void): void {
  window.addEventListener('storage', (e) => {
    if (e.key !== STORAGE_KEY && e.key !== null) return;
    outbox = read();
    emit();
    onChange();
  });
}
