// The phone pages' service worker (docs/decisions/0020). The build fills in the placeholders: where
// the pages live, a version that changes with every build, and the files of that build.
//
// - Installing keeps every file of the build (the shell, scripts, styles, icons) in a cache of its
//   version; the new version waits until the pages of the old one are closed, or until the page's
//   「新版本已就绪」notice asks it to take over.
// - A page opened under the scope gets the shell of this version, network or not: a reload with
//   no network shows our page, and its outboxes (SOS, checklists, 随手拍) go on sending.
// - Files of this build come from the cache. Anything else, /api above all, is left to the network
//   untouched: an answer of the API is never kept or replayed here.

const BASE = __BASE__;
const VERSION = __VERSION__;
const PRECACHE = __PRECACHE__;
const CACHE = `anxiao-m-${VERSION}`;
const SHELL = `${BASE}index.html`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      // Past the HTTP cache: a stale copy would be kept for the whole life of this version.
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith('anxiao-m-') && k !== CACHE).map((k) => caches.delete(k)),
        ),
      )
      // The first install takes the open page at once, so it works offline from its first visit.
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') void self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(BASE)) return;
  if (request.mode === 'navigate') {
    event.respondWith(fromCache(SHELL).then((hit) => hit || fetch(request)));
    return;
  }
  const own = url.origin + url.pathname;
  if (!PRECACHE.some((path) => self.location.origin + path === own)) return;
  event.respondWith(fromCache(url.pathname).then((hit) => hit || fetch(request)));
});

function fromCache(path) {
  return caches.open(CACHE).then((cache) => cache.match(path, { ignoreSearch: true, ignoreVary: true }));
}
