import type { Plugin } from 'vite';

/** The web app manifest, icons and service worker of the phone pages (docs/decisions/0020). */
export function phoneApp(): Plugin;
