/**
 * Builds once before the tests: the web renderer (e2e/artifacts/web) for the web
 * project, and the desktop app (out/) when Electron can run here. Set
 * BPS_E2E_SKIP_BUILD=1 to reuse existing builds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FullConfig } from '@playwright/test';
import { buildWebRenderer, ELECTRON_MISSING, electronExecutable, repoRoot, webDist } from './paths';

function run(bin: string, args: string[]): void {
  const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules', bin), ...args], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed (${result.status}).`);
}

export default function globalSetup(config: FullConfig): void {
  const projects = new Set(config.projects.map((p) => p.name));
  const skip = process.env.BPS_E2E_SKIP_BUILD === '1';
  if (projects.has('web') && !(skip && existsSync(join(webDist, 'index.html')))) {
    buildWebRenderer(webDist);
  }
  if (projects.has('electron') && !electronExecutable()) {
    console.log(`electron project: every test skips (${ELECTRON_MISSING}).`);
  }
  if (projects.has('electron') && electronExecutable() && !skip) {
    run('electron-vite/bin/electron-vite.js', ['build', '--logLevel', 'warn']);
  }
}
