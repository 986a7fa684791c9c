import { useSyncExternalStore } from 'react';

const ROUTES = ['home', 'sos', 'profile', 'password'] as const;
export type Route = (typeof ROUTES)[number];

function currentRoute(): Route {
  const name = location.hash.replace(/^#\/?/, '');
  return ROUTES.find((route) => route === name) ?? 'home';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The screen named in the address hash (#/profile); the phone's back button walks the history. */
export function useRoute(): Route {
  return useSyncExternalStore(subscribe, currentRoute);
}

export function go(route: Route): void {
  location.hash = route === 'home' ? '#/' : `#/${route}`;
}
