/**
 * Which Chromium the end-to-end tests and the browser benchmarks drive, and
 * getting one onto a machine that has none. In order of preference:
 *
 * 1. `BPS_CHROMIUM`, when set (it must be an executable: no silent fallback);
 * 2. Playwright's own Chromium, where `npx playwright install chromium` put it;
 * 3. a system Chromium or Chrome on PATH (`chromium`, `chromium-browser`,
 *    `google-chrome-stable`, `google-chrome`, `chrome`), or in its usual place
 *    on macOS.
 *
 * `ensureChromium` (scripts/ensure-chromium.ts, run by `npm run test:e2e`
 * before Playwright) installs one when none is found: Playwright's download
 * first; where that fails and apt-get is usable as root, Debian's `chromium`;
 * otherwise it stops with one line saying how to install a browser.
 * `BPS_CHROMIUM_NO_INSTALL=1` makes it only look.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';

export type ChromiumSource = 'BPS_CHROMIUM' | 'Playwright' | 'system';

export interface FoundChromium {
  path: string;
  source: ChromiumSource;
}

/** What the search and the installers touch, so that tests can stand in for a machine. */
export interface ChromiumSystem {
  env: Record<string, string | undefined>;
  /** Where Playwright keeps (or would keep) its Chromium; whether it exists is checked here. */
  playwrightChromium(): string;
  isRoot(): boolean;
  /** Absolute paths to try after PATH (apps outside PATH, as on macOS). */
  knownPaths: string[];
  /** Runs a command with the output shown; returns its exit status. */
  run(command: string, args: string[], env?: Record<string, string>): number;
  log(line: string): void;
}

/** The one line printed when there is no browser and none could be installed. */
export const INSTALL_HINT =
  'No Chromium for the end-to-end tests: run `npx playwright install chromium` ' +
  '(or `sudo apt-get install chromium` on Debian, or install Google Chrome), ' +
  'or set BPS_CHROMIUM to a Chromium or Chrome executable.';

/** There is no usable browser; the message says what to do, in one line. */
export class ChromiumMissingError extends Error {
  override name = 'ChromiumMissingError';
}

/** Names of a system Chromium or Chrome on PATH, most preferred first. */
const SYSTEM_NAMES = [
  'chromium',
  'chromium-browser',
  'google-chrome-stable',
  'google-chrome',
  'chrome',
];

const MAC_APPS = [
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable `name` in the folders of PATH, or null. */
export function onPath(name: string, env: ChromiumSystem['env']): string | null {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutableFile(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** The browser to use, or null when there is none. Throws for a BPS_CHROMIUM that is not one. */
export function findChromium(sys: ChromiumSystem = realSystem()): FoundChromium | null {
  const chosen = sys.env.BPS_CHROMIUM;
  if (chosen) {
    if (isExecutableFile(chosen)) return { path: chosen, source: 'BPS_CHROMIUM' };
    throw new ChromiumMissingError(
      `BPS_CHROMIUM=${chosen} is not an executable file: point it at a Chromium or Chrome executable, or unset it.`,
    );
  }
  const own = sys.playwrightChromium();
  if (isExecutableFile(own)) return { path: own, source: 'Playwright' };
  for (const name of SYSTEM_NAMES) {
    const path = onPath(name, sys.env);
    if (path) return { path, source: 'system' };
  }
  const known = sys.knownPaths.find(isExecutableFile);
  return known ? { path: known, source: 'system' } : null;
}

/**
 * The browser to use, installing one when there is none (see the top of the
 * file). Throws ChromiumMissingError with INSTALL_HINT when that fails.
 */
export function ensureChromium(sys: ChromiumSystem = realSystem()): FoundChromium {
  const found = findChromium(sys);
  if (found) return found;
  if (sys.env.BPS_CHROMIUM_NO_INSTALL === '1') throw new ChromiumMissingError(INSTALL_HINT);

  // As root, Playwright can also install the libraries its Chromium needs.
  const apt = sys.isRoot() ? onPath('apt-get', sys.env) : null;
  sys.log('No Chromium found: downloading Playwright’s (npx playwright install chromium).');
  const playwright = [playwrightCli(), 'install', ...(apt ? ['--with-deps'] : []), 'chromium'];
  if (sys.run(process.execPath, playwright) === 0) {
    const downloaded = findChromium(sys);
    if (downloaded) return downloaded;
  }

  if (apt) {
    sys.log('Playwright’s download failed: installing Debian’s chromium with apt-get.');
    const quiet = { DEBIAN_FRONTEND: 'noninteractive' };
    if (
      sys.run(apt, ['update'], quiet) === 0 &&
      sys.run(apt, ['install', '-y', '--no-install-recommends', 'chromium'], quiet) === 0
    ) {
      const installed = findChromium(sys);
      if (installed) return installed;
    }
  }
  throw new ChromiumMissingError(INSTALL_HINT);
}

/**
 * The browser for a test run or a benchmark that must not install anything
 * itself (the Playwright config: `npm run test:e2e` ensured one before).
 * Throws ChromiumMissingError with the one line when there is none.
 */
export function requireChromium(sys: ChromiumSystem = realSystem()): FoundChromium {
  const found = findChromium(sys);
  if (!found) throw new ChromiumMissingError(INSTALL_HINT);
  return found;
}

const require = createRequire(import.meta.url);

/** Playwright's command line, from the installed @playwright/test. */
function playwrightCli(): string {
  return require.resolve('@playwright/test/cli');
}

/** This machine. */
export function realSystem(): ChromiumSystem {
  return {
    env: process.env,
    playwrightChromium() {
      const { chromium } = require('@playwright/test') as typeof import('@playwright/test');
      return chromium.executablePath();
    },
    isRoot: () => process.getuid?.() === 0,
    knownPaths: process.platform === 'darwin' ? MAC_APPS : [],
    run(command, args, env) {
      const result = spawnSync(command, args, {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, ...env },
      });
      return result.status ?? 1;
    },
    log: (line) => console.error(line),
  };
}
