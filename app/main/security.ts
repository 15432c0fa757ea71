/**
 * Window hardening and the sender check every IPC handler runs.
 */
import { shell, type WebContents, type WebFrameMain } from 'electron';

/** Where the renderer is loaded from: the dev server's origin, or the built index.html. */
export interface RendererLocation {
  /** `http://localhost:5173` in `electron-vite dev`; undefined when loading the built file. */
  devUrl?: string;
  /** `file:///…/out/renderer/index.html` when built. */
  fileUrl: string;
}

/** True when a URL is our renderer page (any hash or query). */
export function isRendererUrl(url: string, location: RendererLocation): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (location.devUrl) return parsed.origin === new URL(location.devUrl).origin;
  return parsed.protocol === 'file:' && parsed.pathname === new URL(location.fileUrl).pathname;
}

/** Only the main frame of our own window, showing our page, may call the host. */
export function isTrustedSender(
  frame: WebFrameMain | null,
  contents: WebContents | undefined,
  location: RendererLocation,
): boolean {
  if (!frame || !contents || contents.isDestroyed()) return false;
  if (frame !== contents.mainFrame) return false;
  return isRendererUrl(frame.url, location);
}

/** Denies navigation, new windows, webviews and permission prompts. */
export function hardenContents(contents: WebContents): void {
  // The app is one page: nothing may navigate it away (a dropped file, a link, a script).
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Links to the web (documentation) open in the system browser, never in the app.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
}
