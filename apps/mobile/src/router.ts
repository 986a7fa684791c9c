import { useMemo, useSyncExternalStore } from 'react';

/**
 * The screen named in the address hash. Hash routes, so the server serves one page under /m/ and
 * printed QR codes (/m/#/report?place=…) and private links (/m/#/r/<token>) keep working whatever
 * the server's own routing does.
 */
export type Route =
  | { name: 'home' }
  | { name: 'sos' }
  | { name: 'profile' }
  | { name: 'password' }
  /** the request form; `placeId` from a QR code posted at the place */
  | { name: 'report'; placeId: string | null }
  | { name: 'requests' }
  /** one of my requests, signed in */
  | { name: 'request'; id: string }
  /** a request by its private link: no sign-in needed */
  | { name: 'track'; token: string }
  /** 今日任务: the tasks of the grids I hold */
  | { name: 'tasks' }
  /** one task: its checklist, or what was recorded */
  | { name: 'task'; id: string }
  /** 随手拍 from a QR code posted at the place: no sign-in needed */
  | { name: 'snap'; placeId: string | null }
  /** 警情: the open alarms of a guard, the grid centre, the police; rings for a new one */
  | { name: 'alarms' }
  /** 消息: my notifications */
  | { name: 'inbox' }
  /** a warning sent to me, with 确认收到 */
  | { name: 'warning'; id: string };

export type RouteName = Route['name'];

const PLAIN = [
  'home',
  'sos',
  'profile',
  'password',
  'report',
  'requests',
  'tasks',
  'alarms',
  'inbox',
] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOKEN = /^[A-Za-z0-9_-]{8,64}$/;

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The route an address hash names (`#/report?place=…`, `#/r/<token>`); home for anything unknown. */
export function parseRoute(hash: string): Route {
  const body = hash.replace(/^#?\/?/, '');
  const q = body.indexOf('?');
  const path = (q < 0 ? body : body.slice(0, q)).replace(/\/+$/, '');
  const query = new URLSearchParams(q < 0 ? '' : body.slice(q + 1));
  const [first = '', second, ...rest] = path.split('/').map(safeDecode);

  if ((first === 'report' || first === 'snap') && second === undefined) {
    const place = query.get('place')?.trim() ?? '';
    return { name: first, placeId: UUID.test(place) ? place.toLowerCase() : null };
  }
  if (first === 'requests' && second !== undefined && rest.length === 0)
    return UUID.test(second) ? { name: 'request', id: second.toLowerCase() } : { name: 'requests' };
  if (first === 'tasks' && second !== undefined && rest.length === 0)
    return UUID.test(second) ? { name: 'task', id: second.toLowerCase() } : { name: 'tasks' };
  if (first === 'warnings' && second !== undefined && rest.length === 0 && UUID.test(second))
    return { name: 'warning', id: second.toLowerCase() };
  if (first === 'r' && second !== undefined && rest.length === 0 && TOKEN.test(second))
    return { name: 'track', token: second };
  if (second === undefined) {
    const plain = PLAIN.find((name) => name === first);
    if (plain && plain !== 'report') return { name: plain };
  }
  return { name: 'home' };
}

/** The hash that shows `route`. */
export function routeHash(route: Route): string {
  switch (route.name) {
    case 'home':
      return '#/';
    case 'report':
    case 'snap':
      return route.placeId ? `#/${route.name}?place=${route.placeId}` : `#/${route.name}`;
    case 'task':
      return `#/tasks/${route.id}`;
    case 'request':
      return `#/requests/${route.id}`;
    case 'track':
      return `#/r/${route.token}`;
    case 'warning':
      return `#/warnings/${route.id}`;
    case 'sos':
    case 'profile':
    case 'password':
    case 'requests':
    case 'tasks':
    case 'alarms':
    case 'inbox':
      return `#/${route.name}`;
  }
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const currentHash = () => location.hash;

/** The screen named in the address hash; the phone's back button walks the history. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, currentHash);
  return useMemo(() => parseRoute(hash), [hash]);
}

/** Show a screen that takes no parameter (`go('sos')`), or any route. */
export function go(
  route: Exclude<RouteName, 'report' | 'request' | 'track' | 'task' | 'snap' | 'warning'> | Route,
): void {
  location.hash = routeHash(typeof route === 'string' ? { name: route } : route);
}

/** Back to where the user came from; home when this page was opened straight from a link. */
export function goBack(): void {
  if (history.length > 1) history.back();
  else go('home');
}

/** The private follow-up link of a request, as the reporter keeps it (`<origin>/m/#/r/<token>`). */
export function trackLink(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, '')}/m/#/r/${token}`;
}
