/**
 * Where the e2e harness and the browser benchmarks find things: the repo,
 * how to launch Chromium (which one: scripts/chromium.ts), the renderer
 * build, and whether Electron can run here.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The e2e build of the web renderer: its own folder, so a concurrent `npm run build:web` cannot pull files from under a running test. */
export const webDist = join(repoRoot, 'e2e/artifacts/web');
export const electronMain = join(repoRoot, 'out/main/main.js');

/**
 * The Electron executable, or null when it is not installed. Reads the
 * package's path.txt instead of `require('electron')`, which throws when
 * the binary is missing.
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

/** Arguments for any Chromium the tests drive (Debian's wrapper, Playwright's, Chrome). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/**
 * Builds the web renderer into `outDir` (vite). Throws when the build fails. BPS_BENCH_UNMINIFIED=1
 * builds it unminified, so a bench's profile (BPS_BENCH_PROFILE=1) names the functions.
 */
export function buildWebRenderer(outDir: string, logLevel: 'warn' | 'error' = 'warn'): void {
  const result = spawnSync(
    process.execPath,
    [
      join(repoRoot, 'node_modules/vite/bin/vite.js'),
      'build',
      '--logLevel',
      logLevel,
      '--outDir',
      outDir,
      '--emptyOutDir',
      ...(process.env.BPS_BENCH_UNMINIFIED === '1' ? ['--minify', 'false'] : []),
    ],
    {
      cwd: repoRoot,
      stdio: 'inherit',
      env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    },
  );
  if (result.status !== 0)
    throw new Error(`the web renderer does not build (vite exited ${result.status})`);
}
