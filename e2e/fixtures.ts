/**
 * The `test` every spec imports: `page` is the app, whichever host the
 * project names.
 *
 * - web: starts `app/web/server.ts` for each test (fresh config and work
 *   folders, a free port), reads the printed address with its token, and opens
 *   it in the Chromium scripts/chromium.ts found.
 * - electron: launches the built desktop app through Playwright's `_electron`;
 *   where the Electron binary is missing the test is skipped and says why.
 *
 * `app.workDir` is the folder file pickers start in (the web picker's listing,
 * the desktop's documents folder), so a spec can save there and find the file.
 */
import {
  test as base,
  expect,
  _electron,
  type ElectronApplication,
  type Page,
} from '@playwright/test';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ELECTRON_MISSING, electronExecutable, electronMain, repoRoot } from './paths';
import { startWebServer, stopServer } from './web-host';

export type HostKind = 'web' | 'electron';

export interface HostOptions {
  hostKind: HostKind;
}

export interface AppUnderTest {
  kind: HostKind;
  /** The folder file pickers start in; empty at the start of each test. */
  workDir: string;
  /** Where the app keeps its settings and recent list for this test. */
  configDir: string;
  /** Errors the page logged (console errors, uncaught exceptions), in order. */
  pageErrors: string[];
  /** Desktop only: the Electron application (main process access). */
  electron?: ElectronApplication;
  /**
   * Answers the next native open/save dialog with `path` (null: cancel). Desktop only:
   * the web host has no native dialogs; drive its in-app picker instead.
   */
  answerNextFileDialog(path: string | null): Promise<void>;
  /**
   * Web only: kills the host with `signal` (SIGKILL: no clean-up, as a crash) and starts a new
   * one with the same config and work folders on the same port. Resolves with its address.
   */
  restartWebHost(signal?: NodeJS.Signals): Promise<string>;
}

export const test = base.extend<{ app: AppUnderTest; hostKind: HostKind }, object>({
  hostKind: ['web', { option: true }],

  app: async ({ hostKind }, use, testInfo) => {
    if (hostKind === 'electron') testInfo.skip(!electronExecutable(), ELECTRON_MISSING);
    const root = await mkdtemp(join(tmpdir(), 'bps-e2e-'));
    const workDir = join(root, 'files');
    const configDir = join(root, 'config');
    await mkdir(workDir);
    await mkdir(configDir);
    const app: AppUnderTest = {
      kind: hostKind,
      workDir,
      configDir,
      pageErrors: [],
      async restartWebHost() {
        throw new Error(
          'Only the web host can be restarted by a test (and only once its page is open).',
        );
      },
      async answerNextFileDialog(path) {
        if (!app.electron) throw new Error('Only the desktop host has native file dialogs.');
        await app.electron.evaluate(({ dialog }, answer) => {
          const open = dialog.showOpenDialog;
          const save = dialog.showSaveDialog;
          const restore = () => {
            dialog.showOpenDialog = open;
            dialog.showSaveDialog = save;
          };
          dialog.showOpenDialog = (async () => {
            restore();
            return { canceled: answer === null, filePaths: answer ? [answer] : [] };
          }) as typeof dialog.showOpenDialog;
          dialog.showSaveDialog = (async () => {
            restore();
            return { canceled: answer === null, filePath: answer ?? '' };
          }) as typeof dialog.showSaveDialog;
        }, path);
      },
    };
    await use(app);
    await rm(root, { recursive: true, force: true });
  },

  page: async ({ app, page }, use, testInfo) => {
    const watch = (target: Page) => {
      target.on('console', (message) => {
        if (message.type() === 'error') app.pageErrors.push(message.text());
      });
      target.on('pageerror', (error) => app.pageErrors.push(String(error)));
    };
    if (app.kind === 'web') {
      watch(page);
      let server = await startWebServer(app.workDir, app.configDir);
      let log = '';
      app.restartWebHost = async (signal = 'SIGKILL') => {
        const { child } = server;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill(signal);
        await exited;
        log += server.output() + `\n--- killed with ${signal}, restarted ---\n`;
        server = await startWebServer(app.workDir, app.configDir, {
          port: Number(new URL(server.url).port),
        });
        return server.url;
      };
      try {
        await page.goto(server.url);
        await use(page);
      } finally {
        await stopServer(server.child);
        if (testInfo.status !== testInfo.expectedStatus) {
          await testInfo.attach('web-server.log', {
            body: log + server.output(),
            contentType: 'text/plain',
          });
        }
      }
      return;
    }

    const electron = await _electron.launch({
      executablePath: electronExecutable() ?? undefined,
      args: [electronMain, ...(process.env.CI ? ['--no-sandbox'] : [])],
      cwd: repoRoot,
      env: {
        ...process.env,
        BPS_CONFIG_DIR: app.configDir,
        BPS_WORK_DIR: app.workDir,
        ELECTRON_DISABLE_SECURITY_WARNINGS: '1',
      },
    });
    app.electron = electron;
    try {
      const window: Page = await electron.firstWindow();
      watch(window);
      await window.setViewportSize({ width: 1280, height: 800 });
      await window.waitForLoadState('domcontentloaded');
      await use(window);
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('electron-window.png', {
          body: await window.screenshot(),
          contentType: 'image/png',
        });
      }
    } finally {
      // Close without the unsaved-changes question: the test is over.
      await electron.evaluate(({ app: electronApp }) => electronApp.exit(0)).catch(() => undefined);
      await electron.close().catch(() => undefined);
    }
  },
});

export { expect };
