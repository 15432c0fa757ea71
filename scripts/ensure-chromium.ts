/**
 * `npm run test:e2e` runs this before Playwright: finds the Chromium the
 * end-to-end tests drive, or installs one (scripts/chromium.ts). Exits 1 with
 * one line saying how to install a browser when it cannot.
 */
import { ChromiumMissingError, ensureChromium } from './chromium';

try {
  const { path, source } = ensureChromium();
  console.log(`Chromium for the end-to-end tests: ${path} (${source})`);
} catch (error) {
  if (!(error instanceof ChromiumMissingError)) throw error;
  console.error(error.message);
  process.exit(1);
}
