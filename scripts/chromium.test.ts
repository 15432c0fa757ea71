import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ensureChromium,
  findChromium,
  INSTALL_HINT,
  type ChromiumSystem,
  ChromiumMissingError,
} from './chromium';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bps-chromium-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** An executable file at `dir/relative` (a stand-in for a browser binary; only its path matters). */
function executable(relative: string): string {
  const path = join(dir, relative);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '#!/bin/sh\necho "Chromium 1.0"\n');
  chmodSync(path, 0o755);
  return path;
}

interface Fake extends ChromiumSystem {
  commands: string[];
  lines: string[];
}

/**
 * A machine with nothing on it: an empty PATH, no Playwright browser, not root.
 * `effects` maps a command line to what running it installs (a path it creates) and its status.
 */
function machine(
  overrides: Partial<ChromiumSystem> = {},
  effects: Record<string, { creates?: string; status: number }> = {},
): Fake {
  const fake: Fake = {
    commands: [],
    lines: [],
    env: { PATH: join(dir, 'empty-bin') },
    playwrightChromium: () => join(dir, 'ms-playwright/chromium-1/chrome-linux64/chrome'),
    isRoot: () => false,
    knownPaths: [],
    run(command, args) {
      const line = [command, ...args].join(' ');
      fake.commands.push(line);
      const effect = Object.entries(effects).find(([key]) => line.endsWith(key))?.[1];
      if (effect?.creates) executable(effect.creates);
      return effect?.status ?? 1;
    },
    log: (line) => fake.lines.push(line),
    ...overrides,
  };
  return fake;
}

describe('findChromium', () => {
  it('prefers BPS_CHROMIUM, then Playwright’s own Chromium, then a system one on PATH', () => {
    const own = executable('ms-playwright/chromium-1/chrome-linux64/chrome');
    const system = executable('bin/chromium');
    const chosen = executable('chosen/chrome');
    const env = { PATH: join(dir, 'bin') };
    expect(findChromium(machine({ env: { ...env, BPS_CHROMIUM: chosen } }))).toEqual({
      path: chosen,
      source: 'BPS_CHROMIUM',
    });
    expect(findChromium(machine({ env }))).toEqual({ path: own, source: 'Playwright' });
    rmSync(own);
    expect(findChromium(machine({ env }))).toEqual({ path: system, source: 'system' });
  });

  it('finds chromium, chromium-browser or Chrome in PATH order, and at known places', () => {
    const chrome = executable('b/google-chrome');
    executable('c/chromium');
    const env = { PATH: [join(dir, 'a'), join(dir, 'b'), join(dir, 'c')].join(':') };
    // A name earlier in the preference list wins over PATH order.
    expect(findChromium(machine({ env }))?.path).toBe(join(dir, 'c/chromium'));
    rmSync(join(dir, 'c/chromium'));
    expect(findChromium(machine({ env }))?.path).toBe(chrome);
    rmSync(chrome);
    const app = executable('Applications/Chromium.app/Contents/MacOS/Chromium');
    expect(findChromium(machine({ env, knownPaths: [app] }))).toEqual({
      path: app,
      source: 'system',
    });
  });

  it('skips files that are not executable, and folders', () => {
    const notExecutable = join(dir, 'bin/chromium');
    mkdirSync(join(dir, 'bin'));
    writeFileSync(notExecutable, 'text');
    mkdirSync(join(dir, 'bin/chromium-browser'));
    expect(findChromium(machine({ env: { PATH: join(dir, 'bin') } }))).toBeNull();
  });

  it('refuses a BPS_CHROMIUM that is not an executable, instead of using another browser', () => {
    executable('bin/chromium');
    const sys = machine({ env: { PATH: join(dir, 'bin'), BPS_CHROMIUM: join(dir, 'nope') } });
    expect(() => findChromium(sys)).toThrow(ChromiumMissingError);
    expect(() => findChromium(sys)).toThrow(/BPS_CHROMIUM=.*nope is not an executable file/);
  });
});

describe('ensureChromium', () => {
  it('uses a browser it finds and installs nothing', () => {
    const system = executable('bin/chromium');
    const sys = machine({ env: { PATH: join(dir, 'bin') } });
    expect(ensureChromium(sys)).toEqual({ path: system, source: 'system' });
    expect(sys.commands).toEqual([]);
  });

  it('downloads Playwright’s Chromium when there is none', () => {
    const sys = machine(
      {},
      {
        'install chromium': {
          creates: 'ms-playwright/chromium-1/chrome-linux64/chrome',
          status: 0,
        },
      },
    );
    expect(ensureChromium(sys).source).toBe('Playwright');
    expect(sys.commands).toHaveLength(1);
    expect(sys.commands[0]).toMatch(/playwright.* install chromium$/);
  });

  it('as root with apt-get, installs Debian’s chromium when the download fails', () => {
    executable('sbin/apt-get');
    const sys = machine(
      { isRoot: () => true, env: { PATH: [join(dir, 'sbin'), join(dir, 'usr-bin')].join(':') } },
      {
        'install --with-deps chromium': { status: 1 },
        'apt-get update': { status: 0 },
        'install -y --no-install-recommends chromium': { creates: 'usr-bin/chromium', status: 0 },
      },
    );
    expect(ensureChromium(sys)).toEqual({ path: join(dir, 'usr-bin/chromium'), source: 'system' });
    expect(sys.commands.map((c) => c.replace(/^.*(playwright|apt-get)/, '$1'))).toEqual([
      expect.stringMatching(/^playwright.* install --with-deps chromium$/),
      'apt-get update',
      'apt-get install -y --no-install-recommends chromium',
    ]);
  });

  it('with no browser, no download and no root, stops with one line saying how to install one', () => {
    executable('bin/apt-get');
    const sys = machine({ env: { PATH: join(dir, 'bin') } }, { 'install chromium': { status: 1 } });
    let error: unknown;
    try {
      ensureChromium(sys);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ChromiumMissingError);
    const message = (error as Error).message;
    expect(message).toBe(INSTALL_HINT);
    expect(message).not.toContain('\n');
    expect(message).toMatch(/npx playwright install chromium/);
    expect(message).toMatch(/apt-get install chromium/);
    expect(message).toMatch(/BPS_CHROMIUM/);
    expect(sys.commands).toHaveLength(1); // no apt-get without root
  });

  it('as root without apt-get, does not try it', () => {
    const sys = machine({ isRoot: () => true }, { chromium: { status: 1 } });
    expect(() => ensureChromium(sys)).toThrow(INSTALL_HINT);
    expect(sys.commands.some((c) => c.includes('apt-get'))).toBe(false);
  });
});

describe('the ensure-chromium script', () => {
  it('prints the one line and exits 1 on a machine without a browser', async () => {
    const { spawnSync } = await import('node:child_process');
    const here = fileURLToPath(new URL('.', import.meta.url));
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const result = spawnSync(
      process.execPath,
      [join(here, '../node_modules/tsx/dist/cli.mjs'), join(here, 'ensure-chromium.ts')],
      {
        encoding: 'utf8',
        env: {
          PATH: empty,
          HOME: dir,
          PLAYWRIGHT_BROWSERS_PATH: join(dir, 'browsers'),
          BPS_CHROMIUM_NO_INSTALL: '1',
        },
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n').at(-1)).toBe(INSTALL_HINT);
  });
});
