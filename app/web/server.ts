/**
 * `npm run web`: serves the built renderer (dist/web) with the app's services
 * on 127.0.0.1, guarded by a random token, and prints the address. The token and the
 * port are kept across restarts (app/web/restart.ts).
 *
 *   tsx app/web/server.ts [--port N] [--dir FOLDER] [--config-dir FOLDER] [--static FOLDER] [--no-open]
 *
 * --port defaults to the last run's port when it is free, else any free port;
 * --dir is the folder the file picker starts in (default: the current folder);
 * --config-dir (or BPS_CONFIG_DIR) holds the recent list, recovery copies of unsaved documents
 * and the access token, kept across restarts (default ~/.config/backprop-studio).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createServices, defaultConfigDir } from '../services';
import { createWebServer, type WebServer } from './app-server';
import { lastPort, loadOrCreateToken, rememberPort } from './restart';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function openBrowser(url: string): void {
  const command =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(command, [url], { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined); // no opener installed: the printed address is enough
    child.unref();
  } catch {
    // ignore: the address is printed
  }
}

function canOpenBrowser(): boolean {
  if (process.env.CI) return false;
  if (process.platform === 'linux')
    return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  return true;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      dir: { type: 'string' },
      'config-dir': { type: 'string' },
      static: { type: 'string' },
      'no-open': { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a port number, got "${values.port}".`);
  }
  const staticDir = resolve(values.static ?? join(repoRoot, 'dist/web'));
  if (!existsSync(join(staticDir, 'index.html'))) {
    throw new Error(`No built renderer in ${staticDir}: run "npm run build:web" first.`);
  }
  const configDir = resolve(values['config-dir'] ?? defaultConfigDir());
  const services = createServices({
    configDir,
    workDir: resolve(values.dir ?? process.env.BPS_WORK_DIR ?? process.cwd()),
    modelFilesOnly: true,
  });
  // Kept across restarts (config folder, mode 0600): open tabs reconnect and keep their documents.
  const { token } = await loadOrCreateToken(configDir);
  // Without --port, the last run's port first: open tabs find their host again at their address.
  const previous = values.port === undefined ? await lastPort(configDir) : null;
  let server: WebServer | undefined;
  if (previous) {
    server = await createWebServer({ services, staticDir, token, port: previous }).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'EADDRINUSE' || error.code === 'EACCES') return undefined;
        throw error;
      },
    );
  }
  server ??= await createWebServer({ services, staticDir, token, port });
  await rememberPort(configDir, server.port).catch(() => undefined);

  console.log(`Backprop Studio (web) is running at ${server.url}`);
  console.log('Open that address in a browser. Press Ctrl+C to stop.');
  if (!values['no-open'] && canOpenBrowser()) openBrowser(server.url);

  const stop = () => {
    void server
      .close()
      .then(() => services.dispose())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
