/**
 * The check every IPC handler runs on its sender: only the main frame of our
 * window, showing our own page, may call the host. No Electron runtime import,
 * so a test can run it.
 */
import type { WebContents, WebFrameMain } from 'electron';

/** Where the renderer is loaded from: the dev server's origin, or the built index.html. */
export interface RendererLocation {
  /** `http://localhost:5173` in `electron-vite dev`; undefined when loading the built page. */
  devUrl?: string;
  /** The built page: `app://bundle/index.html` (app/main/protocol.ts). */
  pageUrl: string;
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
  const page = new URL(location.pageUrl);
  return (
    parsed.protocol === page.protocol &&
    parsed.host === page.host &&
    parsed.pathname === page.pathname
  );
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
