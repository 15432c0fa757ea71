/**
 * Where the e2e harness finds things, and whether Electron can run here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The e2e build of the web renderer: its own folder, so a concurrent `npm run build:web` cannot pull files from under a running test. */
export const webDist = join(repoRoot, 'e2e/artifacts/web');
export const electronMain = join(repoRoot, 'out/main/main.js');

/**
 * The Electron executable, or null when it is not installed. Reads the
 * package's path.txt instead of `require('electron')`, which would try to
 * download the binary.
 */
export function electronExecutable(): string | null {
  const pkg = join(repoRoot, 'node_modules/electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const base = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(pkg, 'dist');
  const executable = join(base, relative);
  return existsSync(executable) ? executable : null;
}

export const ELECTRON_MISSING =
  'Electron binary not installed here (its download is blocked); run where it exists';
