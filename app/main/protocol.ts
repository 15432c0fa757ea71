/**
 * The renderer is served from a custom, privileged scheme (`app://bundle/…`) rather than
 * `file://`: the page gets an origin of its own (so 'self' in the CSP means the bundle, not
 * every file on the disk), and every request is checked to stay inside the renderer folder.
 * No Electron runtime import here, so a test can run the path check.
 */
import { isAbsolute, relative, resolve } from 'node:path';

export const BUNDLE_SCHEME = 'app';
export const BUNDLE_HOST = 'bundle';
/** The page the window loads. */
export const BUNDLE_INDEX = `${BUNDLE_SCHEME}://${BUNDLE_HOST}/index.html`;

/**
 * The file a bundle URL names inside `root`, or null for any other scheme or host, a path
 * that leaves `root` (`..`, encoded or not, an absolute path), or one that cannot be decoded.
 */
export function bundleFile(url: string, root: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${BUNDLE_SCHEME}:` || parsed.host !== BUNDLE_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  if (path.endsWith('/')) path += 'index.html';
  const base = resolve(root);
  const file = resolve(base, `.${path.startsWith('/') ? '' : '/'}${path}`);
  const inside = relative(base, file);
  if (!inside || inside.startsWith('..') || isAbsolute(inside)) return null;
  return file;
}
