/**
 * End-to-end tests: the same specs run against the browser host (in the
 * Chromium scripts/chromium.ts finds; `npm run test:e2e` installs one first
 * where there is none) and the desktop host (Electron, where its binary exists). The
 * fixtures in e2e/fixtures.ts start the right host; e2e/global-setup.ts builds
 * what they need once.
 */
import { defineConfig } from '@playwright/test';
import type { HostOptions } from './e2e/fixtures';
import { CHROMIUM_ARGS } from './e2e/paths';
import { requireChromium } from './scripts/chromium';

export default defineConfig<HostOptions>({
  testDir: 'e2e',
  outputDir: 'e2e/artifacts/results',
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI
    ? [['list'], ['html', { outputFolder: 'e2e/artifacts/report', open: 'never' }]]
    : [['list']],
  use: {
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: requireChromium().path,
      args: CHROMIUM_ARGS,
    },
  },
  projects: [
    { name: 'web', use: { hostKind: 'web' } },
    { name: 'electron', use: { hostKind: 'electron' } },
  ],
});
