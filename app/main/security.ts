/**
 * Window hardening: what the page may not do.
 */
import { shell, type WebContents } from 'electron';

/** Denies navigation, new windows, webviews, permission prompts and permission checks. */
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
  // Checks too (the page asking whether it has a permission, without a prompt): none granted.
  contents.session.setPermissionCheckHandler(() => false);
}
