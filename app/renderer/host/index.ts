/**
 * `getHost()`: the one Host the renderer talks to. On the desktop the preload
 * exposes it as `window.host`; in a browser it is the client of the local
 * server (`npm run web`).
 */
import type { Host } from '../../shared/host';
import { createWebHost } from './web';

declare global {
  interface Window {
    /** Exposed by the Electron preload (app/main/preload.ts); absent in a browser. */
    host?: Host;
  }
}

let host: Host | undefined;

export function getHost(): Host {
  host ??= window.host ?? createWebHost();
  return host;
}

export type { Host } from '../../shared/host';
