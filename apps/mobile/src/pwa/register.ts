import { useSyncExternalStore } from 'react';

/**
 * The phone pages' service worker (apps/mobile/pwa/sw.js, docs/decisions/0020): registered in a
 * built page only (the dev server has no worker). A new version installs in the background when the
 * app is opened; the page then says so (新版本已就绪) and takes it on a tap, or on the next open.
 */
let waiting: ServiceWorker | null = null;
const listeners = new Set<() => void>();

function setWaiting(worker: ServiceWorker | null): void {
  waiting = worker;
  for (const listener of listeners) listener();
}

/** Watch one installing worker: once installed beside a controlling one, it is an update. */
function track(worker: ServiceWorker | null): void {
  if (!worker) return;
  const check = () => {
    if (worker.state === 'installed' && navigator.serviceWorker.controller) setWaiting(worker);
  };
  check();
  worker.addEventListener('statechange', check);
}

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const base = import.meta.env.BASE_URL;
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // Only when the user asked for the new version: the first install also changes the controller.
    if (waiting && !reloading) {
      reloading = true;
      location.reload();
    }
  });
  window.addEventListener('load', () => {
    navigator.serviceWorker
      .register(`${base}sw.js`, { scope: base })
      .then((registration) => {
        if (registration.waiting && navigator.serviceWorker.controller) setWaiting(registration.waiting);
        track(registration.installing);
        registration.addEventListener('updatefound', () => track(registration.installing));
      })
      .catch(() => {
        // No worker (private mode, an old browser): the pages work as before, online only.
      });
  });
}

/** Switch to the version that waits: the page reloads once it has taken over. */
export function applyUpdate(): void {
  waiting?.postMessage({ type: 'SKIP_WAITING' });
}

/** Whether a new version is installed and waits for this page to let it take over. */
export function useUpdateReady(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    () => waiting !== null,
  );
}
